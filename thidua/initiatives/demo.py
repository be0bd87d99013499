"""Demo initiatives in the seed units (the lead's demo loader calls ``load_demo()`` after thidua.demo.data.load()).

Seed 001: the member unions of Công đoàn cơ sở Sở Tài nguyên và Môi trường aim at 10–15% of members with an
initiative by 31/8/2023; the demo gives them initiatives at every step (recognised, under review with the council's
scores, returned, submitted). Công đoàn Sở Thông tin và Truyền thông (seed 000, digital-government indicators) has a
recognised e-signature initiative and a recycled copy of it that the similarity check flags, plus a draft of the demo
member (doanvien.ly). Running it twice changes nothing.
"""

import datetime
from decimal import Decimal

from django.db import transaction

from thidua.initiatives import services
from thidua.initiatives.choices import InitiativeField, RecognitionScope
from thidua.initiatives.models import Initiative
from thidua.members.models import Member
from thidua.organizations.models import Unit

D = datetime.date
TNMT = "Công đoàn cơ sở Sở Tài nguyên và Môi trường"
TTTT = "Công đoàn Sở Thông tin và Truyền thông"
MARKS = {"novelty": 24, "applicability": 26, "effectiveness": 25, "presentation": 8}


def _members(unit: Unit, count: int) -> list[Member]:
    return list(Member.objects.filter(unit__path__startswith=unit.path).order_by("code")[:count])


def _unit(name: str, parent: Unit | None = None) -> Unit | None:
    qs = Unit.objects.filter(name=name)
    if parent is not None:
        qs = qs.filter(path__startswith=parent.path)
    return qs.order_by("pk").first()


def _make(unit, authors, *, submitted=None, **content) -> Initiative:
    initiative = services.initiative_create(unit=unit, authors=authors, **content)
    if submitted:
        initiative = services.initiative_submit(initiative=initiative, on=submitted)
    return initiative


def _recognise(initiative, council, *, on, number) -> Initiative:
    services.initiative_start_review(initiative=initiative, council=council)
    for member in council.members.all():
        services.council_score_record(initiative=initiative, member=member, points=MARKS)
    return services.initiative_recognise(initiative=initiative, scope=RecognitionScope.GRASSROOTS, recognised_on=on,
                                         decision_number=number)  # fmt: skip


@transaction.atomic
def load_demo() -> int:
    """Create the demo initiatives; returns how many (0 when they exist already or the seed units are missing)."""
    tnmt, tttt = _unit(TNMT), _unit(TTTT)
    if tnmt is None or tttt is None or Initiative.objects.filter(unit__path__startswith=tnmt.path).exists():
        return 0
    made = 0
    # -- Quảng Bình, CĐCS Sở Tài nguyên và Môi trường (seed 001) ------------------------------------------------------
    dkdd = _unit("Công đoàn cơ sở thành viên Văn phòng Đăng ký đất đai", tnmt)
    quan_trac = _unit("Công đoàn cơ sở thành viên Trung tâm Quan trắc tài nguyên và môi trường", tnmt)
    van_phong = _unit("Công đoàn cơ sở thành viên Văn phòng Sở", tnmt)
    quy_dat = _unit("Công đoàn cơ sở thành viên Trung tâm Phát triển quỹ đất", tnmt)
    a, b = _members(dkdd, 2)
    c, d = _members(quan_trac, 2)
    e, f = _members(van_phong, 2)
    (g,) = _members(quy_dat, 1)
    council = services.council_create(unit=tnmt, year=2023, name="Hội đồng sáng kiến năm 2023", members=[a, c, e])
    one_stop = _make(dkdd, [(a, Decimal(60)), (b, Decimal(40))], submitted=D(2023, 3, 20),
                     title="Cải tiến quy trình tiếp nhận hồ sơ đăng ký biến động đất đai tại bộ phận một cửa",
                     field=InitiativeField.ADMIN_REFORM,
                     problem="Hồ sơ đăng ký biến động đất đai thường thiếu giấy tờ, người dân phải đi lại nhiều lần; "
                     "hồ sơ chuyển tay giữa các bộ phận nên khó theo dõi tiến độ.",
                     solution="Lập phiếu kiểm tra thành phần hồ sơ cho từng loại thủ tục, niêm yết tại quầy; hướng dẫn "
                     "trước qua điện thoại; chuyển hồ sơ trên hệ thống một cửa điện tử và nhắn tin báo kết quả.",
                     application_scope="Văn phòng Đăng ký đất đai và các chi nhánh", applied_from=D(2023, 1, 2),
                     expected_money=Decimal(18_000_000), expected_hours=Decimal(600),
                     measured_money=Decimal(21_500_000), measured_hours=Decimal(720))  # fmt: skip
    _recognise(one_stop, council, on=D(2023, 6, 15), number="25/QĐ-CĐSTNMT")
    station = _make(quan_trac, [(c, Decimal(50)), (d, Decimal(50))], submitted=D(2023, 5, 4),
                    title="Lắp trạm quan trắc nước mặt tự động truyền số liệu theo thời gian thực",
                    field=InitiativeField.ENVIRONMENT,
                    problem="Số liệu quan trắc nước mặt được ghi tay và tổng hợp cuối tháng nên chậm phát hiện ô "
                    "nhiễm.",
                    solution="Lắp thiết bị đo tự động tại 3 điểm, truyền số liệu về máy chủ của trung tâm và cảnh báo "
                    "qua tin nhắn khi chỉ số vượt ngưỡng.",
                    expected_money=Decimal(40_000_000), expected_hours=Decimal(300))  # fmt: skip
    services.initiative_start_review(initiative=station, council=council)
    services.council_score_record(initiative=station, member=a, points=MARKS)
    documents = _make(van_phong, [(e, Decimal(100))], submitted=D(2023, 8, 10),
                      title="Ứng dụng phần mềm quản lý văn bản trong luân chuyển hồ sơ nội bộ của Văn phòng Sở",
                      field=InitiativeField.DIGITAL,
                      problem="Văn bản nội bộ còn in ra giấy để trình ký và chuyển giữa các phòng.",
                      solution="Xử lý toàn bộ văn bản nội bộ trên phần mềm quản lý văn bản, ký số và theo dõi hạn "
                      "xử lý.",
                      expected_money=Decimal(6_000_000))  # fmt: skip
    services.initiative_return(initiative=documents, reason="Bổ sung số liệu giấy in tiết kiệm được sau 3 tháng.",
                               on=D(2023, 8, 20))  # fmt: skip
    _make(quy_dat, [(g, Decimal(100))], submitted=D(2023, 8, 25), confidential=True,
          title="Số hóa hồ sơ địa chính lưu trữ và tra cứu bằng mã QR", field=InitiativeField.DIGITAL,
          problem="Tra cứu hồ sơ địa chính lưu trữ giấy mất nhiều giờ.",
          solution="Quét hồ sơ, gắn mã QR trên từng bìa hồ sơ và tra cứu bằng điện thoại.",
          expected_hours=Decimal(500))  # fmt: skip
    _make(van_phong, [(f, Decimal(100))], submitted=D(2023, 9, 12),
          title="Phân loại rác thải tại nguồn tại trụ sở Sở", field=InitiativeField.ENVIRONMENT,
          problem="Rác thải tại trụ sở chưa được phân loại.",
          solution="Bố trí thùng rác ba ngăn ở mỗi tầng và hướng dẫn phân loại.")  # fmt: skip
    made += 5
    # -- Hà Nam, Công đoàn Sở Thông tin và Truyền thông (seed 000) ----------------------------------------------------
    people = {m.full_name: m for m in Member.objects.filter(unit__path__startswith=tttt.path)}
    hieu, ly = people.get("Nguyễn Trung Hiếu"), people.get("Trần Thị Hoa Lý")
    hien, viet = people.get("Hoàng Thanh Hiến"), people.get("Lê Ngọc Việt")
    if None in (hieu, ly, hien, viet):
        return made
    others = [m for m in _members(tttt, 12) if m not in (hieu, ly, hien, viet)]
    bcvt = hieu.unit
    council_tttt = services.council_create(unit=tttt, year=2023, name="Hội đồng sáng kiến năm 2023",
                                           members=[hien, ly, viet])  # fmt: skip
    signing = _make(bcvt, [(hieu, Decimal(70)), (ly, Decimal(30))], submitted=D(2023, 4, 3),
                    title="Triển khai ký số và xử lý 100% văn bản đi, đến trên phần mềm quản lý văn bản",
                    field=InitiativeField.DIGITAL,
                    problem="Văn bản đi, đến còn in ra giấy để trình ký; nhiều cán bộ chưa dùng chữ ký số nên văn bản "
                    "chậm được phát hành.",
                    solution="Cấp chữ ký số cho lãnh đạo và văn thư; quy định xử lý toàn bộ văn bản (trừ văn bản mật) "
                    "trên phần mềm quản lý văn bản; tập huấn từng phòng và theo dõi cảnh báo trễ hạn.",
                    expected_money=Decimal(15_000_000), measured_money=Decimal(17_200_000))  # fmt: skip
    _recognise(signing, council_tttt, on=D(2023, 7, 10), number="08/QĐ-CĐSTTTT")
    copy_author = others[0] if others else viet
    _make(copy_author.unit, [(copy_author, Decimal(100))], submitted=D(2023, 9, 5),
          title="Ứng dụng ký số, xử lý văn bản đi đến trên phần mềm quản lý văn bản",
          field=InitiativeField.DIGITAL,
          problem="Van ban di, den con in ra giay de trinh ky; nhieu can bo chua dung chu ky so nen van ban cham "
          "duoc phat hanh.",
          solution="Cap chu ky so cho lanh dao va van thu; quy dinh xu ly toan bo van ban (tru van ban mat) tren "
          "phan mem quan ly van ban; tap huan tung phong va theo doi canh bao tre han.")  # fmt: skip
    _make(ly.unit, [(ly, Decimal(100))], title="Tổ chức sinh hoạt tổ công đoàn theo chuyên đề hằng tháng",
          field=InitiativeField.UNION, problem="Sinh hoạt tổ công đoàn còn hình thức.",
          solution="Mỗi tháng một chuyên đề gắn với nhiệm vụ chuyên môn, đoàn viên luân phiên chuẩn bị.")  # fmt: skip
    return made + 3
