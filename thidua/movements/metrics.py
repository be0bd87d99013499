"""Quantities movements measure for the rest of the system (see thidua.metrics.registry and metric_keys)."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from thidua.members.choices import MemberStatus
from thidua.members.models import Member
from thidua.metrics.registry import Measure, Metric, MetricRequest, register, roll_up, subtree_q
from thidua.movements.metric_keys import REGISTERED_KEY
from thidua.movements.models import Movement, Registration


def registered_members(request: MetricRequest) -> dict[str, Measure]:
    """Active members who registered (numerator) out of active members (denominator), per subtree.

    Parameters: ``movement`` (required: a movement id; registrations in the plans that adopted it count too, so an
    upper unit sees its whole subtree), ``gender``. Registrations made after ``request.end`` do not count.
    One grouped query over the members of the subtrees.
    """
    movement_id = request.params.get("movement")
    if movement_id in (None, ""):
        raise ValueError("movements.registered needs the 'movement' parameter")
    chain = Movement.objects.filter(pk=movement_id).values_list("cascade_path", flat=True).first()
    if chain is None:
        return {path: Measure(0, 0) for path in request.unit_paths}
    registrations = Registration.objects.filter(movement__cascade_path__startswith=chain, member__isnull=False)
    if request.end is not None:
        registrations = registrations.filter(registered_on__lte=request.end)
    members = Member.objects.filter(subtree_q(request.unit_paths), status=MemberStatus.ACTIVE)
    if request.params.get("gender"):
        members = members.filter(gender=request.params["gender"])
    rows = (
        members.values("unit__path")
        .annotate(num=Count("pk", filter=Q(pk__in=registrations.values("member_id"))), den=Count("pk"))
        .values_list("unit__path", "num", "den")
        .order_by()
    )
    return roll_up(rows, request.unit_paths)


def register_metrics() -> None:
    register(
        Metric(
            key=REGISTERED_KEY,
            label=_("Đoàn viên đã đăng ký thi đua"),
            compute=registered_members,
            params=("movement", "gender"),
            unit_label=_("đoàn viên"),
        )
    )
