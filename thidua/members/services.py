"""Writes to the member registry."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.members.choices import MemberStatus, PositionRole
from thidua.members.models import Member, MemberTransfer, Position
from thidua.organizations.choices import UnitKind
from thidua.organizations.models import Term, Unit

MEMBER_FIELDS = (
    "code",
    "full_name",
    "gender",
    "date_of_birth",
    "union_joined_on",
    "is_party_member",
    "party_joined_on",
    "job_title",
    "unit",
    "email",
    "phone",
)


def _check_member(member: Member) -> None:
    errors: dict[str, str] = {}
    if not member.unit.is_open:
        errors["unit"] = _("Đơn vị «{unit}» đã giải thể.").format(unit=member.unit.name)
    elif member.unit.kind == UnitKind.AGENCY:
        errors["unit"] = _("Đoàn viên phải thuộc một đơn vị công đoàn, không thuộc cơ quan nhà nước.")
    if member.party_joined_on and not member.is_party_member:
        errors["party_joined_on"] = _("Chỉ ghi ngày vào Đảng cho đảng viên.")
    if member.date_of_birth and member.union_joined_on and member.union_joined_on < member.date_of_birth:
        errors["union_joined_on"] = _("Ngày vào công đoàn không thể trước ngày sinh.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def member_create(**fields: Any) -> Member:
    member = Member(**{k: v for k, v in fields.items() if k in MEMBER_FIELDS})
    _validate(member)
    member.save()
    return member


def _validate(member: Member) -> None:
    """Every problem at once, each on its field: field checks, the registry's rules, then database constraints."""
    member.refresh_derived()
    errors: dict = {}
    try:
        member.full_clean(exclude=["user"], validate_constraints=False)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if member.unit_id is not None:
        try:
            _check_member(member)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    if not errors:
        member.validate_constraints()
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def member_update(*, member: Member, **fields: Any) -> Member:
    """Update a member's details. Moving to another unit goes through member_transfer, which keeps history."""
    if "unit" in fields and fields["unit"] is not None and fields["unit"].pk != member.unit_id:
        raise ValidationError({"unit": _("Đổi đơn vị bằng chức năng chuyển sinh hoạt để giữ lịch sử.")})
    for name, value in fields.items():
        if name in MEMBER_FIELDS and name != "unit":
            setattr(member, name, value)
    _validate(member)
    member.save()
    return member


@transaction.atomic
def member_transfer(
    *,
    member: Member,
    transferred_on: datetime.date,
    to_unit: Unit | None = None,
    to_outside: str = "",
    note: str = "",
    by=None,
) -> MemberTransfer:
    """Transfer a member to another unit in the system, or out of it (status becomes "transferred")."""
    member = Member.objects.select_for_update().select_related("unit").get(pk=member.pk)
    if member.status != MemberStatus.ACTIVE:
        raise ValidationError(_("Đoàn viên «{name}» không còn sinh hoạt.").format(name=member.full_name))
    if to_unit is None and not to_outside.strip():
        raise ValidationError({"to_unit": _("Chọn đơn vị chuyển đến, hoặc ghi nơi chuyển đến ngoài hệ thống.")})
    if to_unit is not None and to_unit.pk == member.unit_id:
        raise ValidationError({"to_unit": _("Đoàn viên đã thuộc đơn vị này.")})
    transfer = MemberTransfer.objects.create(
        member=member,
        from_unit=member.unit,
        to_unit=to_unit,
        to_outside=to_outside.strip(),
        transferred_on=transferred_on,
        note=note,
        created_by=by if by is not None and by.is_authenticated else None,
    )
    if to_unit is not None:
        member.unit = to_unit
        _check_member(member)
    else:
        member.status = MemberStatus.TRANSFERRED
    member.status_changed_on = transferred_on
    member.save()
    return transfer


@transaction.atomic
def member_leave(*, member: Member, left_on: datetime.date) -> Member:
    """Record that a member stopped union activity (thôi sinh hoạt)."""
    if member.status != MemberStatus.ACTIVE:
        raise ValidationError(_("Đoàn viên «{name}» không còn sinh hoạt.").format(name=member.full_name))
    member.status = MemberStatus.LEFT
    member.status_changed_on = left_on
    member.save()
    return member


@transaction.atomic
def position_assign(
    *, term: Term, member: Member, role: str, unit: Unit | None = None, starts_on: datetime.date | None = None
) -> Position:
    unit = unit or term.unit
    if not unit.path.startswith(term.unit.path):
        raise ValidationError({"unit": _("Chức danh phải thuộc đơn vị của nhiệm kỳ hoặc đơn vị trực thuộc.")})
    if not member.unit.path.startswith(term.unit.path):
        raise ValidationError({"member": _("Đoàn viên không thuộc đơn vị của nhiệm kỳ.")})
    if role in (PositionRole.GROUP_LEADER, PositionRole.GROUP_DEPUTY) and unit.kind != UnitKind.GROUP:
        raise ValidationError({"unit": _("Tổ trưởng, tổ phó phải gắn với một tổ công đoàn.")})
    if role == PositionRole.CHAIR:
        taken = Position.objects.filter(term=term, unit=unit, role=role, ends_on__isnull=True).exclude(member=member)
        if taken.exists():
            raise ValidationError({"role": _("Nhiệm kỳ này đã có Chủ tịch đương nhiệm.")})
    return Position.objects.create(
        term=term, unit=unit, member=member, role=role, starts_on=starts_on or term.starts_on
    )
