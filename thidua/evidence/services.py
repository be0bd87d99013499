"""Writes to the evidence records. Who may write is the caller's check (``Action.RECORD_EVIDENCE`` on the unit, or
``Action.DECIDE`` for discipline); these functions check that the data is right: open union units, members of the
unit's subtree, dates in order, files of an allowed type and size."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.evidence.models import (
    Activity,
    Attendance,
    ConductRecord,
    Discipline,
    MediaItem,
    PartyIntroduction,
    WorkProject,
)
from thidua.members.models import Member
from thidua.organizations.choices import UnitKind
from thidua.organizations.models import Unit

ACTIVITY_FIELDS = ("unit", "kind", "title", "held_on", "location", "movement", "note")
WORK_PROJECT_FIELDS = ("unit", "title", "dedicated_to", "starts_on", "ends_on", "description", "movement")
MEDIA_FIELDS = ("unit", "kind", "title", "url", "published_on", "publisher", "movement")
CONDUCT_FIELDS = ("member", "rule", "polarity", "occurred_on", "note")
PARTY_FIELDS = ("member", "introduced_on", "outcome", "decided_on", "note")
DISCIPLINE_FIELDS = ("member", "level", "decision_number", "starts_on", "ends_on", "reason")


def _user(by):
    return by if by is not None and getattr(by, "is_authenticated", False) else None


def _check_unit(unit: Unit | None, errors: dict) -> None:
    if unit is None:
        return
    if not unit.is_open:
        errors["unit"] = _("Đơn vị «{unit}» đã giải thể.").format(unit=unit.name)
    elif unit.kind == UnitKind.AGENCY:
        errors["unit"] = _("Chọn một đơn vị công đoàn, không chọn cơ quan nhà nước.")


def _check_members_in(unit: Unit, members: Iterable[Member], field: str, errors: dict) -> None:
    outside = [m.full_name for m in members if not m.unit.path.startswith(unit.path)]
    if outside:
        errors[field] = _("Không thuộc đơn vị «{unit}»: {names}.").format(unit=unit.name, names=", ".join(outside))


def _save(obj, fields: dict[str, Any], allowed: tuple[str, ...], *, upload=None, extra_checks=None):
    """Set the fields, validate every problem at once (each on its field), attach the file, save."""
    for name, value in fields.items():
        if name in allowed:
            setattr(obj, name, value)
    errors: dict = {}
    try:
        obj.full_clean(exclude=["file"], validate_constraints=False)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if extra_checks is not None:
        extra_checks(obj, errors)
    if upload is not None and "file" not in errors:
        try:
            obj.attach(upload)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    if not errors:
        try:
            obj.validate_constraints()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    obj.save()
    return obj


def _delete(obj) -> None:
    storage, name = (obj.file.storage, obj.file.name) if getattr(obj, "file", None) else (None, "")
    obj.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


# --- activities and attendance -------------------------------------------------------------------------------------


def _activity_checks(activity: Activity, errors: dict) -> None:
    _check_unit(activity.unit if activity.unit_id else None, errors)
    if activity.movement_id and activity.unit_id and "unit" not in errors:
        from thidua.movements.progress import scope_roots

        if not any(activity.unit.path.startswith(root.path) for root in scope_roots(activity.movement)):
            errors["movement"] = _("Đơn vị «{unit}» không thuộc phạm vi phong trào này.").format(
                unit=activity.unit.name
            )


@transaction.atomic
def activity_create(*, upload=None, by=None, **fields: Any) -> Activity:
    activity = Activity(created_by=_user(by))
    return _save(activity, fields, ACTIVITY_FIELDS, upload=upload, extra_checks=_activity_checks)


@transaction.atomic
def activity_update(*, activity: Activity, upload=None, **fields: Any) -> Activity:
    moving = "unit" in fields and fields["unit"] is not None and fields["unit"].pk != activity.unit_id
    if moving and activity.attendances.exists():
        raise ValidationError({"unit": _("Hoạt động đã điểm danh, không thể chuyển sang đơn vị khác.")})
    return _save(activity, fields, ACTIVITY_FIELDS, upload=upload, extra_checks=_activity_checks)


@transaction.atomic
def activity_delete(*, activity: Activity) -> None:
    _delete(activity)


def invitees(activity: Activity):
    """Who is expected at an activity: the active members of the organising unit's subtree."""
    return Member.objects.active().in_subtree(activity.unit)


@transaction.atomic
def attendance_mark(*, activity: Activity, present: Iterable[int] = (), absent: Iterable[int] = (),
                    by=None) -> tuple[int, int]:  # fmt: skip
    """Mark members present or absent (bulk). Every id must be an active member of the organising unit's subtree
    (else nothing is written). Returns (present, absent) counts written."""
    present, absent = set(present), set(absent)
    both = present & absent
    if both:
        raise ValidationError(_("Một đoàn viên không thể vừa có mặt vừa vắng mặt."))
    wanted = present | absent
    known = set(invitees(activity).filter(pk__in=wanted).values_list("pk", flat=True))
    unknown = wanted - known
    if unknown:
        raise ValidationError(
            _("{n} đoàn viên không thuộc «{unit}» hoặc không còn sinh hoạt (mã số {ids}).").format(
                n=len(unknown), unit=activity.unit.name, ids=", ".join(str(i) for i in sorted(unknown)[:10])
            )
        )
    _upsert_attendance(activity, {pk: pk in present for pk in wanted}, by)
    return len(present), len(absent)


def _upsert_attendance(activity: Activity, marks: dict[int, bool], by) -> None:
    existing = {a.member_id: a for a in activity.attendances.filter(member_id__in=list(marks))}
    now, user = timezone.now(), _user(by)
    changed, created = [], []
    for member_id, is_present in marks.items():
        row = existing.get(member_id)
        if row is None:
            created.append(Attendance(activity=activity, member_id=member_id, present=is_present, marked_by=user,
                                      marked_at=now))  # fmt: skip
        elif row.present != is_present:
            row.present, row.marked_by, row.marked_at = is_present, user, now
            changed.append(row)
    Attendance.objects.bulk_create(created, batch_size=1000)
    Attendance.objects.bulk_update(changed, ["present", "marked_by", "marked_at"], batch_size=1000)


@transaction.atomic
def attendance_set(*, activity: Activity, member: Member, present: bool, by=None) -> Attendance:
    """Mark one member (the htmx check box of the attendance page)."""
    attendance_mark(activity=activity, present=[member.pk] if present else [],
                    absent=[] if present else [member.pk], by=by)  # fmt: skip
    return activity.attendances.get(member=member)


# --- work projects and media ---------------------------------------------------------------------------------------


def _date_order(start_field: str, end_field: str):
    def check(obj, errors: dict) -> None:
        start, end = getattr(obj, start_field), getattr(obj, end_field)
        if start and end and end < start:
            errors[end_field] = _("Ngày kết thúc không thể trước ngày bắt đầu.")

    return check


def _unit_record_checks(extra=None):
    def check(obj, errors: dict) -> None:
        _check_unit(obj.unit if obj.unit_id else None, errors)
        if extra is not None:
            extra(obj, errors)

    return check


def _set_people(obj, relation: str, members: list[Member] | None, errors_field: str) -> None:
    if members is None:
        return
    errors: dict = {}
    _check_members_in(obj.unit, members, errors_field, errors)
    if errors:
        raise ValidationError(errors)
    getattr(obj, relation).set(members)


@transaction.atomic
def work_project_create(*, participants: list[Member] | None = None, upload=None, by=None,
                        **fields: Any) -> WorkProject:  # fmt: skip
    project = _save(WorkProject(created_by=_user(by)), fields, WORK_PROJECT_FIELDS, upload=upload,
                    extra_checks=_unit_record_checks(_date_order("starts_on", "ends_on")))  # fmt: skip
    _set_people(project, "participants", participants, "participants")
    return project


@transaction.atomic
def work_project_update(*, project: WorkProject, participants: list[Member] | None = None, upload=None,
                        **fields: Any) -> WorkProject:  # fmt: skip
    project = _save(project, fields, WORK_PROJECT_FIELDS, upload=upload,
                    extra_checks=_unit_record_checks(_date_order("starts_on", "ends_on")))  # fmt: skip
    _set_people(project, "participants", participants, "participants")
    return project


@transaction.atomic
def work_project_delete(*, project: WorkProject) -> None:
    _delete(project)


@transaction.atomic
def media_item_create(*, authors: list[Member] | None = None, upload=None, by=None, **fields: Any) -> MediaItem:
    item = _save(MediaItem(created_by=_user(by)), fields, MEDIA_FIELDS, upload=upload,
                 extra_checks=_unit_record_checks())  # fmt: skip
    _set_people(item, "authors", authors, "authors")
    return item


@transaction.atomic
def media_item_update(*, item: MediaItem, authors: list[Member] | None = None, upload=None,
                      **fields: Any) -> MediaItem:  # fmt: skip
    item = _save(item, fields, MEDIA_FIELDS, upload=upload, extra_checks=_unit_record_checks())
    _set_people(item, "authors", authors, "authors")
    return item


@transaction.atomic
def media_item_delete(*, item: MediaItem) -> None:
    _delete(item)


# --- records about one member ----------------------------------------------------------------------------------------


def _future(field: str):
    def check(obj, errors: dict) -> None:
        value = getattr(obj, field)
        if value and value > timezone.localdate() + datetime.timedelta(days=1):
            errors[field] = _("Ngày này còn ở tương lai.")

    return check


def _all(*checks):
    def check(obj, errors: dict) -> None:
        for one in checks:
            one(obj, errors)

    return check


@transaction.atomic
def conduct_record_create(*, upload=None, by=None, **fields: Any) -> ConductRecord:
    return _save(ConductRecord(recorded_by=_user(by)), fields, CONDUCT_FIELDS, upload=upload,
                 extra_checks=_future("occurred_on"))  # fmt: skip


@transaction.atomic
def conduct_record_update(*, record: ConductRecord, upload=None, **fields: Any) -> ConductRecord:
    fields.pop("member", None)  # a record stays with its member
    return _save(record, fields, CONDUCT_FIELDS, upload=upload, extra_checks=_future("occurred_on"))


@transaction.atomic
def conduct_record_delete(*, record: ConductRecord) -> None:
    _delete(record)


def _party_checks(intro: PartyIntroduction, errors: dict) -> None:
    _future("introduced_on")(intro, errors)
    if intro.outcome == "pending" and intro.decided_on:
        errors["decided_on"] = _("Chỉ ghi ngày có kết quả khi đã có kết quả.")
    elif intro.outcome != "pending" and not intro.decided_on:
        errors["decided_on"] = _("Ghi ngày có kết quả.")
    elif intro.decided_on and intro.introduced_on and intro.decided_on < intro.introduced_on:
        errors["decided_on"] = _("Ngày có kết quả không thể trước ngày giới thiệu.")


@transaction.atomic
def party_introduction_create(*, by=None, **fields: Any) -> PartyIntroduction:
    return _save(PartyIntroduction(recorded_by=_user(by)), fields, PARTY_FIELDS, extra_checks=_party_checks)


@transaction.atomic
def party_introduction_update(*, introduction: PartyIntroduction, **fields: Any) -> PartyIntroduction:
    fields.pop("member", None)
    return _save(introduction, fields, PARTY_FIELDS, extra_checks=_party_checks)


@transaction.atomic
def party_introduction_delete(*, introduction: PartyIntroduction) -> None:
    introduction.delete()


@transaction.atomic
def discipline_create(*, upload=None, by=None, **fields: Any) -> Discipline:
    return _save(Discipline(recorded_by=_user(by)), fields, DISCIPLINE_FIELDS, upload=upload,
                 extra_checks=_all(_future("starts_on"), _date_order("starts_on", "ends_on")))  # fmt: skip


@transaction.atomic
def discipline_update(*, discipline: Discipline, upload=None, **fields: Any) -> Discipline:
    fields.pop("member", None)
    return _save(discipline, fields, DISCIPLINE_FIELDS, upload=upload,
                 extra_checks=_all(_future("starts_on"), _date_order("starts_on", "ends_on")))  # fmt: skip


@transaction.atomic
def discipline_delete(*, discipline: Discipline) -> None:
    _delete(discipline)
