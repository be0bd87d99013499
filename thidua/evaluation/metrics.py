"""Quantities the evaluation measures for movement targets (keys and parameters of thidua/movements/metric_keys.py):
``evaluation.members_rated`` and ``evaluation.units_rated``. Only locked results count (finalised or published
rounds) whose period ends within the requested period. One grouped query per call, rolled up by unit path."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from thidua.evaluation.choices import LOCKED, RATED_LEVELS
from thidua.evaluation.models import Submission, UnitResult
from thidua.evidence.metrics import flag
from thidua.members.choices import MemberStatus
from thidua.members.models import Member
from thidua.metrics.registry import Measure, Metric, MetricRequest, register, roll_up, subtree_q
from thidua.organizations.models import Unit

MEMBERS_RATED_KEY = "evaluation.members_rated"
UNITS_RATED_KEY = "evaluation.units_rated"


def levels_wanted(level, at_least) -> list[str]:
    """The levels a ``level`` / ``at_least`` pair asks for (no level: any of the four)."""
    order = [str(v) for v in RATED_LEVELS]
    if not level:
        return order
    level = str(level)
    if level not in order:
        raise ValueError(f"unknown level {level!r}; use one of {order}")
    return order[: order.index(level) + 1] if flag(at_least) else [level]


def _in_period(request: MetricRequest, prefix: str) -> Q:
    q = Q(**{f"{prefix}round__status__in": list(LOCKED)})
    if request.start is not None:
        q &= Q(**{f"{prefix}round__period_end__gte": request.start})
    if request.end is not None:
        q &= Q(**{f"{prefix}round__period_end__lte": request.end})
    return q


def members_rated(request: MetricRequest) -> dict[str, Measure]:
    """Active members rated at ``level`` (or better, with ``at_least``) in a locked round of the period (numerator),
    out of the active members (denominator); ``gender`` and ``party`` filter both."""
    rated = Submission.objects.filter(_in_period(request, ""), level__in=levels_wanted(
        request.params.get("level"), request.params.get("at_least"))).values("member_id")  # fmt: skip
    members = Member.objects.filter(subtree_q(request.unit_paths, "unit__path"), status=MemberStatus.ACTIVE)
    if request.params.get("gender"):
        members = members.filter(gender=str(request.params["gender"]))
    party = flag(request.params.get("party"))
    if party is not None:
        members = members.filter(is_party_member=party)
    rows = (members.values("unit__path").annotate(num=Count("pk", filter=Q(pk__in=rated)), den=Count("pk"))
            .values_list("unit__path", "num", "den").order_by())  # fmt: skip
    return roll_up(rows, request.unit_paths)


def units_rated(request: MetricRequest) -> dict[str, Measure]:
    """Open units (of ``unit_kind``) rated at ``level`` (or better) in a locked round of the period (numerator), out
    of the open units of that kind (denominator)."""
    units = Unit.objects.filter(subtree_q(request.unit_paths, "path"), closed_on__isnull=True)
    if request.params.get("unit_kind"):
        units = units.filter(kind=str(request.params["unit_kind"]))
    rated = UnitResult.objects.filter(_in_period(request, ""), level__in=levels_wanted(
        request.params.get("level"), request.params.get("at_least"))).values("unit_id")  # fmt: skip
    rows = (units.values("path").annotate(num=Count("pk", filter=Q(pk__in=rated)), den=Count("pk"))
            .values_list("path", "num", "den").order_by())  # fmt: skip
    return roll_up(rows, request.unit_paths)


def register_metrics() -> None:
    register(Metric(MEMBERS_RATED_KEY, _("Đoàn viên được xếp loại"), members_rated,
                    ("level", "at_least", "gender", "party"), _("đoàn viên")))  # fmt: skip
    register(Metric(UNITS_RATED_KEY, _("Đơn vị được xếp loại"), units_rated, ("unit_kind", "level", "at_least"),
                    _("đơn vị")))  # fmt: skip
