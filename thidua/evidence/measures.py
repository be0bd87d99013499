"""The evidence quantities measured for one member at a time, for the criteria an evaluation computes.

The metrics registry answers per subtree of units; a criterion scores a person. For each evidence key this module
gives grouped queries counting each member's records in a period, so that an evaluation fills a criterion for every
member of a round with a fixed number of statements (``UPDATE … FROM (<grouped query>)``), whatever the number of
members.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from thidua.evidence import metrics
from thidua.evidence.choices import discipline_levels_from
from thidua.evidence.models import Attendance, ConductRecord, Discipline, MediaItem, PartyIntroduction, WorkProject


@dataclass(frozen=True)
class MemberCounts:
    """Grouped querysets of (member_id, n) rows: ``numerator`` counts the member's records; ``denominator`` (for a
    share) what they are out of, e.g. the activities the member was invited to (present or absent). A member counted
    in the numerator is always counted in the denominator."""

    numerator: QuerySet
    denominator: QuerySet | None = None


def _grouped(qs: QuerySet) -> QuerySet:
    return qs.values("member_id").annotate(n=Count("pk")).values_list("member_id", "n").order_by()


def _period(field: str, start: datetime.date | None, end: datetime.date | None) -> Q:
    q = Q()
    if start is not None:
        q &= Q(**{f"{field}__gte": start})
    if end is not None:
        q &= Q(**{f"{field}__lte": end})
    return q


def member_counts(key: str, params: dict | None, *, start: datetime.date | None,
                  end: datetime.date | None) -> MemberCounts | None:  # fmt: skip
    """Per-member counts of ``key`` in the period (one grouped query each); None when ``key`` is not an evidence
    quantity that can be counted per member."""
    params = params or {}
    if key == metrics.ATTENDANCE_KEY:
        rows = Attendance.objects.filter(_period("activity__held_on", start, end))
        kinds = metrics.activity_kinds(params.get("kind"))
        if kinds:
            rows = rows.filter(activity__kind__in=kinds)
        return MemberCounts(_grouped(rows.filter(present=True)), _grouped(rows))
    if key == metrics.WORK_PROJECTS_KEY:
        through = WorkProject.participants.through.objects.all()
        if end is not None:
            through = through.filter(workproject__starts_on__lte=end)
        if start is not None:
            through = through.filter(Q(workproject__ends_on__isnull=True, workproject__starts_on__gte=start)
                                     | Q(workproject__ends_on__gte=start))  # fmt: skip
        if params.get("dedicated_to"):
            through = through.filter(workproject__dedicated_to__icontains=str(params["dedicated_to"]))
        return MemberCounts(_grouped(through))
    if key == metrics.MEDIA_KEY:
        through = MediaItem.authors.through.objects.filter(_period("mediaitem__published_on", start, end))
        if params.get("kind"):
            through = through.filter(mediaitem__kind=str(params["kind"]))
        return MemberCounts(_grouped(through))
    if key == metrics.PARTY_KEY:
        rows = PartyIntroduction.objects.filter(_period("introduced_on", start, end))
        if metrics.flag(params.get("admitted")):
            rows = rows.filter(outcome="admitted")
        return MemberCounts(_grouped(rows))
    if key == metrics.CONDUCT_KEY:
        rows = ConductRecord.objects.filter(_period("occurred_on", start, end))
        for param in ("rule", "polarity"):
            if params.get(param):
                rows = rows.filter(**{param: str(params[param])})
        return MemberCounts(_grouped(rows))
    if key == metrics.DISCIPLINED_KEY:
        rows = Discipline.objects.filter(_period("starts_on", start, end))
        if params.get("min_level"):
            rows = rows.filter(level__in=discipline_levels_from(str(params["min_level"])))
        return MemberCounts(_grouped(rows))
    return None


MEASURABLE_KEYS = (metrics.ATTENDANCE_KEY, metrics.WORK_PROJECTS_KEY, metrics.MEDIA_KEY, metrics.PARTY_KEY,
                   metrics.CONDUCT_KEY, metrics.DISCIPLINED_KEY)  # fmt: skip
