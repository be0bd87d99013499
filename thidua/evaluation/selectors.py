"""Reads of the evaluation for pages, the API, exports and the commendation part."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, Count, F, Prefetch, Q, QuerySet, Value, When
from django.http import Http404

from thidua.core.roles import Action
from thidua.core.scope import get_scope
from thidua.core.text import fold
from thidua.evaluation import engine
from thidua.evaluation.choices import GOOD_LEVELS, LOCKED, Level, RoundStatus, SubmissionStatus
from thidua.evaluation.models import CriterionScore, EvaluationRound, Objection, Submission, UnitResult
from thidua.evaluation.rules import round_rules
from thidua.members.models import Member
from thidua.movements.models import Criterion
from thidua.organizations.models import Cluster, Unit
from thidua.rules.choices import Classification

# --- downstream: the commendation part reads classifications through these ------------------------------------------


def member_classifications(member_ids, years) -> dict[tuple[int, int], Classification]:
    """(member id, year) → the member's classification of that year, from locked year rounds (one query). A member
    not rated (fewer months than the pack requires) or without a locked year round has no entry. When a member took
    part in several year rounds of a year, the one ending last counts."""
    rows = (Submission.objects.filter(member_id__in=list(member_ids), round__year__in=list(years),
                                      round__status__in=list(LOCKED), round__phase__isnull=True,
                                      level__in=[c.value for c in Classification])
            .values_list("member_id", "round__year", "level").order_by("round__period_end", "round_id"))  # fmt: skip
    return {(member_id, year): Classification(level) for member_id, year, level in rows}


def unit_classifications(unit_ids, years) -> dict[tuple[int, int], Classification]:
    """(unit id, year) → the unit's classification of that year, from locked year rounds (one query)."""
    rows = (UnitResult.objects.filter(unit_id__in=list(unit_ids), round__year__in=list(years),
                                      round__status__in=list(LOCKED), round__phase__isnull=True,
                                      level__in=[c.value for c in Classification])
            .values_list("unit_id", "round__year", "level").order_by("round__period_end", "round_id"))  # fmt: skip
    return {(unit_id, year): Classification(level) for unit_id, year, level in rows}


# --- rounds -----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoundFilters:
    year: int | None = None
    status: str | None = None
    unit: int | None = None

    @classmethod
    def from_query(cls, params) -> "RoundFilters":
        year, unit = params.get("year") or "", params.get("unit") or ""
        return cls(year=int(year) if str(year).isdigit() else None, status=params.get("status") or None,
                   unit=int(unit) if str(unit).isdigit() else None)  # fmt: skip


def round_list(user, filters: RoundFilters) -> QuerySet:
    qs = EvaluationRound.objects.visible_to(user)
    if filters.unit is not None:
        unit = Unit.objects.visible_to(user).filter(pk=filters.unit).only("path").first()
        if unit is None:
            raise Http404
        qs = qs.filter(unit__path__startswith=unit.path)
    if filters.year:
        qs = qs.filter(year=filters.year)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return (
        qs.select_related("unit", "movement", "phase")
        .annotate(members=Count("submissions"))
        .order_by("-period_end", "unit__name", "pk")
    )


@dataclass
class Rights:
    decide: bool  # the executive committee of the running unit
    review_paths: tuple[str, ...]  # the units whose submissions the user reviews
    own: Submission | None  # the user's own submission

    @property
    def reviews(self) -> bool:
        return self.decide or bool(self.review_paths)

    def can_review(self, submission: Submission) -> bool:
        return self.decide or any(submission.unit.path.startswith(p) for p in self.review_paths)


def rights(user, evaluation_round: EvaluationRound) -> Rights:
    scope = get_scope(user)
    decide = scope.covers_path(Action.DECIDE, evaluation_round.unit.path)
    if scope.is_superuser:
        paths: tuple[str, ...] = (evaluation_round.unit.path,)
    else:
        paths = tuple(p for p in scope.prefixes.get(Action.REVIEW, ())
                      if p.startswith(evaluation_round.unit.path)
                      or evaluation_round.unit.path.startswith(p))  # fmt: skip
    own = None
    if scope.member_ids:
        own = (evaluation_round.submissions.filter(member_id__in=scope.member_ids)
               .select_related("member", "unit").first())  # fmt: skip
    return Rights(decide, paths, own)


@dataclass
class BoardRow:
    unit: Unit
    counts: dict[str, int]
    total: int

    @property
    def waiting_self(self) -> int:
        return self.counts.get(SubmissionStatus.DRAFT, 0) + self.counts.get(SubmissionStatus.RETURNED, 0)

    @property
    def waiting_review(self) -> int:
        return self.counts.get(SubmissionStatus.SUBMITTED, 0)


def round_board(evaluation_round: EvaluationRound, paths: tuple[str, ...] | None = None) -> list[BoardRow]:
    """Per unit of the members (usually the union groups): how many submissions are at each status (one query).
    ``paths`` limits it to the units a group leader reviews."""
    qs = evaluation_round.submissions.all()
    if paths is not None:
        q = Q()
        for path in paths:
            q |= Q(unit__path__startswith=path)
        qs = qs.filter(q)
    rows = qs.values("unit_id", "status").annotate(n=Count("pk")).order_by()
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for row in rows:
        counts[row["unit_id"]][row["status"]] = row["n"]
    units = Unit.objects.in_bulk(list(counts))
    board = [BoardRow(units[pk], c, sum(c.values())) for pk, c in counts.items()]
    return sorted(board, key=lambda r: (r.unit.path.count("/"), r.unit.name))


def waiting(evaluation_round: EvaluationRound, statuses, paths: tuple[str, ...] | None = None) -> QuerySet:
    """Submissions at the given statuses (who has not submitted, or not been reviewed), in name order."""
    qs = evaluation_round.submissions.filter(status__in=list(statuses))
    if paths is not None:
        q = Q()
        for path in paths:
            q |= Q(unit__path__startswith=path)
        qs = qs.filter(q)
    return qs.select_related("member", "unit").order_by("unit__name", "member__sort_key", "member__code")


def criteria(evaluation_round: EvaluationRound) -> list[Criterion]:
    crits = engine.individual_criteria(evaluation_round.criteria_version_id)
    for criterion in crits:
        criterion.is_computed = engine.is_computed(criterion)
    return crits


def submission_with_scores(submission: Submission) -> list[CriterionScore]:
    return list(submission.scores.select_related("criterion").order_by("criterion__order", "criterion_id"))


@dataclass
class SheetRow:
    submission: Submission
    scores: list[CriterionScore]


def review_sheet(evaluation_round: EvaluationRound, unit: Unit) -> list[SheetRow]:
    """The members of a unit's subtree with their scores, for the group review grid (two queries)."""
    subs = list(evaluation_round.submissions.filter(unit__path__startswith=unit.path)
                .select_related("member", "unit").prefetch_related(
                    Prefetch("scores", queryset=CriterionScore.objects.select_related("criterion")
                             .order_by("criterion__order", "criterion_id")))
                .order_by("unit__name", "member__sort_key", "member__code"))  # fmt: skip
    return [SheetRow(s, list(s.scores.all())) for s in subs]


@dataclass
class QuotaStatus:
    base: int  # rated (or reaching by points) HTT or better
    allowed: int
    htxs: int  # currently HTXS (after the quota once decided; by points while reviewing)
    by_points: int  # reaching HTXS by points
    ratio: Decimal
    rounding: str
    citation: str

    @property
    def over(self) -> int:
        return max(0, self.htxs - self.allowed)


def quota_status(evaluation_round: EvaluationRound) -> QuotaStatus:
    """The quota as it stands: while members are reviewed, by the levels their current points reach."""
    rules = round_rules(evaluation_round)
    counts = evaluation_round.submissions.aggregate(
        base=Count("pk", filter=Q(level__in=GOOD_LEVELS)),
        htxs=Count("pk", filter=Q(level=Level.HTXS)),
        by_points=Count("pk", filter=Q(score_level=Level.HTXS) & ~Q(level=Level.NOT_RATED) & Q(disciplined=False)),
    )
    return QuotaStatus(counts["base"], rules.quota_allowed(counts["base"]), counts["htxs"], counts["by_points"],
                       rules.quota_ratio, rules.rounding, rules.quota_value.citation)  # fmt: skip


def decision_sheet(evaluation_round: EvaluationRound, *, only: str = "") -> QuerySet:
    """Every submission for the committee, best first; ``only`` = "quota" lists the HTXS candidates and those moved
    down, "changed" those whose level differs from their points."""
    qs = evaluation_round.submissions.select_related("member", "unit")
    if only == "quota":
        qs = qs.filter(Q(score_level=Level.HTXS) | Q(quota_applied=True))
    elif only == "changed":
        qs = qs.exclude(level_note="")
    return qs.order_by("unit__name", "-total", "member__sort_key", "member__code")


def publication(evaluation_round: EvaluationRound) -> QuerySet:
    """The published results: name, unit, total, level (what every member of the round may see)."""
    return (evaluation_round.submissions.select_related("member", "unit")
            .only("pk", "member__full_name", "member__code", "member__sort_key", "unit__name", "total", "level",
                  "round_id", "unit_id", "member_id")
            .order_by("unit__name", "member__sort_key", "member__code"))  # fmt: skip


def can_see_publication(user, evaluation_round: EvaluationRound) -> bool:
    """Published results are for the members of the round and the users whose scope covers (part of) it."""
    if evaluation_round.status != RoundStatus.PUBLISHED:
        return get_scope(user).covers_path(Action.VIEW, evaluation_round.unit.path)
    return EvaluationRound.objects.visible_to(user).filter(pk=evaluation_round.pk).exists()


def level_counts(evaluation_round: EvaluationRound) -> dict[str, int]:
    rows = evaluation_round.submissions.values("level").annotate(n=Count("pk")).order_by()
    return {row["level"] or "": row["n"] for row in rows}


def objections(evaluation_round: EvaluationRound) -> QuerySet:
    return (
        Objection.objects.filter(submission__round=evaluation_round)
        .select_related("submission__member", "submission__unit", "resolved_by")
        .order_by("status", "-created_at")
    )


def unit_results(evaluation_round: EvaluationRound) -> list[UnitResult]:
    results = list(evaluation_round.unit_results.select_related("unit"))
    return sorted(results, key=lambda r: (r.unit_id != evaluation_round.unit_id, *engine.rank_key(r)))


# --- cluster rankings -------------------------------------------------------------------------------------------------


@dataclass
class ClusterRow:
    rank: int
    unit: Unit
    result: UnitResult | None


@dataclass
class ClusterRanking:
    cluster: Cluster
    rows: list[ClusterRow] = field(default_factory=list)


def cluster_rankings(clusters: list[Cluster]) -> list[ClusterRanking]:
    """The member units of each cluster ranked by their own result of the cluster's year (a year round rather than a
    phase round, then the latest): total, then share of HTXS members, then name, then id. Units without a result
    come last. Three queries whatever the number of clusters."""
    memberships = list(Cluster.units.through.objects.filter(cluster_id__in=[c.pk for c in clusters])
                       .values_list("cluster_id", "unit_id"))  # fmt: skip
    unit_ids = {u for _, u in memberships}
    years = {c.year for c in clusters}
    results: dict[tuple[int, int], UnitResult] = {}
    qs = (
        UnitResult.objects.filter(unit_id__in=unit_ids, round__year__in=years, round__unit_id=F("unit_id"))
        .select_related("unit", "round")
        .annotate(year_round=Case(When(round__phase__isnull=True, then=Value(1)), default=Value(0)))
        .order_by("year_round", "round__period_end", "round_id")
    )
    for result in qs:
        results[(result.unit_id, result.round.year)] = result  # the last one (year round, latest) wins
    units = Unit.objects.in_bulk(unit_ids)
    out = []
    for cluster in clusters:
        members = [units[u] for c, u in memberships if c == cluster.pk and u in units]
        scored = [(results.get((u.pk, cluster.year)), u) for u in members]
        ordered = sorted(scored, key=lambda item: engine.rank_key(item[0]) if item[0] is not None
                         else (True, 0, 0, fold(item[1].name), item[1].name, item[1].pk))  # fmt: skip
        out.append(ClusterRanking(cluster, [ClusterRow(i, u, r) for i, (r, u) in enumerate(ordered, start=1)]))
    return out


def member_results(member: Member) -> QuerySet:
    """A member's results in locked rounds, newest first (for their page)."""
    return (member.submissions.filter(round__status__in=list(LOCKED)).select_related("round", "round__unit")
            .order_by("-round__period_end"))  # fmt: skip
