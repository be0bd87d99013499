"""The figures of the statistics dashboards and workbooks, for one unit's subtree and one year.

Every figure is read with **one grouped query over the whole subtree** (``path LIKE '/1/5/%'``), grouped by the unit
path of the rows; the totals of the unit, of each child unit (drill-down and comparison), of each unit of a cluster
and of every unit in the subtree (the workbook's full listing) are then summed in Python from those rows
(:func:`roll_up`). So the number of queries does not grow with the number of child units, members, clusters or
movements (the registrations of every movement are counted in the same two queries, one conditional count each).

Sources (see docs/reports.md):

- members: ``members.Member`` (active members now, by the unit they belong to);
- classification: locked (finalised or published) **year** rounds of ``evaluation`` — the member's submission, counted
  under the unit the member belonged to when the round opened; a member rated in two year rounds of the same year
  counts once (the round ending last, as ``evaluation.selectors.member_classifications``);
- titles and awards: ``awards.AwardRecord`` of the year, under ``scope_unit`` (the member's unit at the time or the
  collective itself);
- target progress: ``movements.TargetProgress`` rows at the unit (live, recomputed) and the last phase review
  snapshot (``TargetSnapshot``);
- registrations: ``movements.Registration`` in a movement and the plans adopting it, against active members;
- initiatives: ``initiatives.Initiative`` submitted (by submission date) and recognised (by recognition date).
"""

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from thidua.awards.models import AwardRecord
from thidua.core.roles import Action
from thidua.core.scope import get_scope
from thidua.evaluation.choices import LOCKED, Level
from thidua.evaluation.models import Submission
from thidua.initiatives.choices import InitiativeStatus
from thidua.initiatives.models import Initiative
from thidua.members.choices import MemberStatus
from thidua.members.models import Member
from thidua.movements.choices import BEHIND, MovementStatus, ProgressStatus, Subject, TargetKind
from thidua.movements.models import Movement, Registration, Target, TargetProgress, TargetSnapshot
from thidua.organizations.models import Cluster, Unit

RATED = (Level.HTXS, Level.HTT, Level.HT, Level.KHT)
LEVELS = (*RATED, Level.NOT_RATED)
TREND_YEARS = 5  # the selected year and the four before it
MAX_MOVEMENTS = 10  # registrations: the most recent movements concerning the unit


# --- roll-up ------------------------------------------------------------------------------------------------------


def prefixes(path: str) -> list[str]:
    """ "/1/5/12/" → ["/1/", "/1/5/", "/1/5/12/"]."""
    parts = path.strip("/").split("/")
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def roll_up(rows: Iterable[tuple[str, object, int]], paths: Iterable[str]) -> dict[str, Counter]:
    """Sum (unit path, key, count) rows into a Counter per requested subtree path: each row goes to every requested
    path that is a prefix of its own. O(rows × depth) whatever the number of requested paths."""
    wanted = set(paths)
    totals: dict[str, Counter] = {p: Counter() for p in wanted}
    for path, key, n in rows:
        for prefix in prefixes(path):
            if prefix in wanted:
                totals[prefix][key] += n or 0
    return totals


# --- figures ------------------------------------------------------------------------------------------------------


@dataclass
class Split:
    """Members of one subtree by classification: ``members`` active now, ``counts`` level → members rated so."""

    members: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def rated(self) -> int:
        return sum(self.counts.get(level, 0) for level in RATED)

    @property
    def not_rated(self) -> int:
        return self.counts.get(Level.NOT_RATED, 0)

    def count(self, level: str) -> int:
        return self.counts.get(level, 0)

    def share(self, level: str) -> float | None:
        """Percent of the rated members (not rated and members without a result are left out)."""
        return round(self.count(level) * 100 / self.rated, 1) if self.rated else None

    @property
    def htxs_share(self) -> float | None:
        return self.share(Level.HTXS)

    @property
    def good_share(self) -> float | None:
        """HTT or better, in percent of the rated members."""
        return round((self.count(Level.HTXS) + self.count(Level.HTT)) * 100 / self.rated, 1) if self.rated else None

    def as_dict(self) -> dict:
        return {"members": self.members, "rated": self.rated, "not_rated": self.not_rated,
                "counts": {level.value: self.count(level) for level in LEVELS},
                "shares": {level.value: self.share(level) for level in RATED}}  # fmt: skip


@dataclass
class TitleRow:
    code: str
    name: str
    individual: int = 0
    collective: int = 0

    @property
    def total(self) -> int:
        return self.individual + self.collective


@dataclass
class TargetRow:
    movement: Movement
    target: Target
    progress: TargetProgress
    final_value: float | None = None  # the last phase review's figure at the unit
    final_status: str = ""
    final_phase: str = ""

    @property
    def percent_of_goal(self) -> int:
        """How far the value is towards the minimum (or the limit), 0–100, for bars."""
        value, target = self.progress.value, self.target
        if value is None:
            return 0
        goal = target.target_min if target.target_min is not None else target.target_max
        if not goal:
            return 100 if value else 0
        return int(max(0.0, min(100.0, value / float(goal) * 100)))


@dataclass
class RegistrationBlock:
    """One movement (with the plans adopting it): active members of the subtree who registered, per unit."""

    movement: Movement
    by_path: dict[str, tuple[int, int]]  # path → (members, registered)
    titles: list[TitleRow]  # registrations of the subtree by title (individual / collective)

    def at(self, path: str) -> tuple[int, int]:
        return self.by_path.get(path, (0, 0))


@dataclass
class UnitRow:
    """One unit of a comparison (a child of the dashboard's unit, a unit of a cluster, a row of the workbook)."""

    unit: Unit
    split: Split
    awards_individual: int = 0
    awards_collective: int = 0
    initiatives: int = 0
    targets_total: int = 0
    targets_achieved: int = 0
    targets_behind: int = 0
    has_children: bool = False
    depth: int = 0

    @property
    def awards(self) -> int:
        return self.awards_individual + self.awards_collective


@dataclass
class ClusterBlock:
    cluster: Cluster
    rows: list[UnitRow]
    split: Split  # the cluster's member units together

    @property
    def awards(self) -> int:
        return sum(r.awards for r in self.rows)


@dataclass
class YearRow:
    year: int
    split: Split
    awards_individual: int = 0
    awards_collective: int = 0
    initiatives_submitted: int = 0
    initiatives_recognised: int = 0


@dataclass
class Report:
    unit: Unit
    year: int
    as_of: datetime.date
    trail: list[Unit]  # breadcrumbs: from the top of the user's scope down to the unit's parent
    split: Split
    direct: Split | None  # members attached to the unit itself, not to a child (None when there are none)
    children: list[UnitRow]
    titles: list[TitleRow]
    targets: list[TargetRow]
    registrations: list[RegistrationBlock]
    clusters: list[ClusterBlock]
    trend: list[YearRow]
    initiatives: int = 0
    all_units: list[UnitRow] = field(default_factory=list)  # the whole subtree, in tree order (workbook only)

    @property
    def awards_individual(self) -> int:
        return sum(t.individual for t in self.titles)

    @property
    def awards_collective(self) -> int:
        return sum(t.collective for t in self.titles)

    @property
    def target_status_counts(self) -> dict[str, int]:
        counts = Counter(row.progress.status for row in self.targets)
        return {status.value: counts.get(status, 0) for status in ProgressStatus}


# --- the grouped queries (one each, over the subtree) -------------------------------------------------------------


def _latest_year_round_only():
    """A member's submission counts only if no other locked year round of the same year ended later."""
    later = Submission.objects.filter(
        member_id=OuterRef("member_id"),
        round__year=OuterRef("round__year"),
        round__phase__isnull=True,
        round__status__in=list(LOCKED),
    ).filter(
        Q(round__period_end__gt=OuterRef("round__period_end"))
        | Q(round__period_end=OuterRef("round__period_end"), round_id__gt=OuterRef("round_id"))
    )
    return ~Exists(later)


def _locked_year_submissions(unit: Unit, years: Iterable[int]):
    return Submission.objects.filter(
        unit__path__startswith=unit.path,
        round__year__in=list(years),
        round__phase__isnull=True,
        round__status__in=list(LOCKED),
        level__in=[level.value for level in LEVELS],
    ).filter(_latest_year_round_only())


def level_rows(unit: Unit, year: int) -> list[tuple[str, str, int]]:
    """(unit path, level, members) of the year over the subtree."""
    return list(
        _locked_year_submissions(unit, [year])
        .values("unit__path", "level")
        .annotate(n=Count("pk"))
        .values_list("unit__path", "level", "n")
        .order_by()
    )


def member_rows(unit: Unit) -> list[tuple[str, str, int]]:
    """(unit path, "members", active members) over the subtree."""
    return [
        (path, "members", n)
        for path, n in Member.objects.filter(unit__path__startswith=unit.path, status=MemberStatus.ACTIVE)
        .values("unit__path")
        .annotate(n=Count("pk"))
        .values_list("unit__path", "n")
        .order_by()
    ]


def award_rows(unit: Unit, year: int) -> list[tuple[str, str, str, int, int]]:
    """(unit path, title code, title name, individuals, collectives) of the year over the subtree."""
    return list(
        AwardRecord.objects.filter(scope_unit__path__startswith=unit.path, year=year)
        .values("scope_unit__path", "title_code")
        .annotate(
            name=Max("title_name"),
            individual=Count("pk", filter=Q(member__isnull=False)),
            collective=Count("pk", filter=Q(member__isnull=True)),
        )
        .values_list("scope_unit__path", "title_code", "name", "individual", "collective")
        .order_by()
    )


def initiative_rows(unit: Unit, year: int) -> list[tuple[str, str, int]]:
    """(unit path, "initiatives", initiatives submitted in the year) over the subtree."""
    return [
        (path, "initiatives", n)
        for path, n in Initiative.objects.filter(unit__path__startswith=unit.path, submitted_on__year=year)
        .exclude(status=InitiativeStatus.DRAFT)
        .values("unit__path")
        .annotate(n=Count("pk"))
        .values_list("unit__path", "n")
        .order_by()
    ]


def _year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def target_rows(unit: Unit, year: int) -> list[TargetRow]:
    """The progress of every target measured at the unit, in the movements (not drafts) running during the year, with
    the last phase review's snapshot at the unit. Two queries."""
    first, last = _year_bounds(year)
    progress = list(
        TargetProgress.objects.filter(
            unit=unit, target__movement__starts_on__lte=last, target__movement__ends_on__gte=first
        )
        .exclude(target__movement__status=MovementStatus.DRAFT)
        .select_related("target", "target__movement")
        .order_by("target__movement__starts_on", "target__movement_id", "target__order", "target_id")
    )
    snapshots = {}
    for snap in (
        TargetSnapshot.objects.filter(unit=unit, target_id__in=[p.target_id for p in progress])
        .select_related("phase")
        .order_by("phase__ends_on", "phase_id")
    ):
        snapshots[snap.target_id] = snap  # the latest review wins
    rows = []
    for p in progress:
        snap = snapshots.get(p.target_id)
        rows.append(TargetRow(movement=p.target.movement, target=p.target, progress=p,
                              final_value=snap.value if snap else None, final_status=snap.status if snap else "",
                              final_phase=snap.phase.name if snap else ""))  # fmt: skip
    return rows


def child_target_counts(unit: Unit, targets: list[TargetRow]) -> dict[int, tuple[int, int, int]]:
    """child unit id → (targets with a row there, achieved, behind), for the targets shown at the unit. One query."""
    if not targets:
        return {}
    rows = (
        TargetProgress.objects.filter(unit_parent_id=unit.pk, target_id__in=[t.target.pk for t in targets])
        .values("unit_id")
        .annotate(
            total=Count("pk"),
            achieved=Count("pk", filter=Q(status=ProgressStatus.ACHIEVED)),
            behind=Count("pk", filter=Q(status__in=list(BEHIND))),
        )
        .values_list("unit_id", "total", "achieved", "behind")
        .order_by()
    )
    return {unit_id: (total, achieved, behind) for unit_id, total, achieved, behind in rows}


def registration_movements(unit: Unit, year: int) -> list[Movement]:
    """Movements (not drafts) running during the year whose scope covers the whole unit (a scope unit at or above
    it), the top of each adoption chain only: its registrations include those in the plans adopting it."""
    first, last = _year_bounds(year)
    ids_on_path = [int(part) for part in unit.path.strip("/").split("/")]
    movements = list(
        Movement.objects.filter(scope_units__in=ids_on_path, starts_on__lte=last, ends_on__gte=first)
        .exclude(status=MovementStatus.DRAFT)
        .select_related("unit")
        .distinct()
        .order_by("-starts_on", "-pk")
    )
    chains = [m.cascade_path for m in movements if m.cascade_path]
    tops = [m for m in movements if not any(m.cascade_path != c and m.cascade_path.startswith(c) for c in chains)]
    return tops[:MAX_MOVEMENTS]


def _chain(movement: Movement) -> Q:
    """Registrations in the movement and in the plans adopting it (its cascade chain)."""
    if movement.cascade_path:
        return Q(movement__cascade_path__startswith=movement.cascade_path)
    return Q(movement_id=movement.pk)


def registration_blocks(unit: Unit, movements: list[Movement]) -> list[RegistrationBlock]:
    """For each movement: active members of the subtree and those registered in the movement's chain, per unit path,
    and the subtree's registrations by title. Two queries whatever the number of movements (one conditional count per
    movement in each)."""
    if not movements:
        return []
    registered = {
        f"r{m.pk}": Count("pk", filter=Q(pk__in=Registration.objects.filter(_chain(m), member__isnull=False)
                                        .values("member_id")))
        for m in movements
    }  # fmt: skip
    member_rows = list(
        Member.objects.filter(unit__path__startswith=unit.path, status=MemberStatus.ACTIVE)
        .values("unit__path")
        .annotate(n=Count("pk"), **registered)
        .order_by()
    )
    by_title: dict[str, Count] = {}
    for m in movements:
        by_title[f"i{m.pk}"] = Count("pk", filter=_chain(m) & Q(subject=Subject.INDIVIDUAL))
        by_title[f"c{m.pk}"] = Count("pk", filter=_chain(m) & Q(subject=Subject.COLLECTIVE))
    any_chain = Q()
    for m in movements:
        any_chain |= _chain(m)
    title_rows = list(
        Registration.objects.filter(any_chain, unit__path__startswith=unit.path)
        .values("title_code")
        .annotate(name=Max("title_name"), **by_title)
        .order_by("title_code")
    )

    def titles(m: Movement) -> list[TitleRow]:
        return [
            TitleRow(code=row["title_code"], name=row["name"], individual=row[f"i{m.pk}"], collective=row[f"c{m.pk}"])
            for row in title_rows
            if row[f"i{m.pk}"] or row[f"c{m.pk}"]
        ]

    return [
        RegistrationBlock(
            movement=m,
            by_path={row["unit__path"]: (row["n"], row[f"r{m.pk}"]) for row in member_rows},
            titles=titles(m),
        )
        for m in movements
    ]


def _rolled_registration(block: RegistrationBlock, paths: Iterable[str]) -> RegistrationBlock:
    """The block with (members, registered) summed into each requested subtree path."""
    rows = [(p, "n", n) for p, (n, _) in block.by_path.items()] + [(p, "r", r) for p, (_, r) in block.by_path.items()]
    totals = roll_up(rows, paths)
    return RegistrationBlock(block.movement, {p: (c["n"], c["r"]) for p, c in totals.items()}, block.titles)


def trend_rows(unit: Unit, year: int) -> list[YearRow]:
    """Classification, awards and initiatives of the subtree per year, for the trend charts. Four queries."""
    years = list(range(year - TREND_YEARS + 1, year + 1))
    counts: dict[int, Counter] = defaultdict(Counter)
    for y, level, n in (
        _locked_year_submissions(unit, years)
        .values("round__year", "level")
        .annotate(n=Count("pk"))
        .values_list("round__year", "level", "n")
        .order_by()
    ):
        counts[y][level] += n
    awards = {
        y: (ind, col)
        for y, ind, col in AwardRecord.objects.filter(scope_unit__path__startswith=unit.path, year__in=years)
        .values("year")
        .annotate(
            ind=Count("pk", filter=Q(member__isnull=False)),
            col=Count("pk", filter=Q(member__isnull=True)),
        )
        .values_list("year", "ind", "col")
        .order_by()
    }
    initiatives = Initiative.objects.filter(unit__path__startswith=unit.path)
    submitted = dict(
        initiatives.filter(submitted_on__year__in=years)
        .exclude(status=InitiativeStatus.DRAFT)
        .annotate(y=ExtractYear("submitted_on"))
        .values("y")
        .annotate(n=Count("pk"))
        .values_list("y", "n")
        .order_by()
    )
    recognised = dict(
        initiatives.filter(recognised_on__year__in=years)
        .annotate(y=ExtractYear("recognised_on"))
        .values("y")
        .annotate(n=Count("pk"))
        .values_list("y", "n")
        .order_by()
    )
    return [
        YearRow(year=y, split=Split(counts=dict(counts[y])), awards_individual=awards.get(y, (0, 0))[0],
                awards_collective=awards.get(y, (0, 0))[1], initiatives_submitted=submitted.get(y, 0),
                initiatives_recognised=recognised.get(y, 0))
        for y in years
    ]  # fmt: skip


# --- the report ---------------------------------------------------------------------------------------------------


def scope_trail(user, unit: Unit) -> list[Unit]:
    """The unit's ancestors the user may view (breadcrumbs stop at the top of the user's scope). One query."""
    scope = get_scope(user)
    ids = [int(part) for part in unit.path.strip("/").split("/")[:-1]]
    by_id = Unit.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id and scope.covers_path(Action.VIEW, by_id[i].path)]


@dataclass
class _Figures:
    """The per-path rows of one subtree and year, from which any set of subtrees is summed."""

    members: list
    levels: list
    awards: list
    initiatives: list

    def splits(self, paths: Iterable[str]) -> dict[str, Split]:
        paths = list(paths)
        members = roll_up(self.members, paths)
        levels = roll_up(self.levels, paths)
        return {p: Split(members=members[p]["members"], counts=dict(levels[p])) for p in paths}

    def award_counts(self, paths: Iterable[str]) -> dict[str, Counter]:
        rows = [(p, "i", ind) for p, _, _, ind, _ in self.awards] + [(p, "c", col) for p, _, _, _, col in self.awards]
        return roll_up(rows, paths)

    def unit_rows(self, units: list[Unit], depth_base: int | None = None) -> list[UnitRow]:
        """The figures of each unit; ``depth`` is counted from ``depth_base`` (the tree listing), else 0."""
        paths = [u.path for u in units]
        splits, awards, initiatives = self.splits(paths), self.award_counts(paths), roll_up(self.initiatives, paths)
        return [
            UnitRow(unit=u, split=splits[u.path], awards_individual=awards[u.path]["i"],
                    awards_collective=awards[u.path]["c"], initiatives=initiatives[u.path]["initiatives"],
                    depth=u.depth - depth_base if depth_base is not None else 0)
            for u in units
        ]  # fmt: skip


def _figures(unit: Unit, year: int) -> _Figures:
    return _Figures(member_rows(unit), level_rows(unit, year), award_rows(unit, year), initiative_rows(unit, year))


def _titles(figures: _Figures) -> list[TitleRow]:
    by_code: dict[str, TitleRow] = {}
    for _, code, name, ind, col in figures.awards:
        row = by_code.setdefault(code, TitleRow(code=code, name=name))
        row.individual += ind
        row.collective += col
    return sorted(by_code.values(), key=lambda t: (-t.total, t.name))


def _clusters(unit: Unit, year: int, figures: _Figures) -> list[ClusterBlock]:
    """The clusters/blocks of the year organised in the subtree, each member unit with its figures. Two queries."""
    clusters = list(
        Cluster.objects.filter(year=year, organizer__path__startswith=unit.path)
        .select_related("organizer", "leader")
        .order_by("name", "pk")
    )
    if not clusters:
        return []
    memberships = list(
        Cluster.units.through.objects.filter(cluster_id__in=[c.pk for c in clusters], unit__path__startswith=unit.path)
        .select_related("unit")
        .order_by("unit__name", "unit_id")
    )
    units = {m.unit_id: m.unit for m in memberships}
    rows = {r.unit.pk: r for r in figures.unit_rows(list(units.values()))}
    blocks = []
    for cluster in clusters:
        members = [rows[m.unit_id] for m in memberships if m.cluster_id == cluster.pk]
        split = Split(members=sum(r.split.members for r in members))
        counts: Counter = Counter()
        for r in members:
            counts.update(r.split.counts)
        split.counts = dict(counts)
        blocks.append(ClusterBlock(cluster=cluster, rows=members, split=split))
    return blocks


def _child_rows(unit: Unit, figures: _Figures, targets: list[TargetRow]) -> list[UnitRow]:
    """The unit's open child units, by name, each with its figures, whether it has open children of its own (so the
    page offers to drill further down) and its counts of the targets shown at the unit. Three queries."""
    children = list(unit.children.filter(closed_on__isnull=True).order_by("name", "pk"))
    rows = figures.unit_rows(children)
    parents = set(Unit.objects.filter(parent__in=children, closed_on__isnull=True).values_list("parent_id", flat=True))
    by_child = child_target_counts(unit, targets)
    for row in rows:
        row.has_children = row.unit.pk in parents
        row.targets_total, row.targets_achieved, row.targets_behind = by_child.get(row.unit.pk, (0, 0, 0))
    return rows


def children_comparison(unit: Unit, year: int) -> list[UnitRow]:
    """The child units of the unit compared for the year (classification, awards, initiatives, targets reached), as
    the dashboard's comparison block shows them, without the rest of the report."""
    return _child_rows(unit, _figures(unit, year), target_rows(unit, year))


def unit_report(user, unit: Unit, year: int, *, all_units: bool = False) -> Report:
    """Everything the dashboard, the print view, the API and the workbook show for the unit and year.

    ``all_units`` also sums the figures into every unit of the subtree (the workbook's full listing), from the same
    rows: no extra query per unit.
    """
    figures = _figures(unit, year)
    targets = target_rows(unit, year)
    child_rows = _child_rows(unit, figures, targets)
    split = figures.splits([unit.path])[unit.path]
    direct_members = sum(n for path, _, n in figures.members if path == unit.path)
    direct_levels = Counter({level: n for path, level, n in figures.levels if path == unit.path})
    direct = Split(members=direct_members, counts=dict(direct_levels)) if direct_members or direct_levels else None
    child_paths = [row.unit.path for row in child_rows]
    registrations = [
        _rolled_registration(block, [unit.path, *child_paths])
        for block in registration_blocks(unit, registration_movements(unit, year))
    ]
    report = Report(
        unit=unit,
        year=year,
        as_of=timezone.localdate(),
        trail=scope_trail(user, unit),
        split=split,
        direct=direct,
        children=child_rows,
        titles=_titles(figures),
        targets=targets,
        registrations=registrations,
        clusters=_clusters(unit, year, figures),
        trend=trend_rows(unit, year),
        initiatives=sum(n for _, _, n in figures.initiatives),
    )
    if all_units:
        subtree = list(Unit.objects.filter(path__startswith=unit.path, closed_on__isnull=True))
        names = {u.pk: u.name for u in subtree}
        # Tree order with siblings by name: sort by the chain of names from the unit down.
        subtree.sort(key=lambda u: [names.get(int(i), "") for i in u.path.strip("/").split("/")[unit.depth :]])
        report.all_units = figures.unit_rows(subtree, depth_base=unit.depth)
        registrations_all = [_rolled_registration(b, [u.path for u in subtree]) for b in registrations]
        for block, full in zip(registrations, registrations_all, strict=True):
            block.by_path.update(full.by_path)
    return report


def year_choices(year: int) -> list[int]:
    """The years offered by the year selector: the current year, the next one and six before it, plus ``year``."""
    today = timezone.localdate().year
    return sorted({*range(today - 6, today + 2), year}, reverse=True)


# --- JSON (the API and the charts' data island) --------------------------------------------------------------------


def _target_kind_suffix(target: Target) -> str:
    return "%" if target.kind == TargetKind.SHARE else ""


def _registered(members: int, registered: int) -> dict:
    share = round(registered * 100 / members, 1) if members else None
    return {"members": members, "registered": registered, "not_registered": members - registered, "share": share}


def unit_data(unit: Unit) -> dict:
    return {"id": unit.pk, "name": unit.name, "kind": unit.kind}


def children_data(rows: list[UnitRow], urls: dict[int, str] | None = None) -> list[dict]:
    """The comparison of the child units; ``url`` is the child's dashboard (drill-down), "" when not given."""
    urls = urls or {}
    return [
        {"id": r.unit.pk, "name": r.unit.name, "url": urls.get(r.unit.pk, ""), "has_children": r.has_children,
         "classification": r.split.as_dict(), "awards_individual": r.awards_individual,
         "awards_collective": r.awards_collective, "initiatives": r.initiatives,
         "targets": {"total": r.targets_total, "achieved": r.targets_achieved, "behind": r.targets_behind}}
        for r in rows
    ]  # fmt: skip


def trend_data(rows: list[YearRow]) -> list[dict]:
    return [
        {"year": y.year, "classification": y.split.as_dict(), "awards_individual": y.awards_individual,
         "awards_collective": y.awards_collective, "initiatives_submitted": y.initiatives_submitted,
         "initiatives_recognised": y.initiatives_recognised}
        for y in rows
    ]  # fmt: skip


def dashboard_url(unit: Unit | int, year: int) -> str:
    pk = unit if isinstance(unit, int) else unit.pk
    return reverse("reports:dashboard", args=[pk]) + "?" + urlencode({"year": year})


def drill_down_urls(report: Report) -> dict[int, str]:
    """unit id → its dashboard for the report's year: the child units and the units of the clusters (all in the
    subtree, so within the user's scope)."""
    ids = [r.unit.pk for r in report.children] + [r.unit.pk for c in report.clusters for r in c.rows]
    return {pk: dashboard_url(pk, report.year) for pk in ids}


def report_data(report: Report, *, urls: dict[int, str] | None = None) -> dict:
    """The report as plain JSON-able data: the API's answer and the data the dashboard's charts read."""
    urls = urls or {}
    level_labels = {level.value: str(level.label) for level in LEVELS}
    status_labels = {status.value: str(status.label) for status in ProgressStatus}
    return {
        "unit": unit_data(report.unit),
        "year": report.year,
        "as_of": report.as_of.isoformat(),
        "labels": {"levels": level_labels, "statuses": status_labels},
        "classification": report.split.as_dict(),
        "children": children_data(report.children, urls),
        "titles": [{"code": t.code, "name": t.name, "individual": t.individual, "collective": t.collective}
                   for t in report.titles],
        "targets": [
            {"movement_id": t.movement.pk, "movement": t.movement.plan_number or t.movement.title,
             "target_id": t.target.pk, "name": t.target.name, "kind": t.target.kind,
             "target_min": float(t.target.target_min) if t.target.target_min is not None else None,
             "target_max": float(t.target.target_max) if t.target.target_max is not None else None,
             "deadline": t.target.deadline.isoformat(), "value": t.progress.value, "status": t.progress.status,
             "percent_of_goal": t.percent_of_goal, "unit_suffix": _target_kind_suffix(t.target),
             "units_total": t.progress.units_total, "units_achieved": t.progress.units_achieved,
             "units_behind": t.progress.units_behind, "as_of": t.progress.as_of.isoformat(),
             "final_value": t.final_value, "final_status": t.final_status}
            for t in report.targets
        ],
        "target_status_counts": report.target_status_counts,
        "registrations": [
            {"movement_id": b.movement.pk, "movement": b.movement.plan_number or b.movement.title,
             "title": b.movement.title, **_registered(*b.at(report.unit.path)),
             "children": [{"id": c.pk, "name": c.name, **_registered(*b.at(c.path))}
                          for c in (r.unit for r in report.children)],
             "titles": [{"code": t.code, "name": t.name, "individual": t.individual, "collective": t.collective}
                        for t in b.titles]}
            for b in report.registrations
        ],
        "clusters": [
            {"id": c.cluster.pk, "name": c.cluster.name, "kind": c.cluster.kind,
             "leader": c.cluster.leader.name if c.cluster.leader else None,
             "classification": c.split.as_dict(), "awards": c.awards,
             "units": [{"id": r.unit.pk, "name": r.unit.name, "url": urls.get(r.unit.pk, ""),
                        "members": r.split.members, "htxs_share": r.split.htxs_share, "awards": r.awards,
                        "leader": r.unit.pk == c.cluster.leader_id} for r in c.rows]}
            for c in report.clusters
        ],
        "trend": trend_data(report.trend),
        "initiatives": report.initiatives,
    }  # fmt: skip


# --- the unit and year asked for (pages and API) -------------------------------------------------------------------

MIN_YEAR, MAX_YEAR = 2000, 2100


def report_unit(user, pk: int) -> Unit:
    """The unit, if the user may view its statistics: 404 outside the scope, 403 without the view role."""
    unit = Unit.objects.visible_to(user, Action.VIEW).filter(pk=pk).select_related("parent").first()
    if unit is None:
        raise Http404
    if not get_scope(user).covers_path(Action.VIEW, unit.path):
        raise PermissionDenied
    return unit


def report_year(value) -> int:
    """The year asked for, or the current one when missing or not a plausible year."""
    text = str(value or "")
    if text.isdigit() and MIN_YEAR <= int(text) <= MAX_YEAR:
        return int(text)
    return timezone.localdate().year
