#!/usr/bin/env python
"""Evaluation at province scale: criteria from the evidence, totals, classification, the HTXS quota per unit and the
unit scores for every member of a 300,000-member province, and for one 500-member union.

    .venv/bin/python bench/evaluation_bench.py --database-url postgres://postgres@127.0.0.1:5432/thidua_bench

Assumes a PostgreSQL database filled by ``manage.py generate_scale`` (bench/run.py does it: 300,000 members, ~1,750
grassroots unions). ``run(database_url)`` returns (name, value, budget, unit) tuples for bench/run.py (budget None:
shown for context). Each phase runs in its own process, so the peak memory reported is the evaluation's own:

1. ``--phase setup``: migrate; remove what a previous run left; a launched province movement with five individual
   criteria (a manual one, a yes/no one, and three computed from the evidence: resolution-study attendance as a
   share, office-culture violations as deductions, sports attendance as a count); evidence at scale — in every
   grassroots union a resolution-study session and a sports day with the attendance of every active member (~600,000
   rows), violations for 2% and discipline for 0.3% of the members; an evaluation round per grassroots union with a
   submission per member and a score row per criterion (~1.5 million rows), the manual criteria self-assessed and
   reviewed, the grassroots unions' part scores entered, as the pages would leave them (bulk SQL: this is setup,
   not measured); ``VACUUM ANALYZE``.
2. ``--phase evaluate``: ``thidua.evaluation.engine.evaluate`` over every round at once (budget ≤ 30 s, peak RSS ≤
   1 GB), then the cluster rankings; the round of the union closest to 500 members alone, three runs, median
   (budget ≤ 1 s); one hand-written SQL statement computing the same member totals from the same rows, its time,
   the ratio, and a check that its totals equal the engine's for every member.
3. ``--phase cleanup``: the bench rows are deleted again, leaving the database as it was.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/thidua_bench"
PREFIX = "BENCH"  # the accounts generate_scale made for bench/run.py: bench.canbo.tinh …
TEMPLATE_KEY = "bench-evaluation"
MARK = "EVALBENCH"
PROVINCE_BUDGET_S = 30.0
RSS_BUDGET_MB = 1024.0
UNION_BUDGET_S = 1.0
UNION_SIZE = 500

sys.path.insert(0, str(ROOT))

CRITERIA = [
    {"code": "1", "name": "Hoàn thành nhiệm vụ chuyên môn", "max_points": 50, "method": "manual"},
    {"code": "2", "name": "Học tập, quán triệt nghị quyết", "max_points": 15, "method": "share",
     "metric_key": "evidence.activity_attendance", "metric_params": {"kind": "resolution_study"}, "target_value": 100},
    {"code": "3", "name": "Thực hiện văn hóa công sở", "max_points": 15, "method": "deduction",
     "metric_key": "evidence.conduct_records", "metric_params": {"polarity": "violation"}, "deduction_points": 5},
    {"code": "4", "name": "Tham gia văn nghệ, thể thao", "max_points": 10, "method": "count",
     "metric_key": "evidence.activity_attendance", "metric_params": {"kind": "sports_arts"}, "target_value": 1},
    {"code": "5", "name": "Tham gia vệ sinh cơ quan ngày thứ Sáu", "max_points": 10, "method": "yes_no"},
]  # fmt: skip


def log(message: str) -> None:
    print(f"# {message}", file=sys.stderr, flush=True)


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DEBUG"] = "false"
    import django

    django.setup()


def _sql(sql: str, params=None):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.rowcount


def _province():
    """The generated province: the unit of the province officer account, else the largest provincial union."""
    from django.db.models import Count

    from thidua.organizations.models import Unit

    unit = Unit.objects.filter(grants__user__username=f"{PREFIX.lower()}.canbo.tinh").first()
    if unit is None:
        unit = Unit.objects.filter(kind="provincial").annotate(n=Count("children")).order_by("-n").first()
    if unit is None:
        raise SystemExit("no generated province: run manage.py generate_scale first (bench/run.py does)")
    return unit


def _movement():
    from thidua.movements.models import Movement

    return Movement.objects.filter(template_key=TEMPLATE_KEY).first()


# --- 1. setup --------------------------------------------------------------------------------------------------------


def cleanup() -> None:
    """Remove every row a previous run made (they all hang off the bench movement, or carry the mark)."""
    from thidua.evaluation.models import EvaluationRound
    from thidua.evidence.models import Activity

    movement = _movement()
    if movement is not None:
        rounds = "SELECT id FROM evaluation_evaluationround WHERE movement_id = %s"
        for table in ("evaluation_criterionscore", "evaluation_unitresult", "evaluation_step"):
            column = "round_id" if table != "evaluation_step" else "submission_id"
            source = rounds if table != "evaluation_step" else (
                f"SELECT id FROM evaluation_submission WHERE round_id IN ({rounds})")  # noqa: S608  # fmt: skip
            _sql(f"DELETE FROM {table} WHERE {column} IN ({source})", [movement.pk])  # noqa: S608 - our identifiers
        _sql(f"DELETE FROM evaluation_submission WHERE round_id IN ({rounds})", [movement.pk])  # noqa: S608
        EvaluationRound.history.filter(movement_id=movement.pk).delete()
        EvaluationRound.objects.filter(movement=movement).delete()
        _sql("DELETE FROM evidence_attendance WHERE activity_id IN (SELECT id FROM evidence_activity "
             "WHERE movement_id = %s)", [movement.pk])  # fmt: skip
        Activity.objects.filter(movement=movement).delete()
        movement.delete()
    _sql("DELETE FROM evidence_conductrecord WHERE note = %s", [MARK])
    _sql("DELETE FROM evidence_discipline WHERE reason = %s", [MARK])


def _year(province) -> int:
    """The year of the province's clusters (generate_scale makes them for the current year)."""
    import datetime

    from thidua.organizations.models import Cluster

    year = Cluster.objects.filter(organizer__path__startswith=province.path).values_list("year", flat=True).first()
    return year or datetime.date.today().year


def setup() -> dict:
    import datetime

    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from thidua.evaluation import engine, services
    from thidua.evaluation.models import EvaluationRound, UnitResult
    from thidua.evidence.models import Activity
    from thidua.movements import services as movement_services
    from thidua.organizations.models import Unit

    call_command("migrate", verbosity=0)
    cleanup()
    province = _province()
    year = _year(province)
    day = datetime.date
    started = time.perf_counter()
    with transaction.atomic():
        movement = movement_services.movement_create(
            unit=province, title=f"Phong trào thi đua năm {year} (đánh giá hiệu năng)", template_key=TEMPLATE_KEY,
            starts_on=day(year, 1, 1), ends_on=day(year, 12, 31), plan_number="01/KH-BENCH",
            issued_on=day(year, 1, 5))  # fmt: skip
        group = movement_services.content_group_add(movement=movement, name="Về chuyên môn")
        movement_services.content_item_add(group=group, text="Hoàn thành tốt nhiệm vụ được giao.")
        movement_services.phase_add(movement=movement, starts_on=day(year, 1, 1), ends_on=day(year, 12, 31),
                                    review_due=day(year, 12, 31), review_kind="final")  # fmt: skip
        for criterion in CRITERIA:
            movement_services.criterion_add(movement=movement, **criterion)
        movement = movement_services.movement_launch(movement=movement)
        version = movement_services.current_version(movement)
        criteria = engine.individual_criteria(version.pk)

        grassroots = list(Unit.objects.filter(path__startswith=province.path, kind="grassroots", closed_on__isnull=True)
                          .order_by("pk"))  # fmt: skip
        depth = len(province.path.strip("/").split("/"))
        position = depth + 3  # split_part(path, '/', n): '' then the province's ids, the upper union, the grassroots
        log(f"setup: {len(grassroots):,} grassroots unions in {province.name}, year {year}")
        activities = []
        for unit in grassroots:
            activities.append(Activity(unit=unit, kind="resolution_study", title=f"{MARK} Học tập nghị quyết",
                                       held_on=day(year, 3, 10), movement=movement))  # fmt: skip
            activities.append(Activity(unit=unit, kind="sports_arts", title=f"{MARK} Hội thao",
                                       held_on=day(year, 7, 28), movement=movement))  # fmt: skip
        Activity.objects.bulk_create(activities, batch_size=2000)
        members = ("FROM members_member m JOIN organizations_unit u ON u.id = m.unit_id "
                   "WHERE m.status = 'active' AND u.path LIKE %s")  # fmt: skip
        for kind, present in (("resolution_study", "(m.id %% 10) <> 3"), ("sports_arts", "(m.id %% 3) <> 0")):
            rows = _sql(
                f"INSERT INTO evidence_attendance (activity_id, member_id, present, marked_at) "  # noqa: S608
                f"SELECT a.id, m.id, {present}, now() FROM members_member m "
                f"JOIN organizations_unit u ON u.id = m.unit_id JOIN evidence_activity a "
                f"ON a.unit_id = NULLIF(split_part(u.path, '/', {position}), '')::bigint "
                f"AND a.kind = %s AND a.movement_id = %s "
                f"WHERE m.status = 'active' AND u.path LIKE %s",
                [kind, movement.pk, province.path + "%"],
            )
            log(f"setup: {rows:,} attendance rows ({kind})")
        _sql("INSERT INTO evidence_conductrecord (member_id, rule, polarity, occurred_on, note, created_at, "
             "updated_at, file, file_name, file_type) SELECT m.id, 'staff_card', 'violation', %s, %s, now(), now(), "
             f"'', '', '' {members} AND m.id %% 50 = 7", [day(year, 5, 8), MARK, province.path + "%"])  # fmt: skip
        _sql("INSERT INTO evidence_discipline (member_id, level, decision_number, starts_on, reason, created_at, "
             "updated_at, file, file_name, file_type) SELECT m.id, 'khien_trach', '', %s, %s, now(), now(), '', '', '' "
             f"{members} AND m.id %% 300 = 11", [day(year, 6, 1), MARK, province.path + "%"])  # fmt: skip

        first = services.round_create(unit=grassroots[0], criteria_version=version, year=year,
                                      self_assessment_due=day(year, 11, 30), review_due=day(year, 12, 5),
                                      decision_due=day(year, 12, 12))  # fmt: skip
        fields = {f.attname: getattr(first, f.attname) for f in EvaluationRound._meta.concrete_fields
                  if f.attname not in ("id", "unit_id")}  # fmt: skip
        fields["status"] = "deciding"
        EvaluationRound.objects.filter(pk=first.pk).update(status="deciding")
        EvaluationRound.objects.bulk_create([EvaluationRound(unit_id=u.pk, **fields) for u in grassroots[1:]],
                                            batch_size=2000)  # fmt: skip
        rows = _sql(
            "INSERT INTO evaluation_submission (round_id, member_id, unit_id, status, worked_months, score_level, "  # noqa: S608
            "level, level_note, disciplined, quota_applied, quota_choice, quota_reason, review_note, decision_note, "
            "version) SELECT r.id, m.id, m.unit_id, 'decided', CASE WHEN m.id %% 97 = 5 THEN 4 ELSE 12 END, '', '', "
            "'', false, false, '', '', '', '', 1 FROM members_member m JOIN organizations_unit u ON u.id = m.unit_id "
            f"JOIN evaluation_evaluationround r ON r.unit_id = NULLIF(split_part(u.path, '/', {position}), '')::bigint "
            "AND r.movement_id = %s WHERE m.status = 'active' AND u.path LIKE %s",
            [movement.pk, province.path + "%"],
        )
        log(f"setup: {rows:,} submissions")
        # What services.create_submissions writes: computed rows start with the points of a member without records.
        initial = {c.pk: engine.initial_values(c) for c in criteria}
        values = ", ".join(
            f"({c.pk}, {'true' if engine.is_computed(c) else 'false'}, '{c.method}', "
            f"{'NULL' if initial[c.pk][0] is None else initial[c.pk][0]}::double precision, "
            f"{'NULL' if initial[c.pk][1] is None else initial[c.pk][1]}::numeric)"
            for c in criteria
        )
        rows = _sql(
            "INSERT INTO evaluation_criterionscore (submission_id, round_id, member_id, criterion_id, computed, "  # noqa: S608
            "measured_num, measured_den, explanation, decision_reason, measured, computed_score, self_score, "
            "review_score) SELECT s.id, s.round_id, s.member_id, c.id, c.computed, 0, 0, '', '', c.measured, c.points, "
            "CASE WHEN c.method = 'manual' THEN 30 + (s.member_id * 7919) %% 21 "
            "     WHEN c.method = 'yes_no' THEN CASE WHEN s.member_id %% 6 = 0 THEN 0 ELSE 10 END END, "
            "CASE WHEN c.method = 'manual' THEN 30 + (s.member_id * 7919) %% 21 - CASE WHEN s.member_id %% 5 = 0 "
            "     THEN 2 ELSE 0 END "
            "     WHEN c.method = 'yes_no' THEN CASE WHEN s.member_id %% 6 = 0 THEN 0 ELSE 10 END END "
            f"FROM evaluation_submission s CROSS JOIN (VALUES {values}) AS c(id, computed, method, measured, points) "
            "WHERE s.round_id IN (SELECT id FROM evaluation_evaluationround WHERE movement_id = %s)",
            [movement.pk],
        )
        log(f"setup: {rows:,} criterion score rows")
        rounds = list(EvaluationRound.objects.filter(movement=movement).values_list("pk", "unit_id"))
        UnitResult.objects.bulk_create([
            UnitResult(round_id=pk, unit_id=unit_id, population="grassroots_union", bonus=unit_id % 6,
                       parts={"representation": 25 + unit_id % 16, "building": 26 + unit_id % 15,
                              "communication": 8 + unit_id % 8}, entered_at=timezone.now())
            for pk, unit_id in rounds], batch_size=2000)  # fmt: skip
    seconds = time.perf_counter() - started
    for table in ("evidence_attendance", "evidence_activity", "evidence_conductrecord", "evidence_discipline",
                  "evaluation_evaluationround", "evaluation_submission", "evaluation_criterionscore",
                  "evaluation_unitresult"):  # fmt: skip
        _sql(f"VACUUM ANALYZE {table}")
    log(f"setup: done in {seconds:.1f} s (+ VACUUM ANALYZE)")
    return {"setup_seconds": seconds, "rounds": len(rounds)}


# --- 2. evaluate ---------------------------------------------------------------------------------------------------


HAND_SQL = """
WITH study AS (
    SELECT at.member_id, count(*) FILTER (WHERE at.present) AS present, count(*) AS invited
    FROM evidence_attendance at JOIN evidence_activity a ON a.id = at.activity_id
    WHERE a.kind = 'resolution_study' AND a.held_on BETWEEN %(start)s AND %(end)s GROUP BY at.member_id),
sports AS (
    SELECT at.member_id, count(*) AS present
    FROM evidence_attendance at JOIN evidence_activity a ON a.id = at.activity_id
    WHERE a.kind = 'sports_arts' AND at.present AND a.held_on BETWEEN %(start)s AND %(end)s GROUP BY at.member_id),
violations AS (
    SELECT member_id, count(*) AS n FROM evidence_conductrecord
    WHERE polarity = 'violation' AND occurred_on BETWEEN %(start)s AND %(end)s GROUP BY member_id),
manual AS (
    SELECT submission_id, sum(coalesce(decided_score, review_score, self_score, 0)) AS points
    FROM evaluation_criterionscore WHERE NOT computed AND round_id IN (
        SELECT id FROM evaluation_evaluationround WHERE movement_id = %(movement)s)
    GROUP BY submission_id)
SELECT s.id,
       coalesce(manual.points, 0)
       + coalesce(round(15 * least(round(100.0 * study.present / nullif(study.invited, 0), 4) / 100, 1), 2), 0)
       + greatest(0, 15 - 5 * coalesce(violations.n, 0))
       + round(10 * least(coalesce(sports.present, 0) / 1.0, 1), 2) AS total
FROM evaluation_submission s
LEFT JOIN manual ON manual.submission_id = s.id
LEFT JOIN study ON study.member_id = s.member_id
LEFT JOIN sports ON sports.member_id = s.member_id
LEFT JOIN violations ON violations.member_id = s.member_id
WHERE s.round_id IN (SELECT id FROM evaluation_evaluationround WHERE movement_id = %(movement)s)
"""


def evaluate() -> dict:
    from django.db import connection, transaction
    from django.db.models import Count

    from thidua.evaluation import engine, selectors
    from thidua.evaluation.models import EvaluationRound, Submission
    from thidua.organizations.models import Cluster

    movement = _movement()
    if movement is None:
        raise SystemExit("run --phase setup first")
    rounds = list(EvaluationRound.objects.filter(movement=movement).select_related("unit"))
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    timings: dict[str, float] = {}
    started = time.perf_counter()
    with transaction.atomic():
        stats = engine.evaluate(rounds, timings=timings)
        clusters = list(Cluster.objects.filter(units__in=[r.unit_id for r in rounds]).distinct())
        rankings = selectors.cluster_rankings(clusters)
    province_seconds = time.perf_counter() - started
    timings["cluster_rankings"] = province_seconds - sum(timings.values())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    submissions = Submission.objects.filter(round__movement=movement).count()
    levels = dict(Submission.objects.filter(round__movement=movement).values_list("level").annotate(n=Count("pk"))
                  .order_by())  # fmt: skip
    log(f"evaluate: {len(rounds):,} rounds, {submissions:,} submissions in {province_seconds:.1f} s; steps "
        + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()) + f"; moved down by the quota {stats.moved_down:,};"
        f" {stats.unit_results:,} unit results; {len(rankings)} clusters ranked; levels {levels}")  # fmt: skip

    sizes = (Submission.objects.filter(round__movement=movement).values("round_id").annotate(n=Count("pk"))
             .values_list("round_id", "n").order_by())  # fmt: skip
    union_round_id, union_size = min(sizes, key=lambda item: (abs(item[1] - UNION_SIZE), item[0]))
    union = [r for r in rounds if r.pk == union_round_id]
    union_runs = []
    for _ in range(3):
        started = time.perf_counter()
        with transaction.atomic():
            engine.evaluate(union)
        union_runs.append(time.perf_counter() - started)
    log(f"evaluate: a {union_size}-member union: " + ", ".join(f"{t * 1000:.0f} ms" for t in union_runs))

    params = {"start": rounds[0].period_start, "end": rounds[0].period_end, "movement": movement.pk}
    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(HAND_SQL, params)
        hand = cursor.fetchall()
        hand_seconds = time.perf_counter() - started
        cursor.execute(f"SELECT count(*) FROM ({HAND_SQL}) h JOIN evaluation_submission s ON s.id = h.id "  # noqa: S608
                       "WHERE h.total IS DISTINCT FROM s.total", params)  # fmt: skip
        mismatches = cursor.fetchone()[0]
    scoring = timings["criteria"] + timings["totals_and_classification"]
    log(f"evaluate: hand-written SQL: {len(hand):,} totals in {hand_seconds:.2f} s; the engine's criteria, totals and "
        f"classification took {scoring:.2f} s (×{scoring / hand_seconds:.1f}), the whole evaluation "
        f"×{province_seconds / hand_seconds:.1f}; {mismatches} totals differ")  # fmt: skip
    return {"province_seconds": province_seconds, "peak_rss_mb": peak, "rss_before_mb": rss_before,
            "submissions": submissions, "timings": timings, "union_size": union_size,
            "union_seconds": statistics.median(union_runs), "hand_sql_seconds": hand_seconds,
            "scoring_seconds": scoring, "mismatches": mismatches, "moved_down": stats.moved_down}  # fmt: skip


# --- orchestration --------------------------------------------------------------------------------------------------


def _child(url: str, phase: str) -> dict:
    child = subprocess.run(  # noqa: S603 - our own script with our own arguments
        [sys.executable, str(Path(__file__).resolve()), "--database-url", url, "--phase", phase],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    sys.stderr.write(child.stderr)
    if child.returncode != 0:
        raise RuntimeError(f"evaluation benchmark ({phase}) failed:\n{child.stderr[-4000:]}")
    return json.loads(child.stdout.strip().splitlines()[-1])


def run(database_url: str, *, keep: bool = False) -> list[tuple[str, float, float | None, str]]:
    """For bench/run.py: setup, evaluation and cleanup, each in its own process."""
    setup_figures = _child(database_url, "setup")
    try:
        result = _child(database_url, "evaluate")
    finally:
        if not keep:
            _child(database_url, "cleanup")
    ratio = result["province_seconds"] / result["hand_sql_seconds"]
    return [
        ("evaluation_setup_seconds", setup_figures["setup_seconds"], None, "s"),
        ("evaluation_province_seconds", result["province_seconds"], PROVINCE_BUDGET_S, "s"),
        ("evaluation_province_peak_rss_mb", result["peak_rss_mb"], RSS_BUDGET_MB, "MB"),
        ("evaluation_province_submissions", float(result["submissions"]), None, "members"),
        *[(f"evaluation_step_{name}_seconds", seconds, None, "s") for name, seconds in result["timings"].items()],
        (f"evaluation_union_{result['union_size']}_seconds", result["union_seconds"], UNION_BUDGET_S, "s"),
        ("evaluation_hand_sql_totals_seconds", result["hand_sql_seconds"], None, "s"),
        ("evaluation_vs_hand_sql_ratio", ratio, None, "x"),
        ("evaluation_scoring_vs_hand_sql_ratio", result["scoring_seconds"] / result["hand_sql_seconds"], None, "x"),
        ("evaluation_totals_differing_from_hand_sql", float(result["mismatches"]), 0.0, "members"),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("PG_URL", DEFAULT_URL))
    parser.add_argument("--phase", choices=["setup", "evaluate", "cleanup"], help="run one phase in this process")
    parser.add_argument("--keep", action="store_true", help="leave the bench rows in the database")
    args = parser.parse_args()
    if args.phase:
        setup_django(args.database_url)
        result = {"setup": setup, "evaluate": evaluate, "cleanup": lambda: cleanup() or {}}[args.phase]()
        print(json.dumps(result, default=str))
        return 0
    figures = run(args.database_url, keep=args.keep)
    for name, value, budget, unit in figures:
        verdict = "info" if budget is None else f"budget<={budget:g} {'PASS' if value <= budget else 'FAIL'}"
        print(f"{name} {value:.3f} {unit} {verdict}", flush=True)
    return 0 if all(budget is None or value <= budget for _, value, budget, _ in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
