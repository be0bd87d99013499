"""Reads of evidence for the pages, the API and the exports. One filter serves all three."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from thidua.core.roles import Action
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
from thidua.organizations.models import Unit

# kind of record → (model, date field used for the year filter, path to the unit)
KINDS: dict[str, tuple[type, str, str]] = {
    "activities": (Activity, "held_on", "unit__path"),
    "projects": (WorkProject, "starts_on", "unit__path"),
    "media": (MediaItem, "published_on", "unit__path"),
    "conduct": (ConductRecord, "occurred_on", "member__unit__path"),
    "party": (PartyIntroduction, "introduced_on", "member__unit__path"),
    "discipline": (Discipline, "starts_on", "member__unit__path"),
}


@dataclass(frozen=True)
class EvidenceFilters:
    unit: int | None = None  # the unit whose whole subtree is listed
    year: int | None = None
    kind: str | None = None  # activity kind, media kind, conduct rule or discipline level, by record type
    member: int | None = None

    @classmethod
    def from_query(cls, params) -> "EvidenceFilters":
        def number(name):
            value = params.get(name)
            return int(value) if value and str(value).isdigit() else None

        return cls(unit=number("unit"), year=number("year"), kind=params.get("kind") or None, member=number("member"))


def filter_unit(user, unit_id: int | None) -> Unit | None:
    """The filter's unit, which must be visible (else 404)."""
    if unit_id is None:
        return None
    unit = Unit.objects.visible_to(user).filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    return unit


def evidence_list(user, record: str, filters: EvidenceFilters, action: str = Action.VIEW) -> QuerySet:
    model, date_field, path = KINDS[record]
    qs = model.objects.visible_to(user, action)
    unit = filter_unit(user, filters.unit)
    if unit is not None:
        qs = qs.filter(**{f"{path}__startswith": unit.path})
    if filters.year:
        qs = qs.filter(**{f"{date_field}__year": filters.year})
    if filters.kind:
        field = {"activities": "kind", "media": "kind", "conduct": "rule", "discipline": "level"}.get(record)
        if field:
            qs = qs.filter(**{field: filters.kind})
    if filters.member and record in ("conduct", "party", "discipline"):
        qs = qs.filter(member_id=filters.member)
    if record == "activities":
        qs = qs.annotate(
            invited=Count("attendances"), attended=Count("attendances", filter=Q(attendances__present=True))
        )
    if record in ("conduct", "party", "discipline"):
        return qs.select_related("member", "member__unit").order_by(f"-{date_field}", "-pk")
    return qs.select_related("unit").order_by(f"-{date_field}", "-pk")


def disciplines_in(levels, start: datetime.date, end: datetime.date) -> QuerySet:
    """Disciplinary measures at the given levels decided (taking effect) within the period."""
    return Discipline.objects.filter(level__in=list(levels), starts_on__gte=start, starts_on__lte=end)


@dataclass
class AttendanceRow:
    member: Member
    present: bool | None  # None: not marked yet


def attendance_rows(activity: Activity) -> list[AttendanceRow]:
    """Every active member of the organising unit's subtree, in name order, with their mark (two queries); members
    marked earlier who have since left are listed too."""
    marks = dict(Attendance.objects.filter(activity=activity).values_list("member_id", "present"))
    members = list(Member.objects.active().in_subtree(activity.unit).select_related("unit").in_name_order())
    listed = {m.pk for m in members}
    gone = [pk for pk in marks if pk not in listed]
    if gone:
        members += list(Member.objects.filter(pk__in=gone).select_related("unit").in_name_order())
    return [AttendanceRow(m, marks.get(m.pk)) for m in members]
