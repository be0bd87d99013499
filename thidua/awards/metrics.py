"""Quantities the commendation part measures for movement targets (the ``awards.*`` keys of
thidua/movements/metric_keys.py). Each answers for a set of subtrees and a period with one grouped query.

The period selects achievement years: a record or proposal counts when its ``year`` lies between the years of the
period's start and end (a target for 2025 counts the titles conferred for 2025, whenever the decision was signed).
"""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from thidua.awards.models import AwardRecord, ProposalItem
from thidua.members.choices import MemberStatus
from thidua.members.models import Member
from thidua.metrics.registry import Measure, Metric, MetricRequest, register, roll_up, subtree_q
from thidua.organizations.models import Unit

TITLE_HOLDERS_KEY = "awards.title_holders"
UNITS_TITLED_KEY = "awards.units_titled"
PROPOSALS_KEY = "awards.proposals"


def _years(request: MetricRequest, field: str) -> Q:
    q = Q()
    if request.start is not None:
        q &= Q(**{f"{field}__gte": request.start.year})
    if request.end is not None:
        q &= Q(**{f"{field}__lte": request.end.year})
    return q


def title_holders(request: MetricRequest) -> dict[str, Measure]:
    """Active members holding ``title`` for a year of the period (numerator) out of the active members
    (denominator), both filtered by ``gender`` when given, by the member's unit."""
    records = AwardRecord.objects.filter(_years(request, "year"), member__isnull=False)
    if request.params.get("title"):
        records = records.filter(title_code=str(request.params["title"]))
    members = Member.objects.filter(subtree_q(request.unit_paths, "unit__path"), status=MemberStatus.ACTIVE)
    if request.params.get("gender"):
        members = members.filter(gender=str(request.params["gender"]))
    rows = (members.values("unit__path")
            .annotate(num=Count("pk", filter=Q(pk__in=records.values("member_id"))), den=Count("pk"))
            .values_list("unit__path", "num", "den").order_by())  # fmt: skip
    return roll_up(rows, request.unit_paths)


def units_titled(request: MetricRequest) -> dict[str, Measure]:
    """Open units (of ``unit_kind``) holding the collective ``title`` for a year of the period, out of the open units
    of that kind in the subtree."""
    records = AwardRecord.objects.filter(_years(request, "year"), unit__isnull=False)
    if request.params.get("title"):
        records = records.filter(title_code=str(request.params["title"]))
    units = Unit.objects.filter(subtree_q(request.unit_paths, "path"), closed_on__isnull=True)
    if request.params.get("unit_kind"):
        units = units.filter(kind=str(request.params["unit_kind"]))
    rows = (units.values("path").annotate(num=Count("pk", filter=Q(pk__in=records.values("unit_id"))),
                                          den=Count("pk"))
            .values_list("path", "num", "den").order_by())  # fmt: skip
    return roll_up(rows, request.unit_paths)


def proposals(request: MetricRequest) -> dict[str, Measure]:
    """People proposed (for the award ``form``) by the units of the subtree for a year of the period, counted once
    per item of a proposal that has been sent (drafts do not count); denominator 0."""
    items = ProposalItem.objects.filter(subtree_q(request.unit_paths, "proposal__proposing_unit__path"),
                                        _years(request, "proposal__year"), member__isnull=False,
                                        proposal__submitted_on__isnull=False)  # fmt: skip
    if request.params.get("form"):
        items = items.filter(title_code=str(request.params["form"]))
    rows = (items.values("proposal__proposing_unit__path").annotate(num=Count("pk"))
            .values_list("proposal__proposing_unit__path", "num").order_by())  # fmt: skip
    return roll_up(((path, num, 0) for path, num in rows), request.unit_paths)


def register_metrics() -> None:
    for metric in (
        Metric(TITLE_HOLDERS_KEY, _("Đoàn viên đạt danh hiệu"), title_holders, ("title", "gender"), _("đoàn viên")),
        Metric(UNITS_TITLED_KEY, _("Đơn vị đạt danh hiệu"), units_titled, ("title", "unit_kind"), _("đơn vị")),
        Metric(PROPOSALS_KEY, _("Đề nghị khen thưởng"), proposals, ("form",), _("người")),
    ):
        register(metric)
