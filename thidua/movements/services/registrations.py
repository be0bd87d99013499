"""Registration (đăng ký thi đua): members and collectives pledge the titles they aim for, within the window."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.members.choices import MemberStatus
from thidua.members.models import Member
from thidua.movements.choices import RUNNING, Subject
from thidua.movements.models import Movement, Registration
from thidua.movements.progress import scope_roots
from thidua.movements.services.plans import d, today
from thidua.organizations.models import Unit


def available_titles(*, movement: Movement, subject: str, unit: Unit | None = None, on: datetime.date | None = None):
    """The titles of the rule pack in force for the unit on the day (``TitleDef``: code, name, subject…).

    A day before any shipped pack took effect (a 2023 movement, when the national pack starts in 2024) uses the pack
    in force today: the titles' names and codes did not change, and a registration needs some list to choose from.
    """
    from thidua.rules.selectors import RuleMissing, pack_in_force, titles

    on = on or today()
    unit = unit or movement.unit
    try:
        pack = pack_in_force(on=on, unit=unit)
    except RuleMissing:
        on = timezone.localdate()
        try:
            pack = pack_in_force(on=on, unit=unit)
        except RuleMissing:
            return []
    return titles(pack, subject=subject, on=on)


def registration_window_error(movement: Movement, on: datetime.date) -> str | None:
    """Why registering is closed on ``on``, or None when it is open."""
    if movement.status not in RUNNING:
        return _("Phong trào «{title}» không trong thời gian đăng ký (chưa phát động hoặc đã tổng kết).").format(
            title=movement.title
        )
    if movement.registration_opens_on and on < movement.registration_opens_on:
        return _("Đăng ký mở từ ngày {date}.").format(date=d(movement.registration_opens_on))
    if movement.registration_closes_on and on > movement.registration_closes_on:
        return _("Đã hết hạn đăng ký (hạn cuối {date}).").format(date=d(movement.registration_closes_on))
    return None


def in_movement_scope(movement: Movement, unit: Unit) -> bool:
    return any(unit.path.startswith(root.path) for root in scope_roots(movement))


@transaction.atomic
def registration_submit(*, movement: Movement, subject: str, title_code: str, commitments: str = "",
                        member: Member | None = None, unit: Unit | None = None, by=None,
                        on: datetime.date | None = None) -> Registration:  # fmt: skip
    """Register (or change the registration of) a member or a collective. Who may do it is the caller's check;
    this checks the window, that the member or unit belongs to the movement, and that the title exists in the rule
    pack in force for that subject."""
    on = on or today()
    closed = registration_window_error(movement, on)
    if closed:
        raise ValidationError(closed)
    errors: dict[str, str] = {}
    if subject == Subject.INDIVIDUAL:
        if member is None:
            raise ValidationError({"member": _("Chọn đoàn viên đăng ký.")})
        unit = member.unit
        if member.status != MemberStatus.ACTIVE:
            errors["member"] = _("Đoàn viên «{name}» không còn sinh hoạt.").format(name=member.full_name)
    elif subject == Subject.COLLECTIVE:
        if unit is None:
            raise ValidationError({"unit": _("Chọn tập thể đăng ký.")})
        member = None
        if not unit.is_open:
            errors["unit"] = _("Đơn vị «{unit}» đã giải thể.").format(unit=unit.name)
    else:
        raise ValidationError({"subject": _("«Đối tượng» phải là cá nhân hoặc tập thể.")})
    if not in_movement_scope(movement, unit):
        errors.setdefault("member" if member else "unit", _("«{who}» không thuộc phạm vi của phong trào.").format(
            who=member.full_name if member else unit.name))  # fmt: skip
    title = next((t for t in available_titles(movement=movement, subject=subject, unit=unit, on=on)
                  if t.code == title_code), None)  # fmt: skip
    if title is None:
        errors["title_code"] = _(
            "«Danh hiệu đăng ký» «{code}» không có trong bộ quy tắc đang áp dụng cho {subject}."
        ).format(code=title_code, subject=Subject(subject).label.lower())
    elif member is not None and title.only_gender and title.only_gender != member.gender:
        errors["title_code"] = _("Danh hiệu «{title}» chỉ dành cho đoàn viên nữ.").format(title=title.name) \
            if title.only_gender == "female" else _("Danh hiệu «{title}» không áp dụng cho đoàn viên này.").format(
                title=title.name)  # fmt: skip
    if errors:
        raise ValidationError(errors)
    lookup = {"member": member} if member is not None else {"unit": unit, "subject": Subject.COLLECTIVE}
    registration = Registration.objects.select_for_update().filter(movement=movement, **lookup).first()
    if registration is None:
        registration = Registration(movement=movement, subject=subject, member=member, registered_on=on)
    registration.unit = unit
    registration.title_code = title.code
    registration.title_name = title.name
    registration.commitments = (commitments or "").strip()
    registration.registered_by = by if by is not None and by.is_authenticated else None
    registration.save()
    return registration


@transaction.atomic
def registration_withdraw(*, registration: Registration, on: datetime.date | None = None) -> None:
    closed = registration_window_error(registration.movement, on or today())
    if closed:
        raise ValidationError(closed)
    registration.delete()
