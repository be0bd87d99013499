"""Reads of movements for the pages, the API and the exports: lists, the plan with its progress, the subtree target
dashboard, the adoption overview, and registrations."""

from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from thidua.core.roles import Action
from thidua.core.scope import get_scope
from thidua.members.choices import MemberStatus
from thidua.members.models import Member
from thidua.movements.choices import BEHIND, ProgressStatus, TargetKind
from thidua.movements.models import (
    ContentGroup,
    ContentItem,
    CriteriaVersion,
    Movement,
    MovementQuerySet,
    Phase,
    Registration,
    Target,
    TargetProgress,
    TargetSnapshot,
)
from thidua.movements.progress import scope_roots, units_of_kind_in
from thidua.organizations.models import Unit

# --- lists ------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MovementFilters:
    q: str = ""
    status: str | None = None
    year: int | None = None
    unit: int | None = None  # issued by this unit or a unit below it

    @classmethod
    def from_query(cls, params) -> "MovementFilters":
        year, unit = params.get("year") or "", params.get("unit") or ""
        return cls(q=(params.get("q") or "").strip(), status=params.get("status") or None,
                   year=int(year) if str(year).isdigit() else None,
                   unit=int(unit) if str(unit).isdigit() else None)  # fmt: skip


def movement_list(user, filters: MovementFilters, action: str = Action.VIEW) -> MovementQuerySet:
    """Movements the user may see (see MovementQuerySet), newest first. A filter unit outside the scope is a 404."""
    qs = Movement.objects.visible_to(user, action)
    if filters.unit is not None:
        unit = Unit.objects.visible_to(user).filter(pk=filters.unit).only("path").first()
        if unit is None:
            raise Http404
        qs = qs.filter(unit__path__startswith=unit.path)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.year:
        qs = qs.filter(starts_on__year__lte=filters.year, ends_on__year__gte=filters.year)
    if filters.q:
        for word in filters.q.split():
            qs = qs.filter(Q(title__icontains=word) | Q(plan_number__icontains=word))
    return qs.select_related("unit", "parent").order_by("-starts_on", "title", "pk")


# --- one plan -------------------------------------------------------------------------------------------------------


@dataclass
class TargetLine:
    target: Target
    progress: TargetProgress | None  # at the issuing unit (its own row or the roll-up of the units below)


def content_groups(movement: Movement) -> list[ContentGroup]:
    items = ContentItem.objects.prefetch_related("standards").order_by("order", "pk")
    return list(movement.content_groups.prefetch_related(Prefetch("items", queryset=items)).order_by("order", "pk"))


def criteria_versions(movement: Movement) -> list[CriteriaVersion]:
    """Newest first, each with its criteria (and the content item they belong to)."""
    return list(movement.criteria_versions.select_related("author").prefetch_related("criteria__item")
                .order_by("-number"))  # fmt: skip


def target_lines(movement: Movement) -> list[TargetLine]:
    targets = list(movement.targets.select_related("content_item", "parent_target").order_by("order", "pk"))
    rows = {r.target_id: r for r in TargetProgress.objects.filter(target__movement=movement, unit=movement.unit_id)}
    return [TargetLine(t, rows.get(t.pk)) for t in targets]


def phases_with_snapshots(movement: Movement) -> list[Phase]:
    """Phases in order; a reviewed phase carries ``frozen``: (target, snapshot at the issuing unit) in target order."""
    phases = list(movement.phases.select_related("reviewed_by").order_by("starts_on"))
    targets = list(movement.targets.order_by("order", "pk"))
    frozen: dict[int, dict[int, TargetSnapshot]] = {}
    for row in TargetSnapshot.objects.filter(phase__movement=movement, unit=movement.unit_id):
        frozen.setdefault(row.phase_id, {})[row.target_id] = row
    for phase in phases:
        rows = frozen.get(phase.pk, {})
        phase.frozen = [(t, rows[t.pk]) for t in targets if t.pk in rows]
    return phases


# --- the subtree dashboard ------------------------------------------------------------------------------------------


class Cell(NamedTuple):
    """One target at one unit, as the dashboard shows it (a stored progress row, without the model around it)."""

    target_id: int
    value: float | None
    status: str
    units_total: int
    units_achieved: int
    units_behind: int


@dataclass
class DashboardRow:
    unit: Unit
    cells: list[tuple[Target, Cell | None]]  # in target order
    behind: int
    has_children: bool


@dataclass
class Dashboard:
    movement: Movement
    node: Unit
    trail: list[Unit]  # from the issuing unit (or the highest unit the user sees) down to the node's parent
    targets: list[Target]
    summary: list[tuple[Target, TargetProgress | None]]  # the node's own row (or roll-up) per target
    page: Page
    rows: list[DashboardRow]


def dashboard_node(movement: Movement, user, unit_id: int | None) -> Unit:
    """The unit the dashboard is about: the requested one, else the issuing unit, else the highest unit the user sees
    inside the movement. 404 when it is outside the movement or outside the user's scope."""
    scope = get_scope(user)
    issuer = movement.unit
    if unit_id is None:
        if scope.covers_path(Action.VIEW, issuer.path):
            return issuer
        inside = [p for p in scope.prefixes.get(Action.VIEW, ()) if p.startswith(issuer.path)]
        if not inside:
            raise Http404
        unit_id = int(min(inside, key=len).strip("/").split("/")[-1])
    node = Unit.objects.filter(pk=unit_id).first()
    if node is None or not node.path.startswith(issuer.path) or not scope.covers_path(Action.VIEW, node.path):
        raise Http404
    return node


def target_dashboard(movement: Movement, node: Unit, *, user, page: int | str | None = 1,
                     per_page: int = 50) -> Dashboard:  # fmt: skip
    """The targets at ``node`` and at each unit directly below it, the units with the most targets behind first.

    Reads the stored progress rows only (``movement_recompute_progress`` writes them): a fixed number of queries
    whatever the size of the subtree.
    """
    targets = list(movement.targets.order_by("order", "pk"))
    index = {t.pk: i for i, t in enumerate(targets)}
    summary: list[TargetProgress | None] = [None] * len(targets)
    for row in TargetProgress.objects.filter(target__movement=movement, unit=node):
        summary[index[row.target_id]] = row
    below = TargetProgress.objects.filter(target__movement=movement, unit_parent_id=node.pk)
    # Every unit below with its count of targets behind, in one grouped query; the page is cut in Python (a node has
    # at most a few thousand units directly below it), which saves the paginator's separate count.
    ranked = list(below.values_list("unit").annotate(behind=Count("pk", filter=Q(status__in=BEHIND)),
                                                     rollup=Count("pk", filter=Q(is_rollup=True)))
                  .order_by("-behind", "unit__name", "unit"))  # fmt: skip
    current = Paginator(ranked, per_page).get_page(page)
    entries = list(current.object_list)
    units = Unit.objects.in_bulk([unit for unit, _behind, _rollup in entries])
    cells: dict[int, list[Cell | None]] = {unit: [None] * len(targets) for unit, _behind, _rollup in entries}
    columns = ("target_id", "value", "status", "units_total", "units_achieved", "units_behind")
    for unit_id, *values in below.filter(unit__in=list(cells)).values_list("unit_id", *columns):
        cell = Cell(*values)
        cells[unit_id][index[cell.target_id]] = cell
    rows = [DashboardRow(units[unit], list(zip(targets, cells[unit], strict=True)), behind, bool(rollup))
            for unit, behind, rollup in entries]  # fmt: skip
    trail_ids = [int(i) for i in node.path.strip("/").split("/")[:-1]]
    scope = get_scope(user)
    trail = [u for u in Unit.objects.filter(pk__in=trail_ids).order_by("path")
             if u.path.startswith(movement.unit.path) and scope.covers_path(Action.VIEW, u.path)]  # fmt: skip
    return Dashboard(movement, node, trail, targets, list(zip(targets, summary, strict=True)), current, rows)


# --- adoption -------------------------------------------------------------------------------------------------------


@dataclass
class AdoptionRow:
    unit: Unit
    movement: Movement | None  # the unit's own plan in this chain, adopted from this movement or a plan below it
    counts: Counter = field(default_factory=Counter)  # status → targets, at the adopting unit


@dataclass
class TargetRollup:
    target: Target
    numerator: float = 0
    denominator: float = 0
    units: int = 0  # adopting units with a linked target
    achieved: int = 0

    @property
    def value(self) -> float | None:
        if self.target.kind == TargetKind.SHARE:
            return self.numerator / self.denominator * 100 if self.denominator else None
        if self.target.kind == TargetKind.REACH:
            return float(self.achieved)
        return self.numerator


@dataclass
class AdoptionOverview:
    kind: str
    rows: list[AdoptionRow]
    targets: list[TargetRollup]

    @property
    def expected(self) -> int:
        return len(self.rows)

    @property
    def adopted(self) -> int:
        return sum(1 for r in self.rows if r.movement is not None)


def adoption_overview(movement: Movement) -> AdoptionOverview:
    """Which units of the expected kind (``adopter_kind``) in the scope made their own plan, and the roll-up of the
    progress of the targets they inherited, linked back to this plan's targets through ``Target.lineage``."""
    kind = movement.adopter_kind
    targets = list(movement.targets.order_by("order", "pk"))
    if not kind:
        return AdoptionOverview("", [], [TargetRollup(t) for t in targets])
    refs = units_of_kind_in(scope_roots(movement), kind)
    units = sorted(Unit.objects.in_bulk([r.pk for r in refs]).values(), key=lambda u: (u.name, u.pk))
    plans = {m.unit_id: m for m in Movement.objects.filter(cascade_path__startswith=movement.cascade_path,
                                                          unit__in=[u.pk for u in units])
             .exclude(pk=movement.pk).order_by("cascade_path")}  # fmt: skip
    rows = [AdoptionRow(u, plans.get(u.pk)) for u in units]
    rollups = {t.lineage: TargetRollup(t) for t in targets}
    depth = len(movement.cascade_path.strip("/").split("/"))
    by_movement = {r.movement.pk: r for r in rows if r.movement is not None}
    progress = TargetProgress.objects.filter(
        target__movement__in=list(by_movement), unit_id__in=[u.pk for u in units]
    ).values_list("target__movement_id", "target__movement__unit_id", "unit_id", "target__lineage", "numerator",
                  "denominator", "status")  # fmt: skip
    for movement_id, plan_unit, unit_id, lineage, numerator, denominator, status in progress:
        if unit_id != plan_unit:
            continue
        by_movement[movement_id].counts[status] += 1
        top = "/" + "/".join(lineage.strip("/").split("/")[:depth]) + "/" if lineage else ""
        rollup = rollups.get(top)
        if rollup is None:
            continue
        rollup.numerator += numerator or 0
        rollup.denominator += denominator or 0
        rollup.units += 1
        rollup.achieved += int(status == ProgressStatus.ACHIEVED)
    return AdoptionOverview(kind, rows, list(rollups.values()))


# --- registration ---------------------------------------------------------------------------------------------------


@dataclass
class RegistrationRights:
    member: Member | None  # the user's own member record, when it belongs to the movement
    collectives: list[Unit]  # units whose collective registration the user may make
    manages: bool  # may register on behalf of members (chairs, officers)


def _in_roots(path: str, roots) -> bool:
    return any(path.startswith(r.path) for r in roots)


def registration_rights(user, movement: Movement) -> RegistrationRights:
    scope = get_scope(user)
    roots = scope_roots(movement)
    member = None
    if scope.member_ids and scope.allows_anywhere(Action.REGISTER):
        own = Member.objects.filter(pk__in=scope.member_ids, status=MemberStatus.ACTIVE).select_related("unit")
        member = next((m for m in own if _in_roots(m.unit.path, roots)), None)
    collectives: list[Unit] = []
    if scope.allows_anywhere(Action.MANAGE_MOVEMENTS):
        q = Q()
        for root in roots:
            q |= Q(path__startswith=root.path)
        managed = Unit.objects.visible_to(user, Action.MANAGE_MOVEMENTS).open().filter(q)
        collectives = list(managed.exclude(kind="agency").order_by("path")[:500])
    return RegistrationRights(member, collectives, bool(collectives))


def _in_scope_q(movement: Movement, lookup: str = "path") -> Q:
    q = Q()
    for root in scope_roots(movement):
        q |= Q(**{f"{lookup}__startswith": root.path})
    return q


def can_register(user, movement: Movement) -> bool:
    """Whether the registration page has something for the user (cheaper than ``registration_rights``)."""
    scope = get_scope(user)
    if scope.member_ids and scope.allows_anywhere(Action.REGISTER):
        own = Member.objects.filter(_in_scope_q(movement, "unit__path"), pk__in=scope.member_ids,
                                    status=MemberStatus.ACTIVE)  # fmt: skip
        if own.exists():
            return True
    if not scope.allows_anywhere(Action.MANAGE_MOVEMENTS):
        return False
    return Unit.objects.visible_to(user, Action.MANAGE_MOVEMENTS).open().filter(_in_scope_q(movement)).exists()


def adoptable_units(user, movement: Movement) -> QuerySet:
    """Units the user manages inside the movement's scope that have no plan in the movement's chain yet."""
    taken = Movement.objects.filter(cascade_path__startswith=movement.chain_root_path).values("unit")
    return (Unit.objects.visible_to(user, Action.MANAGE_MOVEMENTS).open().filter(_in_scope_q(movement))
            .exclude(pk=movement.unit_id).exclude(pk__in=taken).exclude(kind="agency"))  # fmt: skip


def chain_registrations(movement: Movement) -> QuerySet:
    """Registrations in the movement and in the plans that adopted it (an upper unit sees its whole subtree)."""
    return Registration.objects.filter(movement__cascade_path__startswith=movement.cascade_path)


def registration_list(user, movement: Movement, *, unit: Unit | None = None) -> QuerySet:
    qs = chain_registrations(movement).filter(pk__in=Registration.objects.visible_to(user).values("pk"))
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return qs.select_related("member", "unit", "movement").order_by("unit__path", "member__sort_key", "pk")


def not_registered(movement: Movement, unit: Unit) -> QuerySet:
    """Active members of ``unit``'s subtree who have not registered in this movement (or a plan adopting it)."""
    registered = chain_registrations(movement).filter(member__isnull=False).values("member_id")
    return (Member.objects.active().in_subtree(unit).exclude(pk__in=registered).select_related("unit")
            .in_name_order())  # fmt: skip


def registration_unit(movement: Movement, user, unit_id: int | None) -> Unit:
    """The unit a chair's registration list is about: the requested one or the highest the user sees in the
    movement; it must be inside both the movement's scope and the user's scope (else 404)."""
    scope = get_scope(user)
    roots = scope_roots(movement)
    if unit_id is None:
        candidates = [p for p in scope.prefixes.get(Action.VIEW, ()) if _in_roots(p, roots)]
        candidates += [r.path for r in roots if scope.covers_path(Action.VIEW, r.path)]
        if not candidates:
            raise Http404
        unit_id = int(min(candidates, key=len).strip("/").split("/")[-1])
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None or not _in_roots(unit.path, roots) or not scope.covers_path(Action.VIEW, unit.path):
        raise Http404
    return unit


def registration_parent(movement: Movement, user, unit: Unit) -> Unit | None:
    """The unit above ``unit`` when the user may see it and it is still inside the movement (to go back up)."""
    if unit.parent_id is None:
        return None
    try:
        return registration_unit(movement, user, unit.parent_id)
    except Http404:
        return None


def check_withdraw_right(user, registration: Registration) -> None:
    """A member withdraws their own pledge; whoever manages movements on the registered unit (the collective, or the
    member's unit) withdraws any. Outside the scope → Http404, in scope without the right → PermissionDenied."""
    from thidua.core.permissions import get_scoped_or_404

    if registration.member_id and registration.member_id in get_scope(user).member_ids:
        return
    unit = registration.member.unit if registration.member_id else registration.unit
    get_scoped_or_404(Unit.objects.all(), user, Action.MANAGE_MOVEMENTS, pk=unit.pk)
