"""The evaluation engine: criteria from the evidence, totals, classification, the HTXS quota and unit results, for a
set of rounds at once, with a fixed number of set-based statements whatever the number of members.

Rounds that share the criteria version, the period and the rules are evaluated together (a province evaluates its
1,700 grassroots unions in one pass). Every step is one statement (or one per criterion) over all their rows:

1. computed criteria: per criterion, the member counts of the evidence (``thidua.evidence.measures``, grouped
   queries) are joined to the score rows; the points of each distinct (count, out of) pair are computed once in
   Python with ``thidua.movements.scoring.criterion_points`` (the movements' rule) and one ``UPDATE … FROM`` writes
   the rows that changed;
2. totals: the sum of the points that count (computed, else the committee's, else the group's, else the member's)
   per submission, brought to the scale's maximum when the criteria add up to another;
3. classification: the level the points reach on the pack's scale, then the rules that override points — under the
   pack's minimum months worked: not rated; disciplined during the period at a level the pack lists: the scale's
   ``discipline_forces`` level (KHT) — each with its explanation;
4. the HTXS quota per round (see ``apply_quota``), with an explanation for everyone moved down;
5. unit results: the union groups' scores and ranks, the running union's total from its parts.

Writes skip rows whose values do not change, so evaluating a round again costs reads, not writes.
``submission_ids`` limits steps 1–3 to some submissions (a saved review, a reopened result); the quota is then
checked against the other members' results (``_quota_for_one``).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import (
    Case,
    Count,
    DecimalField,
    F,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.text import fold
from thidua.evaluation.choices import GOOD_LEVELS, RATED_LEVELS, Level, QuotaChoice
from thidua.evaluation.models import CriterionScore, EvaluationRound, Submission, UnitResult
from thidua.evaluation.rules import (
    GRASSROOTS_SCALE,
    GROUP_SCALE,
    ROUNDING_LABELS,
    TIE_BREAKS,
    RoundRules,
    round_rules,
    unit_scale,
)
from thidua.evidence.measures import member_counts
from thidua.evidence.selectors import disciplines_in
from thidua.movements.choices import MEASURED_METHODS, CriterionMethod, Subject
from thidua.movements.models import Criterion
from thidua.movements.scoring import criterion_points
from thidua.organizations.choices import UnitKind
from thidua.organizations.models import Unit

CENT = Decimal("0.01")
MAX_CHUNK_ROWS = 5000  # rows per UPDATE … FROM (VALUES …)
MAX_PARAMS = 30000  # below SQLite's and PostgreSQL's limits on query parameters


def individual_criteria(version_id: int) -> list[Criterion]:
    """The criteria members are scored on: those of the version not listed under a collective content group."""
    return list(Criterion.objects.filter(version_id=version_id)
                .exclude(item__group__subject=Subject.COLLECTIVE).order_by("order", "pk"))  # fmt: skip


def initial_values(criterion: Criterion) -> tuple[float | None, Decimal | None]:
    """(measured, points) of a computed criterion for a member without any record: what a score row starts with, so
    that scoring writes only the rows of members who have records (deductions: the few with a violation)."""
    if criterion.method not in MEASURED_METHODS or not criterion.metric_key:
        return None, None
    counts = member_counts(criterion.metric_key, criterion.metric_params, start=None, end=None)
    if counts is None:
        return None, None
    value = measured_value(criterion, 0, 0 if counts.denominator is not None else None)
    return value, criterion_points(criterion, value)


def is_computed(criterion: Criterion) -> bool:
    """Measured from the evidence (a measured method with an evidence key); every other criterion is scored by
    people (manual and yes/no ones, and measured keys that cannot be counted per member)."""
    if criterion.method not in MEASURED_METHODS or not criterion.metric_key:
        return False
    return member_counts(criterion.metric_key, criterion.metric_params, start=None, end=None) is not None


@dataclass
class Stats:
    rounds: int = 0
    submissions: int = 0
    moved_down: int = 0
    unit_results: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


# --- SQL helpers ------------------------------------------------------------------------------------------------------


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _in(column: str, values: Iterable[int]) -> tuple[str, list]:
    values = list(values)
    return f"{column} IN ({', '.join(['%s'] * len(values))})", values


def _execute(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _update_values(table: str, key_columns: list[str], set_columns: list[tuple[str, str]],
                   rows: list[tuple], where: str = "", params: list | None = None) -> None:  # fmt: skip
    """Write many rows' values in few statements: ``UPDATE table SET c = v.c … FROM <rows> v WHERE keys match``.

    ``set_columns`` are (column, database type) pairs. On PostgreSQL the rows travel as one array per column
    (``unnest``: one statement, a handful of parameters, whatever the number of rows); elsewhere as ``VALUES`` lists
    in chunks below the parameter limit."""
    if not rows:
        return
    t = _q(table)
    n_keys = len(key_columns)
    key_types = ["bigint" if col.endswith("id") else "integer" for col in key_columns]
    types = [*key_types, *(db_type for _col, db_type in set_columns)]
    names = [f"c{i}" for i in range(len(types))]
    assignments = ", ".join(f"{_q(col)} = v.{names[n_keys + i]}" for i, (col, _type) in enumerate(set_columns))
    joins = " AND ".join(f"{t}.{_q(col)} = v.{names[i]}" for i, col in enumerate(key_columns))
    extra = f" AND {where}" if where else ""
    if connection.vendor == "postgresql":
        arrays = ", ".join(f"CAST(%s AS {db_type}[])" for db_type in types)
        columns = [list(column) for column in zip(*rows, strict=True)]
        sql = (f"UPDATE {t} SET {assignments} FROM unnest({arrays}) AS v({', '.join(names)}) "  # noqa: S608
               f"WHERE {joins}{extra}")  # fmt: skip
        _execute(sql, [*columns, *(params or [])])
        return
    width = len(types)
    placeholder = "(" + ", ".join(["%s"] * width) + ")"
    size = max(1, min(MAX_CHUNK_ROWS, MAX_PARAMS // width))
    renamed = ", ".join(f"column{i + 1} AS {name}" for i, name in enumerate(names))
    for start in range(0, len(rows), size):
        chunk = rows[start : start + size]
        values = ", ".join([placeholder] * len(chunk))
        flat = [value for row in chunk for value in row]
        sql = (f"UPDATE {t} SET {assignments} FROM (SELECT {renamed} FROM (VALUES {values})) AS v "  # noqa: S608
               f"WHERE {joins}{extra}")  # fmt: skip
        _execute(sql, [*flat, *(params or [])])


def _db_type(field_obj) -> str:
    return field_obj.db_type(connection)


# --- batches ----------------------------------------------------------------------------------------------------------


@dataclass
class Batch:
    version_id: int
    start: datetime.date
    end: datetime.date
    rules: RoundRules
    rounds: list[EvaluationRound]
    criteria: list[Criterion] = field(default_factory=list)
    quota_rules: dict[int, RoundRules] = field(default_factory=dict)  # the outstanding-unit ratio differs per round

    @property
    def round_ids(self) -> list[int]:
        return [r.pk for r in self.rounds]


def batches(rounds: list[EvaluationRound]) -> list[Batch]:
    groups: dict[tuple, Batch] = {}
    rules_cache: dict[tuple, RoundRules] = {}
    for evaluation_round in rounds:
        key = (evaluation_round.rule_pack_id, evaluation_round.rules_on, evaluation_round.outstanding_unit)
        if key not in rules_cache:
            rules_cache[key] = round_rules(evaluation_round)
        rules = rules_cache[key]
        batch_key = (evaluation_round.criteria_version_id, evaluation_round.period_start, evaluation_round.period_end,
                     evaluation_round.rule_pack_id, evaluation_round.rules_on)  # fmt: skip
        batch = groups.get(batch_key)
        if batch is None:
            batch = groups[batch_key] = Batch(evaluation_round.criteria_version_id, evaluation_round.period_start,
                                              evaluation_round.period_end, rules, [])  # fmt: skip
        batch.rounds.append(evaluation_round)
        batch.quota_rules[evaluation_round.pk] = rules
    for batch in groups.values():
        batch.criteria = individual_criteria(batch.version_id)
    return list(groups.values())


# --- the steps --------------------------------------------------------------------------------------------------------


def _scope_sql(alias: str, batch: Batch, submission_ids: list[int] | None, column: str = "submission_id"):
    where, params = _in(f"{alias}.{_q('round_id')}", batch.round_ids)
    if submission_ids is not None:
        extra, extra_params = _in(f"{alias}.{_q(column)}", submission_ids)
        where, params = f"{where} AND {extra}", [*params, *extra_params]
    return where, params


def _score_rows(batch: Batch, submission_ids: list[int] | None):
    qs = CriterionScore.objects.filter(round_id__in=batch.round_ids)
    return qs.filter(submission_id__in=submission_ids) if submission_ids is not None else qs


def _members_of(batch: Batch):
    """Narrow a per-member count to the members of the batch's unit subtrees: by their common path (nothing to narrow
    when it is the root of the tree, as for a whole province)."""
    prefix = common_prefix(r.unit.path for r in batch.rounds)
    if prefix.count("/") <= 2:
        return lambda qs: qs
    return lambda qs: qs.filter(member__unit__path__startswith=prefix)


class _Sql:
    """The few spellings that differ between PostgreSQL and SQLite."""

    def __init__(self):
        postgres = connection.vendor == "postgresql"
        self.greatest, self.least = ("GREATEST", "LEAST") if postgres else ("MAX", "MIN")
        self.number = "CAST(%s AS NUMERIC)" if postgres else "CAST(%s AS REAL)"
        self.float = "double precision" if postgres else "REAL"
        self.differs = "IS DISTINCT FROM" if postgres else "IS NOT"


def measured_value_sql(criterion: Criterion, num: str, den: str | None) -> str:
    """SQL for the value compared with the target: a percentage (4 decimals) for a share, else the count."""
    if criterion.method == CriterionMethod.SHARE and den is not None:
        return f"(CASE WHEN {den} > 0 THEN ROUND(100.0 * {num} / {den}, 4) END)"
    return f"(1.0 * {num})"


def points_sql(criterion: Criterion, value: str) -> tuple[str, list]:
    """SQL for the points of ``value``: thidua.movements.scoring.criterion_points written as one expression (so a
    province is scored without a round trip per member); test_engine checks they agree."""
    s = _Sql()
    maximum = criterion.max_points
    if criterion.method == CriterionMethod.DEDUCTION:
        expr = f"{s.number} - {s.number} * {value}"
        params = [maximum, criterion.deduction_points or Decimal(0)]
    else:
        expr = f"{s.number} * {s.least}({value} / {s.number}, 1)"
        params = [maximum, criterion.target_value or Decimal(1)]
    # No value (a share of nothing) is no points. PostgreSQL's LEAST/GREATEST skip NULLs, so test it first.
    clamped = f"ROUND({s.greatest}(0, {s.least}({s.number}, {expr})), 2)"
    return f"(CASE WHEN {value} IS NULL THEN 0 ELSE {clamped} END)", [maximum, *params]


def measured_value(criterion: Criterion, num: int, den: int | None) -> float | None:
    """The same value in Python (the members without any record, and the tests)."""
    if criterion.method == CriterionMethod.SHARE and den is not None:
        if not den:
            return None
        return float((Decimal(100) * num / den).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP))
    return float(num)


def fill_computed(batch: Batch, submission_ids: list[int] | None = None) -> None:
    """Step 1: the computed criteria, from the evidence of the period. Per criterion, two UPDATEs: the members with
    records get their counts, value and points from one grouped query joined on the member; those without (an anti
    join: ``NOT EXISTS``, never ``NOT IN``, which PostgreSQL cannot hash beyond ``work_mem``) get the points of
    nothing. Rows that do not change are not written."""
    table = CriterionScore._meta.db_table
    t = _q(table)
    s = _Sql()
    restrict = _members_of(batch)
    col = {name: f"{t}.{_q(name)}" for name in ("member_id", "criterion_id", "computed_score", "measured_num",
                                                "measured_den", "computed")}  # fmt: skip
    for criterion in batch.criteria:
        counts = member_counts(criterion.metric_key, criterion.metric_params, start=batch.start, end=batch.end) \
            if criterion.method in MEASURED_METHODS and criterion.metric_key else None  # fmt: skip
        if counts is None:
            continue
        num_sql, num_params = restrict(counts.numerator).query.sql_with_params()
        member = _q("member_id")
        if counts.denominator is not None:
            den_sql, den_params = restrict(counts.denominator).query.sql_with_params()
            # A member counted in the numerator is always in the denominator (thidua.evidence.measures).
            agg = (f"SELECT d.{member} AS {member}, COALESCE(n.n, 0) AS num, d.n AS den "  # noqa: S608
                   f"FROM ({den_sql}) AS d LEFT JOIN ({num_sql}) AS n ON n.{member} = d.{member}")  # fmt: skip
            agg_params = [*den_params, *num_params]
        else:
            agg = f"SELECT n.{member} AS {member}, n.n AS num, 0 AS den FROM ({num_sql}) AS n"  # noqa: S608
            agg_params = list(num_params)
        has_den = counts.denominator is not None
        value = measured_value_sql(criterion, "agg.num", "agg.den" if has_den else None)
        points, points_params = points_sql(criterion, value)
        where, where_params = _scope_sql(t, batch, submission_ids)
        where = f"{where} AND {col['criterion_id']} = %s"
        where_params = [*where_params, criterion.pk]
        _execute(
            f"UPDATE {t} SET {_q('measured_num')} = agg.num, {_q('measured_den')} = agg.den, "  # noqa: S608
            f"{_q('measured')} = CAST({value} AS {s.float}), {_q('computed_score')} = {points}, "
            f"{_q('computed')} = %s FROM ({agg}) AS agg WHERE {col['member_id']} = agg.{member} AND {where} "
            f"AND ({col['computed_score']} {s.differs} {points} OR {col['measured_num']} <> agg.num "
            f"OR {col['measured_den']} <> agg.den OR NOT {col['computed']})",
            [*points_params, True, *agg_params, *where_params, *points_params],
        )
        nothing, nothing_points = initial_values(criterion)
        _execute(
            f"UPDATE {t} SET {_q('measured_num')} = 0, {_q('measured_den')} = 0, {_q('measured')} = %s, "  # noqa: S608
            f"{_q('computed_score')} = %s, {_q('computed')} = %s WHERE {where} AND NOT EXISTS (SELECT 1 FROM "
            f"({agg}) AS agg WHERE agg.{member} = {col['member_id']}) AND ({col['computed_score']} {s.differs} %s "
            f"OR {col['measured_num']} <> 0 OR {col['measured_den']} <> 0 OR NOT {col['computed']})",
            [nothing, nothing_points, True, *where_params, *agg_params, nothing_points],
        )


# The points that count, per score row: computed, else the committee's, else the group's, else the member's.
POINTS = Case(
    When(computed=True, then=Coalesce(F("computed_score"), Value(Decimal(0)))),
    default=Coalesce(F("decided_score"), F("review_score"), F("self_score"), Value(Decimal(0))),
    output_field=DecimalField(max_digits=7, decimal_places=2),
)
OWN_POINTS = Case(
    When(computed=True, then=Coalesce(F("computed_score"), Value(Decimal(0)))),
    default=Coalesce(F("self_score"), Value(Decimal(0))),
    output_field=DecimalField(max_digits=7, decimal_places=2),
)


def score_and_classify(batch: Batch, submission_ids: list[int] | None = None) -> None:
    """Steps 2 and 3 in one UPDATE per batch (each submission is written once, and only when something changes):

    - totals: the sum of the points that count, brought to the scale's maximum when the criteria add up to another,
      and the member's own total;
    - the level the total reaches on the pack's scale, then the rules that override points — under the pack's
      minimum months worked: not rated; disciplined during the period at a level the pack lists: the scale's
      ``discipline_forces`` level — each with its explanation and citation.
    """
    rules = batch.rules
    s = _Sql()
    criteria_max = sum((c.max_points for c in batch.criteria), Decimal(0))
    factor = Decimal(str(rules.scale.max_points)) / criteria_max if criteria_max else Decimal(1)
    grouped = (_score_rows(batch, submission_ids).values("submission_id").annotate(s=Sum(POINTS), ss=Sum(OWN_POINTS))
               .values_list("submission_id", "s", "ss").order_by())  # fmt: skip
    g_sql, g_params = grouped.query.sql_with_params()
    if factor == 1:
        totals, t_params = "g.s AS total, g.ss AS own", []
    else:
        totals, t_params = f"ROUND(g.s * {s.number}, 2) AS total, ROUND(g.ss * {s.number}, 2) AS own", [factor, factor]
    sid = _q("submission_id")
    agg = f"SELECT g.{sid} AS {sid}, {totals} FROM ({g_sql}) AS g"  # noqa: S608
    table = Submission._meta.db_table
    t = _q(table)
    disc_sql, disc_params = (disciplines_in(rules.discipline_levels, batch.start, batch.end)
                             .values("member_id").order_by().query.sql_with_params())  # fmt: skip
    disciplined = f"({t}.{_q('member_id')} IN ({disc_sql}))"
    by_points = "CASE " + " ".join(f"WHEN agg.total >= {s.number} THEN %s" for _ in rules.scale.levels) + " ELSE %s END"
    by_points_params = [p for level in rules.scale.levels for p in (Decimal(str(level.min_points)), level.code.value)]
    by_points_params.append(Level.KHT.value)
    months = f"{t}.{_q('worked_months')} < %s"
    months_note = [_("Công tác "), _(" tháng trong năm, dưới {n} tháng: không xếp loại ({citation}).").format(
        n=rules.min_months, citation=rules.min_months_value.citation)]  # fmt: skip
    level = f"CASE WHEN {months} THEN %s"
    level_params = [rules.min_months, Level.NOT_RATED.value]
    note = (f"CASE WHEN {months} THEN CAST(%s AS TEXT) || CAST({t}.{_q('worked_months')} AS TEXT) "
            "|| CAST(%s AS TEXT)")  # fmt: skip
    note_params = [rules.min_months, *months_note]
    forced = rules.scale.discipline_forces
    if forced:
        level += f" WHEN {disciplined} THEN %s"
        level_params += [*disc_params, forced.value]
        note += f" WHEN {disciplined} THEN %s"
        note_params += [*disc_params, _("Bị kỷ luật trong kỳ đánh giá: xếp loại {level} không phụ thuộc điểm "
                                        "({citation}).").format(level=forced.value,
                                                                citation=rules.discipline_value.citation)]  # fmt: skip
    level += f" ELSE {by_points} END"
    level_params += by_points_params
    note += " ELSE '' END"
    sets = [("total", "agg.total", []), ("self_total", "agg.own", []), ("disciplined", disciplined, disc_params),
            ("score_level", by_points, by_points_params), ("level", level, level_params),
            ("level_note", note, note_params), ("quota_applied", "%s", [False])]  # fmt: skip
    where, where_params = _in(f"{t}.{_q('round_id')}", batch.round_ids)
    if submission_ids is not None:
        extra, extra_params = _in(f"{t}.{_q('id')}", submission_ids)
        where, where_params = f"{where} AND {extra}", [*where_params, *extra_params]
    assignments = ", ".join(f"{_q(name)} = {expr}" for name, expr, _p in sets)
    changed = " OR ".join(f"{t}.{_q(name)} {s.differs} {expr}" for name, expr, _p in sets)
    set_params = [p for _n, _e, params in sets for p in params]
    _execute(
        f"UPDATE {t} SET {assignments} FROM ({agg}) AS agg WHERE {t}.{_q('id')} = agg.{sid} "  # noqa: S608
        f"AND {where} AND ({changed})",
        [*set_params, *t_params, *g_params, *where_params, *set_params],
    )


# --- the quota ----------------------------------------------------------------------------------------------------


@dataclass
class Candidate:
    pk: int
    round_id: int
    total: Decimal
    gender: str
    code: str
    name: str
    choice: str
    reason: str


def _preference(candidate: Candidate, tie_breaks: tuple[str, ...]) -> tuple:
    """Smaller is preferred: one entry per tie-break of the pack, in its order."""
    keys = []
    for tie_break in tie_breaks:
        if tie_break == "female":
            keys.append(0 if candidate.gender == "female" else 1)
    return tuple(keys)


def rank_candidates(candidates: list[Candidate], tie_breaks: tuple[str, ...]) -> list[Candidate]:
    """Kept by the committee first, then by points, then the pack's tie-breaks, then the member code (so the order
    never depends on the database)."""
    return sorted(candidates, key=lambda c: (c.choice != QuotaChoice.KEEP, -c.total, _preference(c, tie_breaks),
                                             c.code))  # fmt: skip


def quota_explanation(*, rules: RoundRules, unit_name: str, allowed: int, base: int, rank: int, candidate: Candidate,
                      last_kept: Candidate | None, candidates: int) -> str:  # fmt: skip
    """Why a candidate is moved from HTXS to HTT, in Vietnamese."""
    head = _("Vượt chỉ tiêu HTXS của {unit}: tối đa {allowed} người = {ratio}% × {base} người đạt HTT trở lên "
             "({rounding}; {citation}).").format(
        unit=unit_name, allowed=allowed, ratio=_percent(rules.quota_ratio), base=base,
        rounding=ROUNDING_LABELS[rules.rounding], citation=rules.quota_value.citation)  # fmt: skip
    where = _("Đạt {total} điểm, xếp thứ {rank}/{n} trong số người đủ điểm HTXS.").format(
        total=_points(candidate.total), rank=rank, n=candidates
    )
    if last_kept is None or last_kept.total != candidate.total or last_kept.choice == QuotaChoice.KEEP:
        return f"{head} {where}"
    if _preference(last_kept, rules.tie_breaks) != _preference(candidate, rules.tie_breaks):
        preferred = ", ".join(str(TIE_BREAKS[t]) for t in rules.tie_breaks)
        tie = _("Bằng điểm với {name} (xếp thứ {allowed}); {preferred} theo {citation}.").format(
            name=last_kept.name, allowed=allowed, preferred=preferred, citation=rules.tie_break_value.citation
        )
    else:
        tie = _("Bằng điểm và cùng thứ tự ưu tiên với {name} (xếp thứ {allowed}); xếp theo mã đoàn viên.").format(
            name=last_kept.name, allowed=allowed
        )
    return f"{head} {where} {tie}"


def _percent(ratio: Decimal) -> str:
    return f"{(ratio * 100).normalize():f}"


def _points(value: Decimal) -> str:
    return f"{value.quantize(CENT, rounding=ROUND_HALF_UP).normalize():f}"


def _lowered_note(reason: str) -> str:
    return _("Ban Chấp hành xếp HTT để giữ chỉ tiêu HTXS: {reason}").format(reason=reason or "—")


@dataclass
class QuotaView:
    """The quota of one round as the pages show it."""

    base: int
    allowed: int
    candidates: int
    kept: int


def quota_counts(round_ids: list[int]) -> dict[int, tuple[int, int]]:
    """round → (rated HTT or better, HTXS): one grouped query."""
    rows = (Submission.objects.filter(round_id__in=round_ids).values("round_id")
            .annotate(base=Count("pk", filter=Q(level__in=GOOD_LEVELS)), htxs=Count("pk", filter=Q(level=Level.HTXS)))
            .values_list("round_id", "base", "htxs").order_by())  # fmt: skip
    return {round_id: (base, htxs) for round_id, base, htxs in rows}


def apply_quota(batch: Batch) -> int:
    """Step 4: in each round, keep at most the allowed number of HTXS; the others become HTT, each with the reason.
    Returns how many were moved down."""
    counts = quota_counts(batch.round_ids)
    rows = (Submission.objects.filter(round_id__in=batch.round_ids, level=Level.HTXS)
            .values_list("pk", "round_id", "total", "member__gender", "member__code", "member__full_name",
                         "quota_choice", "quota_reason").order_by())  # fmt: skip
    by_round: dict[int, list[Candidate]] = defaultdict(list)
    for row in rows:
        by_round[row[1]].append(Candidate(row[0], row[1], row[2] or Decimal(0), row[3], row[4], row[5], row[6],
                                          row[7]))  # fmt: skip
    names = dict(Unit.objects.filter(pk__in=[r.unit_id for r in batch.rounds]).values_list("pk", "name"))
    moved: list[tuple[int, str]] = []
    for evaluation_round in batch.rounds:
        candidates = by_round.get(evaluation_round.pk, [])
        if not candidates:
            continue
        rules = batch.quota_rules[evaluation_round.pk]
        base = counts.get(evaluation_round.pk, (0, 0))[0]
        allowed = rules.quota_allowed(base)
        lowered = [c for c in candidates if c.choice == QuotaChoice.LOWER]
        ranked = rank_candidates([c for c in candidates if c.choice != QuotaChoice.LOWER], rules.tie_breaks)
        moved += [(c.pk, _lowered_note(c.reason)) for c in lowered]
        last_kept = ranked[allowed - 1] if 0 < allowed <= len(ranked) else None
        for rank, candidate in enumerate(ranked, start=1):
            if rank <= allowed:
                continue
            note = quota_explanation(rules=rules, unit_name=names.get(evaluation_round.unit_id, ""), allowed=allowed,
                                     base=base, rank=rank, candidate=candidate, last_kept=last_kept,
                                     candidates=len(ranked))  # fmt: skip
            moved.append((candidate.pk, note))
    text_type = _db_type(Submission._meta.get_field("level_note"))
    _update_values(Submission._meta.db_table, ["id"],
                   [("level", _db_type(Submission._meta.get_field("level"))), ("level_note", text_type),
                    ("quota_applied", _db_type(Submission._meta.get_field("quota_applied")))],
                   [(pk, Level.HTT.value, note, True) for pk, note in moved])  # fmt: skip
    return len(moved)


def quota_for_one(evaluation_round: EvaluationRound, submission: Submission, rules: RoundRules) -> None:
    """The quota when only one result is reopened: the others stay as decided, so this member stays HTXS only if
    fewer than the allowed number of others are HTXS."""
    if submission.level != Level.HTXS:
        return
    others = Submission.objects.filter(round=evaluation_round).exclude(pk=submission.pk)
    base = others.filter(level__in=GOOD_LEVELS).count() + 1
    allowed = rules.quota_allowed(base)
    htxs = others.filter(level=Level.HTXS).count()
    if submission.quota_choice == QuotaChoice.LOWER:
        note = _lowered_note(submission.quota_reason)
    elif htxs < allowed:
        return
    else:
        note = _("Vượt chỉ tiêu HTXS của {unit}: tối đa {allowed} người = {ratio}% × {base} người đạt HTT trở lên "
                 "({rounding}; {citation}), đã đủ {htxs} người HTXS.").format(
            unit=evaluation_round.unit.name, allowed=allowed, ratio=_percent(rules.quota_ratio), base=base,
            rounding=ROUNDING_LABELS[rules.rounding], citation=rules.quota_value.citation, htxs=htxs)  # fmt: skip
    Submission.objects.filter(pk=submission.pk).update(level=Level.HTT, level_note=note, quota_applied=True)


# --- unit results -----------------------------------------------------------------------------------------------------


GROUP_KINDS = (UnitKind.GROUP, UnitKind.MEMBER_UNION)


@dataclass
class _Tally:
    members: int = 0
    rated: int = 0
    htxs: int = 0
    total_sum: Decimal = Decimal(0)


def common_prefix(paths: Iterable[str]) -> str:
    """The deepest unit path containing all the given ones ("/1/5/12/" and "/1/5/30/" → "/1/5/")."""
    split = [p.strip("/").split("/") for p in paths]
    if not split:
        return "/"
    shared = []
    for parts in zip(*split, strict=False):
        if len(set(parts)) != 1:
            break
        shared.append(parts[0])
    return "/" + "".join(f"{part}/" for part in shared) if shared else "/"


def _prefixes(path: str) -> list[str]:
    """ "/1/5/12/" → ["/1/", "/1/5/", "/1/5/12/"]."""
    parts = path.strip("/").split("/")
    return ["/" + "/".join(parts[:i]) + "/" for i in range(1, len(parts) + 1)]


def unit_results(batch: Batch, now=None) -> int:
    """Step 5: the results of the union groups (ranked within the running union) and of the running union."""
    now = now or timezone.now()
    rounds = {r.pk: r for r in batch.rounds}
    units_by_round: dict[int, list[Unit]] = {}
    prefix = common_prefix(r.unit.path for r in batch.rounds)
    candidates = list(Unit.objects.filter(path__startswith=prefix, closed_on__isnull=True).filter(
        Q(kind__in=GROUP_KINDS) | Q(pk__in=[r.unit_id for r in batch.rounds])
    ).only("pk", "name", "path", "kind"))  # fmt: skip
    round_by_path = {r.unit.path: r.pk for r in batch.rounds}
    for unit in candidates:
        owner = next((round_by_path[p] for p in reversed(_prefixes(unit.path)) if p in round_by_path), None)
        if owner is not None:
            units_by_round.setdefault(owner, []).append(unit)
    tallies: dict[tuple[int, str], _Tally] = defaultdict(_Tally)
    rows = (Submission.objects.filter(round_id__in=batch.round_ids).values("round_id", "unit__path")
            .annotate(n=Count("pk"), rated=Count("pk", filter=Q(level__in=RATED_LEVELS)),
                      htxs=Count("pk", filter=Q(level=Level.HTXS)),
                      total_sum=Sum("total", filter=Q(level__in=RATED_LEVELS)))
            .values_list("round_id", "unit__path", "n", "rated", "htxs", "total_sum").order_by())  # fmt: skip
    wanted = {(rid, u.path) for rid, units in units_by_round.items() for u in units}
    for round_id, path, n, rated, htxs, total_sum in rows:
        for prefix in _prefixes(path):
            if (round_id, prefix) in wanted:
                tally = tallies[(round_id, prefix)]
                tally.members += n
                tally.rated += rated
                tally.htxs += htxs
                tally.total_sum += total_sum or Decimal(0)
    existing = {(r.round_id, r.unit_id): r for r in UnitResult.objects.filter(round_id__in=batch.round_ids)}
    scales = {population: unit_scale(batch.rules.pack, batch.rules.on, population)[0]
              for population in (GRASSROOTS_SCALE, GROUP_SCALE)}  # fmt: skip
    member_max = Decimal(str(batch.rules.scale.max_points))
    creates, updates = [], []
    for round_id, units in units_by_round.items():
        evaluation_round = rounds[round_id]
        results = []
        for unit in units:
            population = GRASSROOTS_SCALE if unit.kind == UnitKind.GRASSROOTS else GROUP_SCALE
            unit_scale_value = scales[population]
            tally = tallies.get((round_id, unit.path), _Tally())
            result = existing.get((round_id, unit.pk))
            if result is None:
                result = UnitResult(round_id=round_id, unit=unit, population=population)
                creates.append(result)
            else:
                result.unit = unit
                updates.append(result)
            result.population = population
            result.members_count, result.rated_count, result.htxs_count = tally.members, tally.rated, tally.htxs
            result.htxs_share = tally.htxs / tally.rated if tally.rated else 0.0
            result.proposed_score = None
            if not unit_scale_value.parts and tally.rated:
                average = tally.total_sum / tally.rated
                result.proposed_score = (average * Decimal(str(unit_scale_value.max_points)) / member_max).quantize(
                    CENT, rounding=ROUND_HALF_UP
                )
            result.total, result.level, result.level_note = unit_total(result, unit_scale_value)
            if unit.pk != evaluation_round.unit_id:
                results.append(result)
            else:
                result.rank_in_parent = None
        for rank, result in enumerate(sorted(results, key=rank_key), start=1):
            result.rank_in_parent = rank
    fields = ["population", "members_count", "rated_count", "htxs_count", "htxs_share", "proposed_score", "total",
              "level", "level_note", "rank_in_parent"]  # fmt: skip
    UnitResult.objects.bulk_create(creates, batch_size=1000)
    field = UnitResult._meta.get_field
    _update_values(UnitResult._meta.db_table, ["id"], [(name, _db_type(field(name))) for name in fields],
                   [(r.pk, *(getattr(r, name) for name in fields)) for r in updates])  # fmt: skip
    return len(creates) + len(updates)


def rank_key(result: UnitResult) -> tuple:
    """Units rank by total (unscored last), then the share of HTXS members, then name (Vietnamese letters without
    their marks, then as written), then id: deterministic."""
    name = result.unit.name
    return (result.total is None, -(result.total or Decimal(0)), -result.htxs_share, fold(name), name, result.unit_id)


def unit_total(result: UnitResult, scale_value) -> tuple[Decimal | None, str, str]:
    """A unit's total and level: parts + bonus for a scale with parts (all parts entered), else the committee's
    score or the proposal from the members' results. With ``min_criterion_share``, a part below that share of its
    maximum keeps the unit below HTT."""
    if scale_value.parts:
        parts = result.parts or {}
        if any(parts.get(name) is None for name in scale_value.parts):
            return None, "", ""
        total = sum((Decimal(str(parts[name])) for name in scale_value.parts), Decimal(0)) + (result.bonus or 0)
    else:
        total = result.score if result.score is not None else result.proposed_score
        if total is None:
            return None, "", ""
    total = min(Decimal(total), Decimal(str(scale_value.max_points))).quantize(CENT, rounding=ROUND_HALF_UP)
    level = scale_value.classify(float(total)).value
    note = ""
    share = scale_value.min_criterion_share
    if share is not None and scale_value.parts and level in GOOD_LEVELS:
        weak = [name for name, maximum in scale_value.parts.items()
                if Decimal(str(result.parts[name])) < Decimal(str(share)) * Decimal(str(maximum))]  # fmt: skip
        if weak:
            level = Level.HT.value
            note = _("Nhóm tiêu chí {parts} đạt dưới {share}% số điểm của nhóm: không xếp trên mức HT.").format(
                parts=", ".join(weak), share=_percent(Decimal(str(share)))
            )
    return total, level, note


def reclassify(rounds: list[EvaluationRound]) -> int:
    """Classification and quota again for whole rounds (after one decision changed a total or a quota choice)."""
    moved = 0
    for batch in batches(rounds):
        score_and_classify(batch)
        moved += apply_quota(batch)
    return moved


def _tune_session() -> None:
    """On PostgreSQL, for the rest of the transaction: no JIT compilation (it costs more than it saves on these
    one-off statements) and enough memory for the per-member aggregates to be hashed without spilling to disk."""
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
            cursor.execute("SET LOCAL work_mem = '64MB'")


# --- the whole pass ---------------------------------------------------------------------------------------------------


def evaluate(rounds: list[EvaluationRound], *, submission_ids: list[int] | None = None, quota: bool = True,
             units: bool = True, timings: dict[str, float] | None = None) -> Stats:  # fmt: skip
    """Run the steps for the rounds (all their submissions, or only ``submission_ids``)."""
    import time

    stats = Stats(rounds=len(rounds))

    def timed(name: str, call):
        started = time.perf_counter()
        result = call()
        if timings is not None:
            timings[name] = timings.get(name, 0.0) + time.perf_counter() - started
        return result

    _tune_session()
    for batch in batches(rounds):
        timed("criteria", lambda b=batch: fill_computed(b, submission_ids))
        timed("totals_and_classification", lambda b=batch: score_and_classify(b, submission_ids))
        if quota and submission_ids is None:
            stats.moved_down += timed("quota", lambda b=batch: apply_quota(b))
        if units and submission_ids is None:
            stats.unit_results += timed("units", lambda b=batch: unit_results(b))
    EvaluationRound.objects.filter(pk__in=[r.pk for r in rounds]).update(evaluated_at=timezone.now())
    return stats
