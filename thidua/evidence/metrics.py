"""Quantities the evidence records measure for targets and criteria (see thidua.metrics.registry).

The keys and parameters are the contract of thidua/movements/metric_keys.py. Each function answers for a set of
subtrees (unit paths) and a period with one grouped query, rolled up by path. Two more keys, for deductions and
discipline, are registered here as well: ``evidence.conduct_records`` and ``evidence.disciplined``.
"""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from thidua.evidence.choices import ACTIVITY_KIND_ALIASES, discipline_levels_from
from thidua.evidence.models import (
    Activity,
    Attendance,
    ConductRecord,
    Discipline,
    MediaItem,
    PartyIntroduction,
    WorkProject,
)
from thidua.members.choices import MemberStatus
from thidua.members.models import Member
from thidua.metrics.registry import Measure, Metric, MetricRequest, register, roll_up, subtree_q

ATTENDANCE_KEY = "evidence.activity_attendance"
WORK_PROJECTS_KEY = "evidence.work_projects"
MEDIA_KEY = "evidence.media_items"
PARTY_KEY = "evidence.party_introductions"
CONDUCT_KEY = "evidence.conduct_records"
DISCIPLINED_KEY = "evidence.disciplined"


def flag(value) -> bool | None:
    """A boolean parameter from JSON or a query string ("true", "1"…); None when not given."""
    if value in (None, ""):
        return None
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "co", "có"}
    return bool(value)


def activity_kinds(value) -> list[str]:
    """The ``kind`` parameter as a list of activity kinds (one kind, a list, or nothing = every kind)."""
    if value in (None, "", []):
        return []
    values = value if isinstance(value, list | tuple) else [value]
    return [ACTIVITY_KIND_ALIASES.get(str(v), str(v)) for v in values]


def in_period(request: MetricRequest, field: str) -> Q:
    q = Q()
    if request.start is not None:
        q &= Q(**{f"{field}__gte": request.start})
    if request.end is not None:
        q &= Q(**{f"{field}__lte": request.end})
    return q


def activity_attendance(request: MetricRequest) -> dict[str, Measure]:
    """Active members present at least once at an activity (of ``kind``) in the period (numerator), out of the
    active members (denominator), by the member's unit."""
    activities = Activity.objects.filter(in_period(request, "held_on"))
    kinds = activity_kinds(request.params.get("kind"))
    if kinds:
        activities = activities.filter(kind__in=kinds)
    attended = Attendance.objects.filter(present=True, activity__in=activities).values("member_id")
    rows = (
        Member.objects.filter(subtree_q(request.unit_paths, "unit__path"), status=MemberStatus.ACTIVE)
        .values("unit__path")
        .annotate(num=Count("pk", filter=Q(pk__in=attended)), den=Count("pk"))
        .values_list("unit__path", "num", "den")
        .order_by()
    )
    return roll_up(rows, request.unit_paths)


def work_projects(request: MetricRequest) -> dict[str, Measure]:
    """Work projects of the units in the subtree under way during the period (denominator 0)."""
    qs = WorkProject.objects.filter(subtree_q(request.unit_paths, "unit__path"))
    if request.end is not None:
        qs = qs.filter(starts_on__lte=request.end)
    if request.start is not None:
        qs = qs.filter(Q(ends_on__isnull=True, starts_on__gte=request.start) | Q(ends_on__gte=request.start))
    if request.params.get("dedicated_to"):
        qs = qs.filter(dedicated_to__icontains=str(request.params["dedicated_to"]))
    rows = qs.values("unit__path").annotate(num=Count("pk")).values_list("unit__path", "num", "num").order_by()
    return roll_up(((path, num, 0) for path, num, _ in rows), request.unit_paths)


def media_items(request: MetricRequest) -> dict[str, Measure]:
    """Media items (of ``kind``) published during the period (denominator 0)."""
    qs = MediaItem.objects.filter(subtree_q(request.unit_paths, "unit__path"), in_period(request, "published_on"))
    if request.params.get("kind"):
        qs = qs.filter(kind=str(request.params["kind"]))
    rows = qs.values("unit__path").annotate(num=Count("pk")).values_list("unit__path", "num").order_by()
    return roll_up(((path, num, 0) for path, num in rows), request.unit_paths)


def party_introductions(request: MetricRequest) -> dict[str, Measure]:
    """Members introduced to the Party during the period (``admitted``: only those admitted), by member's unit."""
    qs = PartyIntroduction.objects.filter(subtree_q(request.unit_paths, "member__unit__path"),
                                          in_period(request, "introduced_on"))  # fmt: skip
    if flag(request.params.get("admitted")):
        qs = qs.filter(outcome="admitted")
    rows = (qs.values("member__unit__path").annotate(num=Count("member", distinct=True))
            .values_list("member__unit__path", "num").order_by())  # fmt: skip
    return roll_up(((path, num, 0) for path, num in rows), request.unit_paths)


def conduct_records(request: MetricRequest) -> dict[str, Measure]:
    """Office-culture records during the period (of ``rule``, ``polarity``), by member's unit (denominator 0)."""
    qs = ConductRecord.objects.filter(subtree_q(request.unit_paths, "member__unit__path"),
                                      in_period(request, "occurred_on"))  # fmt: skip
    for param in ("rule", "polarity"):
        if request.params.get(param):
            qs = qs.filter(**{param: str(request.params[param])})
    rows = qs.values("member__unit__path").annotate(num=Count("pk")).values_list("member__unit__path", "num")
    return roll_up(((path, num, 0) for path, num in rows.order_by()), request.unit_paths)


def disciplined(request: MetricRequest) -> dict[str, Measure]:
    """Active members disciplined during the period (at ``min_level`` or above) out of the active members."""
    disciplines = Discipline.objects.filter(in_period(request, "starts_on"))
    if request.params.get("min_level"):
        disciplines = disciplines.filter(level__in=discipline_levels_from(str(request.params["min_level"])))
    rows = (
        Member.objects.filter(subtree_q(request.unit_paths, "unit__path"), status=MemberStatus.ACTIVE)
        .values("unit__path")
        .annotate(num=Count("pk", filter=Q(pk__in=disciplines.values("member_id"))), den=Count("pk"))
        .values_list("unit__path", "num", "den")
        .order_by()
    )
    return roll_up(rows, request.unit_paths)


def register_metrics() -> None:
    for metric in (
        Metric(ATTENDANCE_KEY, _("Đoàn viên đã tham gia hoạt động"), activity_attendance, ("kind",), _("đoàn viên")),
        Metric(WORK_PROJECTS_KEY, _("Công trình, phần việc"), work_projects, ("dedicated_to",), _("công trình")),
        Metric(MEDIA_KEY, _("Sản phẩm tuyên truyền"), media_items, ("kind",), _("sản phẩm")),
        Metric(PARTY_KEY, _("Đoàn viên ưu tú giới thiệu cho Đảng"), party_introductions, ("admitted",),
               _("đoàn viên")),
        Metric(CONDUCT_KEY, _("Ghi nhận văn hóa công sở"), conduct_records, ("rule", "polarity"), _("lượt")),
        Metric(DISCIPLINED_KEY, _("Đoàn viên bị kỷ luật"), disciplined, ("min_level",), _("đoàn viên")),
    ):  # fmt: skip
        register(metric)
