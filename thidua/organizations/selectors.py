"""Reads of the organisation tree for pages, the API and reports."""

from dataclasses import dataclass

from django.http import Http404

from thidua.core.roles import Action
from thidua.core.scope import get_scope
from thidua.core.text import fold
from thidua.metrics.registry import MetricRequest, measure
from thidua.organizations.models import Cluster, Unit


def subtree_member_counts(paths: list[str] | tuple[str, ...]) -> dict[str, int]:
    """Active members in the subtree of each given unit path: one grouped query, rolled up by path."""
    if not paths:
        return {}
    measures = measure("members.active", MetricRequest(unit_paths=tuple(paths)))
    return {path: int(m.numerator) for path, m in measures.items()}


def tree_member_counts(root: Unit) -> dict[int, int]:
    """Member counts over the whole subtree for every unit below (and including) ``root``."""
    units = list(Unit.objects.filter(path__startswith=root.path).values_list("pk", "path"))
    counts = subtree_member_counts([path for _, path in units])
    return {pk: counts.get(path, 0) for pk, path in units}


def with_member_counts(units: list[Unit]) -> list[Unit]:
    counts = subtree_member_counts([u.path for u in units])
    for unit in units:
        unit.member_count = counts.get(unit.path, 0)
    return units


def units_at_scope_top(user) -> list[Unit]:
    """The highest units a user can see, with their subtree member counts."""
    return with_member_counts(scope_top_units(user))


def scope_top_units(user) -> list[Unit]:
    """The highest units a user can see (their grants' units; a member sees their own unit)."""
    scope = get_scope(user)
    if scope.is_superuser:
        units = list(Unit.objects.filter(parent__isnull=True).order_by("name"))
    else:
        ids = [int(p.strip("/").split("/")[-1]) for p in scope.prefixes.get(Action.VIEW, ())]
        units = list(Unit.objects.filter(pk__in=ids).order_by("name"))
        if not units and scope.member_ids:
            units = list(Unit.objects.filter(members__pk__in=scope.member_ids).distinct())
    return units


def unit_children(unit: Unit, *, include_closed: bool = False) -> list[Unit]:
    qs = unit.children.all().order_by("name")
    if not include_closed:
        qs = qs.filter(closed_on__isnull=True)
    children = with_member_counts(list(qs))
    child_parents = set(
        Unit.objects.filter(parent__in=children, closed_on__isnull=True).values_list("parent_id", flat=True)
    )
    for child in children:
        child.has_children = child.pk in child_parents
    return children


def unit_ancestors(unit: Unit) -> list[Unit]:
    """From the root down to the unit's parent, for breadcrumbs (one query, ids read off the path)."""
    ids = [int(part) for part in unit.path.strip("/").split("/")[:-1]]
    by_id = Unit.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


@dataclass(frozen=True)
class UnitOption:
    pk: int
    label: str


def unit_choices(user, action: str, *, kinds: list[str] | None = None) -> list[UnitOption]:
    """Open units the user may act on, in tree order, labelled with their depth, for select boxes."""
    qs = Unit.objects.visible_to(user, action).open()
    if kinds:
        qs = qs.filter(kind__in=kinds)
    rows = list(qs.values_list("pk", "name", "path"))
    by_id = {pk: name for pk, name, _ in rows}
    named_paths = []
    for pk, name, path in rows:
        names = [by_id.get(int(i), "") for i in path.strip("/").split("/")]
        named_paths.append((" / ".join(n for n in names if n), pk, name, path.count("/") - 2))
    named_paths.sort()
    base = min((depth for *_, depth in named_paths), default=0)
    return [UnitOption(pk, "\u2003" * (depth - base) + name) for _, pk, name, depth in named_paths]


def clusters_visible(user, year: int | None = None):
    qs = Cluster.objects.visible_to(user).select_related("organizer", "leader").prefetch_related("units")
    if year:
        qs = qs.filter(year=year)
    return qs


@dataclass(frozen=True)
class UnitFilters:
    parent: int | None = None  # direct children of this unit
    subtree_of: int | None = None  # this unit and everything below it
    kind: str | None = None
    q: str = ""
    include_closed: bool = False


def _visible_unit_or_404(user, pk: int) -> Unit:
    unit = Unit.objects.visible_to(user).filter(pk=pk).only("path").first()
    if unit is None:
        raise Http404
    return unit


def unit_list(user, filters: UnitFilters):
    """Units the user may see, filtered, in name order. A parent or subtree root outside the scope is a 404.

    The text search folds accents ("cong doan so" finds "Công đoàn Sở"). Unit names carry no folded search column,
    so the names in scope are folded here: one query over (id, name) pairs, fine for the thousands of units of a
    province.
    """
    # visible_to may join members (a member sees their own unit); ids keep every unit once.
    qs = Unit.objects.filter(pk__in=Unit.objects.visible_to(user).values("pk"))
    if filters.parent is not None:
        qs = qs.filter(parent=_visible_unit_or_404(user, filters.parent))
    if filters.subtree_of is not None:
        qs = qs.subtree(_visible_unit_or_404(user, filters.subtree_of))
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if not filters.include_closed:
        qs = qs.open()
    words = fold(filters.q).split()
    if words:
        rows = qs.values_list("pk", "name", "short_name")
        qs = qs.filter(pk__in=[pk for pk, name, short in rows if all(w in fold(f"{name} {short}") for w in words)])
    return qs.order_by("name", "pk")


def unit_filter_options(user, selected: Unit | None) -> list[UnitOption]:
    """A short list for a unit filter: the path from the top of the user's scope down to ``selected``, then its
    children. A province has thousands of units; listing them all would make every list page slow to render."""
    scope = get_scope(user)
    if selected is None:
        tops = scope_top_units(user)
        children: dict[int, list[UnitOption]] = {}
        for pk, parent_id, name in (
            Unit.objects.filter(parent__in=tops).open().order_by("name").values_list("pk", "parent_id", "name")
        ):
            children.setdefault(parent_id, []).append(UnitOption(pk, "\u2003" + name))
        options = []
        for top in tops:
            options.append(UnitOption(top.pk, top.name))
            options.extend(children.get(top.pk, []))
        return options
    chain = [a for a in unit_ancestors(selected) if scope.covers_path(Action.VIEW, a.path)]
    options = [UnitOption(a.pk, "\u2003" * i + a.name) for i, a in enumerate(chain)]
    options.append(UnitOption(selected.pk, "\u2003" * len(chain) + selected.name))
    indent = "\u2003" * (len(chain) + 1)
    options.extend(UnitOption(c.pk, indent + c.name) for c in selected.children.open().order_by("name"))
    return options
