"""Quantities the member registry measures for the rest of the system (see thidua.metrics.registry)."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from thidua.members.choices import MemberStatus
from thidua.members.models import Member
from thidua.metrics.registry import Measure, Metric, MetricRequest, register, roll_up, subtree_q


def active_members(request: MetricRequest) -> dict[str, Measure]:
    """Active members (numerator) out of active members (denominator), optionally filtered by gender and party.

    Parameters: ``gender`` ("male"/"female"), ``party`` (True/False). With a filter, the numerator is the filtered
    count and the denominator all active members, so the ratio is a share ("women among members").
    """
    condition = Q()
    if request.params.get("gender"):
        condition &= Q(gender=request.params["gender"])
    if request.params.get("party") is not None:
        condition &= Q(is_party_member=bool(request.params["party"]))
    rows = (
        Member.objects.filter(subtree_q(request.unit_paths), status=MemberStatus.ACTIVE)
        .values("unit__path")
        .annotate(num=Count("pk", filter=condition) if condition else Count("pk"), den=Count("pk"))
        .values_list("unit__path", "num", "den")
        .order_by()
    )
    return roll_up(rows, request.unit_paths)


def register_metrics() -> None:
    register(
        Metric(
            key="members.active",
            label=_("Đoàn viên đang sinh hoạt"),
            compute=active_members,
            params=("gender", "party"),
            unit_label=_("đoàn viên"),
        )
    )
