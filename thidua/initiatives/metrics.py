"""Quantities the initiative records measure for targets (see thidua.metrics.registry). Binding keys:

``initiatives.members_with_initiative``
    numerator: active members who co-authored at least one initiative that satisfies ``status`` by the end of the
    period; denominator: active members. Grouped by the member's unit, so "10–15% of members with an initiative by
    31/8/2023" (seed 001) is ``ratio`` with ``end=2023-08-31``.
``initiatives.count``
    numerator: initiatives (by the unit where they were submitted) that satisfy ``status`` / ``recognised_scope`` in
    the period; denominator: initiatives submitted in the period.

Parameters (both metrics):

- ``status``: ``"submitted"`` (default: submitted, whatever happened next; dated by the first submission),
  ``"recognised"`` (recognised at some level; dated by the recognition decision), or one status value or a list of
  them (the current status; dated by the submission).
- ``recognised_scope``: the narrowest scope that counts ("grassroots", "province_sector" — or "province" —,
  "national"); implies ``status="recognised"``.

Each answers for any number of subtrees with one grouped query, rolled up with ``roll_up``.
"""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from thidua.initiatives.choices import DecisionOutcome, InitiativeStatus
from thidua.initiatives.data import SCOPE_RANK, scope_rank
from thidua.initiatives.models import Initiative, InitiativeAuthor, InitiativeDecision
from thidua.members.choices import MemberStatus
from thidua.members.models import Member
from thidua.metrics.registry import Measure, Metric, MetricRequest, register, roll_up, subtree_q

PARAMS = ("status", "recognised_scope")


def _dated(request: MetricRequest, lookup: str) -> Q:
    q = Q()
    if request.end is not None:
        q &= Q(**{f"{lookup}__lte": request.end})
    if request.start is not None:
        q &= Q(**{f"{lookup}__gte": request.start})
    return q


def qualifying_initiatives(request: MetricRequest):
    """Ids of the initiatives that count for the request's ``status`` / ``recognised_scope`` and period (a subquery)."""
    status = request.params.get("status") or "submitted"
    wanted_scope = request.params.get("recognised_scope")
    if wanted_scope or status == "recognised":
        scopes = [s for s, rank in SCOPE_RANK.items() if rank >= max(scope_rank(wanted_scope), 1)]
        decisions = InitiativeDecision.objects.filter(
            _dated(request, "decided_on"), outcome=DecisionOutcome.RECOGNISED, scope__in=scopes
        )
        return decisions.values("initiative_id")
    qs = Initiative.objects.filter(_dated(request, "submitted_on"), submitted_on__isnull=False)
    if status == "submitted":
        qs = qs.exclude(status=InitiativeStatus.DRAFT)
    else:
        qs = qs.filter(status__in=[status] if isinstance(status, str) else list(status))
    return qs.values("pk")


def members_with_initiative(request: MetricRequest) -> dict[str, Measure]:
    authors = InitiativeAuthor.objects.filter(initiative__in=qualifying_initiatives(request)).values("member_id")
    rows = (
        Member.objects.filter(subtree_q(request.unit_paths, "unit__path"), status=MemberStatus.ACTIVE)
        .values("unit__path")
        .annotate(num=Count("pk", filter=Q(pk__in=authors)), den=Count("pk"))
        .values_list("unit__path", "num", "den")
        .order_by()
    )
    return roll_up(rows, request.unit_paths)


def initiative_count(request: MetricRequest) -> dict[str, Measure]:
    submitted = ~Q(status=InitiativeStatus.DRAFT) & Q(submitted_on__isnull=False) & _dated(request, "submitted_on")
    rows = (
        Initiative.objects.filter(subtree_q(request.unit_paths, "unit__path"))
        .exclude(status=InitiativeStatus.DRAFT)
        .values("unit__path")
        .annotate(num=Count("pk", filter=Q(pk__in=qualifying_initiatives(request))), den=Count("pk", filter=submitted))
        .values_list("unit__path", "num", "den")
        .order_by()
    )
    return roll_up(rows, request.unit_paths)


def register_metrics() -> None:
    register(
        Metric(
            key="initiatives.members_with_initiative",
            label=_("Đoàn viên có sáng kiến"),
            compute=members_with_initiative,
            params=PARAMS,
            unit_label=_("đoàn viên"),
        )
    )
    register(
        Metric(
            key="initiatives.count",
            label=_("Số sáng kiến"),
            compute=initiative_count,
            params=PARAMS,
            unit_label=_("sáng kiến"),
        )
    )
