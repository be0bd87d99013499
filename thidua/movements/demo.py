"""Demo data: the Hà Nam 2023 movement of seed 000 for "Công đoàn Sở Thông tin và Truyền thông", launched, with a few
registrations, the mid-term review of June 2023 and computed progress. Called by the demo loader after the units and
members exist (``thidua.demo``); running it twice changes nothing."""

import datetime

from django.db import transaction

from thidua.accounts.models import User
from thidua.members.models import Member
from thidua.movements import services
from thidua.movements.models import Movement
from thidua.organizations.choices import UnitKind
from thidua.organizations.models import Unit

TEMPLATE = "hanam-tttt-2023"
UNIT_NAME = "Công đoàn Sở Thông tin và Truyền thông"
PLAN_NUMBER = "01/KH-CĐSTTTT"
# Seed 000 names the chair who launched the movement and a group representative who answered the call.
PLEDGES = {
    "Lê Ngọc Việt": ("cstdcs", "Gương mẫu đi đầu; tham mưu văn bản đúng tiến độ, không để văn bản quá hạn."),
    "Nguyễn Trung Hiếu": ("ldtt", "Tổ Bưu chính - Viễn thông - Công nghệ thông tin, Thanh tra hưởng ứng phong trào: "
                                  "100% văn bản xử lý trên phần mềm, tham gia đầy đủ hoạt động văn nghệ, thể thao."),
    "Trần Thị Hoa Lý": ("cdv_xuat_sac", "Hoàn thành xuất sắc nhiệm vụ; vận động nữ đoàn viên tham gia phong trào."),
}  # fmt: skip


@transaction.atomic
def load_demo() -> Movement | None:
    """Create (once) and return the demo movement; None when the demo units are not loaded."""
    unit = Unit.objects.filter(name=UNIT_NAME, kind=UnitKind.GRASSROOTS, path__isnull=False).order_by("pk").first()
    if unit is None:
        return None
    existing = Movement.objects.filter(unit=unit, template_key=TEMPLATE).first()
    if existing is not None:
        return existing
    chair = User.objects.filter(grants__unit=unit, grants__role="chair").order_by("pk").first()
    movement = services.movement_from_template(key=TEMPLATE, unit=unit, year=2023, by=chair, plan_number=PLAN_NUMBER,
                                               issued_on=datetime.date(2023, 1, 6), launch=True)  # fmt: skip
    members = Member.objects.active().in_subtree(unit).in_name_order()
    for index, member in enumerate(members):
        title, commitments = PLEDGES.get(member.full_name, ("ldtt" if index % 3 else "cdv_xuat_sac", ""))
        if index % 4 == 3 and member.full_name not in PLEDGES:
            continue  # a few have not registered yet: the "chưa đăng ký" list has someone to show
        services.registration_submit(movement=movement, subject="individual", member=member, title_code=title,
                                     commitments=commitments, on=datetime.date(2023, 1, 16), by=chair)  # fmt: skip
    for group in unit.children.filter(kind=UnitKind.GROUP).order_by("name")[:2]:
        services.registration_submit(movement=movement, subject="collective", unit=group, title_code="to_cd_xuat_sac",
                                     on=datetime.date(2023, 1, 18), by=chair)  # fmt: skip
    first = movement.phases.order_by("starts_on").first()
    services.phase_review(phase=first, by=chair, on=datetime.date(2023, 6, 15))
    services.movement_recompute_progress(movement=movement)
    return Movement.objects.get(pk=movement.pk)
