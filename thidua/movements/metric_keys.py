"""The metric keys targets and criteria measure, and the parameters each takes: the contract between movements and
the apps that record the data (see docs/movements.md, "Metric keys").

A key listed here may not be registered yet (its app comes later): a target measuring it shows "chưa có nguồn dữ
liệu" until the app registers it in ``AppConfig.ready`` through ``thidua.metrics.registry.register``. Every metric
answers per requested subtree with a numerator and a denominator (see each entry); a target that declares a
population metric takes that metric's numerator as its denominator instead.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class MetricSpec:
    key: str
    label: str
    params: dict[str, str]  # parameter → what it means and its values
    numerator: str
    denominator: str
    provided_by: str  # the app that registers it


REGISTERED_KEY = "movements.registered"
ACTIVE_MEMBERS_KEY = "members.active"

SPECS: list[MetricSpec] = [
    MetricSpec(
        ACTIVE_MEMBERS_KEY, _("Đoàn viên đang sinh hoạt"),
        {"gender": "male | female", "party": "true | false"},
        "đoàn viên đang sinh hoạt khớp bộ lọc", "mọi đoàn viên đang sinh hoạt", "members",
    ),
    MetricSpec(
        REGISTERED_KEY, _("Đoàn viên đã đăng ký thi đua"),
        {"movement": "id phong trào (mặc định: phong trào của chỉ tiêu, gồm cả các kế hoạch cấp dưới cụ thể hóa nó)",
         "gender": "male | female"},
        "đoàn viên đang sinh hoạt đã đăng ký (đến ngày cuối kỳ)", "đoàn viên đang sinh hoạt", "movements",
    ),
    MetricSpec(
        "evidence.activity_attendance", _("Đoàn viên đã tham gia hoạt động"),
        {"kind": "resolution_study (học tập, quán triệt nghị quyết) | training | sports_arts | cleaning | …"},
        "đoàn viên đang sinh hoạt có mặt ít nhất một buổi trong kỳ", "đoàn viên đang sinh hoạt", "evidence",
    ),
    MetricSpec(
        "evidence.work_projects", _("Công trình, phần việc"),
        {"dedicated_to": "sự kiện chào mừng (tùy chọn)"},
        "số công trình, phần việc đơn vị ghi nhận trong kỳ", "0", "evidence",
    ),
    MetricSpec(
        "evidence.media_items", _("Sản phẩm tuyên truyền"),
        {"kind": "video | article"},
        "số sản phẩm đã đăng tải trong kỳ", "0", "evidence",
    ),
    MetricSpec(
        "evidence.party_introductions", _("Đoàn viên ưu tú giới thiệu cho Đảng"),
        {"admitted": "true: chỉ tính người đã được kết nạp"},
        "số đoàn viên được giới thiệu trong kỳ", "0", "evidence",
    ),
    MetricSpec(
        "evidence.conduct_records", _("Ghi nhận văn hóa công sở"),
        {"rule": "quy định (tùy chọn)", "polarity": "positive (thực hiện tốt) | violation (vi phạm)"},
        "số lượt ghi nhận trong kỳ", "0", "evidence",
    ),
    MetricSpec(
        "evidence.disciplined", _("Đoàn viên bị kỷ luật"),
        {"min_level": "khien_trach | canh_cao | … (từ mức này trở lên)"},
        "đoàn viên đang sinh hoạt bị kỷ luật trong kỳ", "đoàn viên đang sinh hoạt", "evidence",
    ),
    MetricSpec(
        "evaluation.members_rated", _("Đoàn viên được xếp loại"),
        {"level": "HTXS | HTT | HT | KHT", "at_least": "true: mức này trở lên", "gender": "male | female",
         "party": "true | false"},
        "đoàn viên được xếp loại ở mức đó trong kỳ", "đoàn viên đang sinh hoạt (theo bộ lọc giới tính, đảng viên)",
        "evaluation",
    ),
    MetricSpec(
        "evaluation.units_rated", _("Đơn vị được xếp loại"),
        {"unit_kind": "grassroots | member_union | group …", "level": "HTXS | HTT | HT | KHT",
         "at_least": "true: mức này trở lên"},
        "đơn vị thuộc loại đó được xếp loại ở mức đó", "đơn vị thuộc loại đó", "evaluation",
    ),
    MetricSpec(
        "initiatives.members_with_initiative", _("Đoàn viên có sáng kiến"),
        {"status": "submitted (đã gửi) | recognised (được công nhận)"},
        "đoàn viên đang sinh hoạt là tác giả ít nhất một sáng kiến trong kỳ", "đoàn viên đang sinh hoạt",
        "initiatives",
    ),
    MetricSpec(
        "initiatives.count", _("Sáng kiến"),
        {"status": "submitted | recognised"},
        "số sáng kiến trong kỳ", "0", "initiatives",
    ),
    MetricSpec(
        "awards.title_holders", _("Đoàn viên đạt danh hiệu"),
        {"title": "mã danh hiệu trong bộ quy tắc (ví dụ cdv_xuat_sac)", "gender": "male | female"},
        "đoàn viên được công nhận danh hiệu trong kỳ", "đoàn viên đang sinh hoạt (theo giới tính nếu lọc)", "awards",
    ),
    MetricSpec(
        "awards.units_titled", _("Đơn vị đạt danh hiệu"),
        {"title": "mã danh hiệu tập thể (ví dụ cdcs_vung_manh_xuat_sac)", "unit_kind": "loại đơn vị"},
        "đơn vị được công nhận danh hiệu trong kỳ", "đơn vị thuộc loại đó", "awards",
    ),
    MetricSpec(
        "awards.proposals", _("Đề nghị khen thưởng"),
        {"form": "mã hình thức khen thưởng (ví dụ giay_khen_cd_cap_tren)"},
        "số cá nhân được đơn vị đề nghị trong kỳ", "0", "awards",
    ),
]  # fmt: skip

BY_KEY = {spec.key: spec for spec in SPECS}


def label_of(key: str) -> str:
    """The Vietnamese label of a key: the registered metric's, else the contract's, else the key itself."""
    from thidua.metrics import registry

    try:
        return str(registry.get(key).label)
    except KeyError:
        spec = BY_KEY.get(key)
        return str(spec.label) if spec else key


def is_registered(key: str) -> bool:
    from thidua.metrics import registry

    try:
        registry.get(key)
    except KeyError:
        return False
    return True
