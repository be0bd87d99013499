"""Demo evidence for "Công đoàn Sở Thông tin và Truyền thông" in 2023 (seed 000): a resolution study session, the
Friday clean-up and a sports day with their attendance, a video clip about the movement's launch, a work project for
the union congress, an office-culture violation and positive records, and a member introduced to the Party.
Called by the demo loader after the movements demo; running it twice changes nothing."""

import datetime

from django.db import transaction

from thidua.accounts.models import User
from thidua.evidence import services
from thidua.evidence.models import Activity
from thidua.members.models import Member
from thidua.movements.models import Movement
from thidua.organizations.choices import UnitKind
from thidua.organizations.models import Unit

UNIT_NAME = "Công đoàn Sở Thông tin và Truyền thông"
STUDY_TITLE = "Học tập, quán triệt Nghị quyết Đại hội XIII của Đảng và Nghị quyết các cấp Công đoàn"
D = datetime.date


@transaction.atomic
def load_demo() -> Activity | None:
    unit = Unit.objects.filter(name=UNIT_NAME, kind=UnitKind.GRASSROOTS).order_by("pk").first()
    if unit is None:
        return None
    existing = Activity.objects.filter(unit=unit, title=STUDY_TITLE).first()
    if existing is not None:
        return existing
    movement = Movement.objects.filter(unit=unit, template_key="hanam-tttt-2023").first()
    chair = User.objects.filter(grants__unit=unit, grants__role="chair").order_by("pk").first()
    members = list(Member.objects.active().in_subtree(unit).in_name_order())
    ids = [m.pk for m in members]

    study = services.activity_create(unit=unit, kind="resolution_study", title=STUDY_TITLE, held_on=D(2023, 3, 10),
                                     location="Hội trường Sở", movement=movement, by=chair)  # fmt: skip
    services.attendance_mark(activity=study, present=ids[2:], absent=ids[:2], by=chair)
    friday = services.activity_create(unit=unit, kind="cleaning_friday", title="Vệ sinh cơ quan ngày thứ Sáu",
                                      held_on=D(2023, 4, 14), movement=movement, by=chair)  # fmt: skip
    services.attendance_mark(activity=friday, present=ids[::2] + ids[1::4], absent=ids[3::4], by=chair)
    sports = services.activity_create(unit=unit, kind="sports_arts", held_on=D(2023, 7, 28), movement=movement,
                                      title="Hội thao chào mừng 94 năm ngày thành lập Công đoàn Việt Nam",
                                      by=chair)  # fmt: skip
    services.attendance_mark(activity=sports, present=ids[::3] + ids[1::3], absent=ids[2::3], by=chair)

    services.media_item_create(unit=unit, kind="video", movement=movement, published_on=D(2023, 2, 20),
                               title="Công đoàn Sở Thông tin và Truyền thông phát động phong trào thi đua năm 2023",
                               url="https://stttt.hanam.gov.vn/", publisher="Cổng thông tin Sở TT&TT Hà Nam",
                               authors=members[:1], by=chair)  # fmt: skip
    group = unit.children.filter(kind=UnitKind.GROUP).order_by("name").first()
    participants = [m for m in members if group is not None and m.unit_id == group.pk]
    services.work_project_create(unit=unit, title="Số hóa hồ sơ lưu trữ của Sở", movement=movement,
                                 dedicated_to="Chào mừng Đại hội Công đoàn Sở Thông tin và Truyền thông nhiệm kỳ "
                                 "2023 - 2028", starts_on=D(2023, 3, 1), ends_on=D(2023, 5, 20),
                                 participants=participants, by=chair)  # fmt: skip
    services.conduct_record_create(
        member=members[-1],
        rule="staff_card",
        polarity="violation",
        occurred_on=D(2023, 5, 8),
        note="Không đeo thẻ khi tiếp công dân.",
        by=chair,
    )
    for member in members[:3]:
        services.conduct_record_create(member=member, rule="cleaning_duty", polarity="positive",
                                       occurred_on=D(2023, 4, 14), by=chair)  # fmt: skip
    services.party_introduction_create(member=members[4], introduced_on=D(2023, 9, 15), outcome="admitted",
                                       decided_on=D(2023, 12, 5), by=chair)  # fmt: skip
    return study
