#!/usr/bin/env python
"""Eligibility at province scale: every member of a 300,000-member province judged for every individual title of the
default rule pack, from four years of history.

    .venv/bin/python bench/awards_bench.py --database-url postgres://postgres@127.0.0.1:5432/thidua_bench

Assumes a PostgreSQL database filled by ``manage.py generate_scale`` (bench/run.py does it). ``run(database_url)``
returns (name, value, budget, unit) tuples for bench/run.py. Each phase runs in its own process:

1. ``--phase setup``: migrate; remove what a previous run left; for the four years up to the province's year, a
   movement per year with a locked (finalised) year round per grassroots union and a classification for every active
   member (~1.2 million submissions); a registration of every member in the judged year's movement; award records for
   the three past years (LĐTT for about half the members, CSTĐCS for a tenth); recognised initiatives for 1%; a
   discipline for 0.3%; maternity leave for 1% and long unpaid leave for 0.5% (bulk SQL: setup, not measured);
   ``VACUUM ANALYZE``.
2. ``--phase evaluate``: ``thidua.awards.eligibility.iter_member_verdicts`` for every member of the province and every
   individual title of the pack in force (budget ≤ 30 s), the count of eligible members per title, peak RSS; then
   one 500-member union with full explanations (``evaluate_many``), three runs, median.
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
PREFIX = "BENCH"
TEMPLATE_KEY = "bench-awards"
MARK = "AWARDBENCH"
PROVINCE_BUDGET_S = 30.0
UNION_SIZE = 500
YEARS_BACK = 3

sys.path.insert(0, str(ROOT))


def log(message: str) -> None:
    print(f"# {message}", file=sys.stderr, flush=True)


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DEBUG"] = "false"
    import django

    django.setup()


def _sql(sql: str, params=None) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.rowcount


def _province():
    from django.db.models import Count

    from thidua.organizations.models import Unit

    unit = Unit.objects.filter(grants__user__username=f"{PREFIX.lower()}.canbo.tinh").first()
    if unit is None:
        unit = Unit.objects.filter(kind="provincial").annotate(n=Count("children")).order_by("-n").first()
    if unit is None:
        raise SystemExit("no generated province: run manage.py generate_scale first (bench/run.py does)")
    return unit


def _year(province) -> int:
    import datetime

    from thidua.organizations.models import Cluster

    year = Cluster.objects.filter(organizer__path__startswith=province.path).values_list("year", flat=True).first()
    return year or datetime.date.today().year


def cleanup() -> None:
    """Remove every row a previous run made (they hang off the bench movements, or carry the mark)."""
    from thidua.movements.models import Movement

    ids = list(Movement.objects.filter(template_key=TEMPLATE_KEY).values_list("pk", flat=True))
    if ids:
        rounds = "SELECT id FROM evaluation_evaluationround WHERE movement_id = ANY(%s)"
        _sql(f"DELETE FROM evaluation_submission WHERE round_id IN ({rounds})", [ids])  # noqa: S608
        _sql("DELETE FROM evaluation_evaluationround WHERE movement_id = ANY(%s)", [ids])
        _sql("DELETE FROM movements_criteriaversion WHERE movement_id = ANY(%s)", [ids])
        _sql("DELETE FROM movements_registration WHERE movement_id = ANY(%s)", [ids])
        _sql("DELETE FROM movements_movement WHERE id = ANY(%s)", [ids])
    _sql("DELETE FROM awards_awardrecord WHERE note = %s", [MARK])
    _sql("DELETE FROM awards_absence WHERE note = %s", [MARK])
    _sql("DELETE FROM evidence_discipline WHERE reason = %s", [MARK])
    marked = "SELECT id FROM initiatives_initiative WHERE title LIKE %s"
    for table in ("initiatives_initiativedecision", "initiatives_initiativeauthor"):
        _sql(f"DELETE FROM {table} WHERE initiative_id IN ({marked})", [MARK + "%"])  # noqa: S608 - our identifiers
    _sql("DELETE FROM initiatives_initiative WHERE title LIKE %s", [MARK + "%"])


def setup() -> dict:
    import datetime

    from django.core.management import call_command
    from django.db import transaction

    from thidua.evaluation.models import EvaluationRound
    from thidua.initiatives.models import Initiative
    from thidua.movements.models import CriteriaVersion, Movement
    from thidua.organizations.models import Unit
    from thidua.rules.selectors import pack_in_force

    call_command("migrate", verbosity=0)
    cleanup()
    province = _province()
    year = _year(province)
    day = datetime.date
    started = time.perf_counter()
    like = province.path + "%"
    members = ("FROM members_member m JOIN organizations_unit u ON u.id = m.unit_id "
               "WHERE m.status = 'active' AND u.path LIKE %s")  # fmt: skip
    depth = len(province.path.strip("/").split("/"))
    position = depth + 3  # split_part(path, '/', n): '' then the province's ids, the upper union, the grassroots
    with transaction.atomic():
        grassroots = list(Unit.objects.filter(path__startswith=province.path, kind="grassroots",
                                              closed_on__isnull=True).order_by("pk"))  # fmt: skip
        log(f"setup: {len(grassroots):,} grassroots unions in {province.name}, judged year {year}")
        for y in range(year - YEARS_BACK, year + 1):
            movement = Movement.objects.create(
                unit=province, title=f"{MARK} Phong trào thi đua năm {y}", template_key=TEMPLATE_KEY,
                starts_on=day(y, 1, 1), ends_on=day(y, 12, 31),
                status="closed" if y < year else "launched")  # fmt: skip
            version = CriteriaVersion.objects.create(movement=movement, number=1)
            on = day(y, 12, 31)
            fields = {"name": f"{MARK} Bình xét năm {y}", "movement": movement, "criteria_version": version, "year": y,
                      "period_start": day(y, 1, 1), "period_end": on, "rule_pack": pack_in_force(on=on), "rules_on": on,
                      "self_assessment_due": day(y, 11, 30), "review_due": day(y, 12, 5),
                      "decision_due": day(y, 12, 10),
                      "objection_days": 5, "status": "finalised"}  # fmt: skip
            EvaluationRound.objects.bulk_create(
                [EvaluationRound(unit=u, **fields) for u in grassroots], batch_size=2000
            )
            # Levels spread by a hash of (member, year): about 15% HTXS, 60% HTT, 20% HT, 5% KHT; a tenth of the
            # members are HTXS every year (the CSTĐCS runs).
            rows = _sql(
                "INSERT INTO evaluation_submission (round_id, member_id, unit_id, status, worked_months, score_level, "  # noqa: S608
                "level, level_note, disciplined, quota_applied, quota_choice, quota_reason, review_note, "
                "decision_note, "
                "version) SELECT r.id, m.id, m.unit_id, 'decided', 12, '', "
                "CASE WHEN m.id %% 10 = 1 THEN 'HTXS' ELSE (ARRAY['HTXS','HTT','HTT','HTT','HTT','HTT','HTT','HT',"
                "'HT','HT','HT','KHT','HTT','HTT','HTT','HTT','HTXS','HTXS','HTT','HTT'])"
                "[1 + ((m.id * 7919 + %s) %% 20)]"
                " END, '', false, false, '', '', '', '', 1 "
                "FROM members_member m JOIN organizations_unit u ON u.id = m.unit_id "
                "JOIN evaluation_evaluationround r "
                f"ON r.unit_id = NULLIF(split_part(u.path, '/', {position}), '')::bigint "
                "AND r.movement_id = %s WHERE m.status = 'active' AND u.path LIKE %s",
                [y * 31, movement.pk, like],
            )
            log(f"setup: {y}: {rows:,} classifications")
            if y == year:
                rows = _sql(
                    "INSERT INTO movements_registration (movement_id, subject, member_id, unit_id, title_code, "
                    "title_name, commitments, registered_on, created_at, updated_at) SELECT %s, 'individual', m.id, "
                    f"m.unit_id, 'ldtt', 'Lao động tiên tiến', '', %s, now(), now() {members} AND m.id %% 25 <> 4",
                    [movement.pk, day(y, 2, 1), like],
                )
                log(f"setup: {rows:,} registrations")
            else:
                for code, name, condition in (("ldtt", "Lao động tiên tiến", "m.id %% 2 = 0 OR m.id %% 10 = 1"),
                                              ("cstdcs", "Chiến sĩ thi đua cơ sở", "m.id %% 10 = 1")):  # fmt: skip
                    rows = _sql(
                        "INSERT INTO awards_awardrecord (member_id, scope_unit_id, year, title_code, title_name, "
                        "thematic, decision_number, decided_on, issuer_name, source, note, created_at, updated_at) "
                        f"SELECT m.id, m.unit_id, %s, %s, %s, false, %s, %s, '', 'imported', %s, now(), now() "
                        f"{members} AND ({condition})",
                        [y, code, name, f"{y % 100}/QĐ-BENCH", day(y + 1, 1, 15), MARK, like],
                    )
                    log(f"setup: {y}: {rows:,} award records {code}")
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(f"SELECT m.id, m.unit_id {members} AND m.id %% 100 = 21", [like])
            authors = cursor.fetchall()
        initiatives = Initiative.objects.bulk_create([
            Initiative(unit_id=unit_id, review_unit_id=unit_id, status="recognised", field="digital",
                       title=f"{MARK} Sáng kiến {pk}") for pk, unit_id in authors], batch_size=2000)  # fmt: skip
        ids = [i.pk for i in initiatives]
        _sql("INSERT INTO initiatives_initiativeauthor (initiative_id, member_id, share) "
             "SELECT i.id, CAST(substring(i.title from '[0-9]+$') AS bigint), 100 FROM initiatives_initiative i "
             "WHERE i.id = ANY(%s)", [ids])  # fmt: skip
        _sql("INSERT INTO initiatives_initiativedecision (initiative_id, unit_id, outcome, scope, decided_on, "
             "decision_number, reason, created_at) SELECT i.id, i.unit_id, 'recognised', "
             "CASE WHEN i.id %% 5 = 0 THEN 'province_sector' ELSE 'grassroots' END, %s, '1/QĐ-BENCH', '', now() "
             "FROM initiatives_initiative i WHERE i.id = ANY(%s)", [day(year - 1, 9, 1), ids])  # fmt: skip
        log(f"setup: {len(ids):,} recognised initiatives")
        _sql("INSERT INTO evidence_discipline (member_id, level, decision_number, starts_on, ends_on, reason, "
             "created_at, updated_at, file, file_name, file_type) SELECT m.id, 'khien_trach', '', %s, %s, %s, now(), "
             f"now(), '', '', '' {members} AND m.id %% 300 = 13",
             [day(year - 1, 6, 1), day(year, 5, 31), MARK, like])  # fmt: skip
        _sql("INSERT INTO awards_absence (member_id, kind, starts_on, ends_on, note, created_at, updated_at) "
             f"SELECT m.id, CASE WHEN m.id %% 200 = 17 THEN 'unpaid' ELSE 'maternity' END, %s, %s, %s, now(), now() "
             f"{members} AND (m.id %% 100 = 17 OR m.id %% 200 = 17)",
             [day(year, 3, 1), day(year, 8, 31), MARK, like])  # fmt: skip
    seconds = time.perf_counter() - started
    for table in ("evaluation_submission", "evaluation_evaluationround", "awards_awardrecord", "awards_absence",
                  "movements_registration", "evidence_discipline", "initiatives_initiative",
                  "initiatives_initiativeauthor", "initiatives_initiativedecision"):  # fmt: skip
        _sql(f"VACUUM ANALYZE {table}")
    log(f"setup: done in {seconds:.1f} s (+ VACUUM ANALYZE)")
    return {"setup_seconds": seconds, "year": year}


def evaluate() -> dict:
    import datetime

    from django.db.models import Count

    from thidua.awards import eligibility
    from thidua.members.models import Member
    from thidua.rules.choices import Subject

    province = _province()
    year = _year(province)
    rules = eligibility.PackResolver(datetime.date(year, 12, 31)).for_path(province.path)
    codes = [t.code for t in rules.titles if t.subject == Subject.INDIVIDUAL]
    started = time.perf_counter()
    ids = list(Member.objects.filter(unit__path__startswith=province.path, status="active").order_by("pk")
               .values_list("pk", flat=True))  # fmt: skip
    counts = {code: {"eligible": 0, "needs_confirmation": 0, "not_eligible": 0} for code in codes}
    judged = 0
    for _pk, verdicts in eligibility.iter_member_verdicts(ids, year=year, title_codes=set(codes), explain=False):
        judged += 1
        for v in verdicts:
            counts[v.title.code][v.status] += 1
    province_seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    log(f"evaluate: {judged:,} members × {len(codes)} titles in {province_seconds:.1f} s (pack {rules.pack.code}); "
        f"peak RSS {peak:.0f} MB")  # fmt: skip
    for code, c in counts.items():
        log(f"evaluate:   {code}: {c}")
    sizes = (Member.objects.filter(unit__path__startswith=province.path, status="active")
             .values("unit__parent_id").annotate(n=Count("pk")).values_list("unit__parent_id", "n")
             .order_by())  # fmt: skip
    union_id, _size = min(sizes, key=lambda item: (abs(item[1] - UNION_SIZE), item[0] or 0))
    union_ids = list(Member.objects.filter(unit__parent_id=union_id, status="active").values_list("pk", flat=True))
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        eligibility.evaluate_many(members=union_ids, year=year)
        runs.append(time.perf_counter() - started)
    log(f"evaluate: a {len(union_ids)}-member union with explanations: " + ", ".join(f"{t:.2f} s" for t in runs))
    return {"province_seconds": province_seconds, "peak_rss_mb": peak, "members": judged, "titles": len(codes),
            "counts": counts, "union_size": len(union_ids), "union_seconds": statistics.median(runs)}  # fmt: skip


def _child(url: str, phase: str) -> dict:
    child = subprocess.run(  # noqa: S603 - our own script with our own arguments
        [sys.executable, str(Path(__file__).resolve()), "--database-url", url, "--phase", phase],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    sys.stderr.write(child.stderr)
    if child.returncode != 0:
        raise RuntimeError(f"awards benchmark ({phase}) failed:\n{child.stderr[-4000:]}")
    return json.loads(child.stdout.strip().splitlines()[-1])


def run(database_url: str, *, keep: bool = False) -> list[tuple[str, float, float | None, str]]:
    """For bench/run.py: setup, eligibility and cleanup, each in its own process."""
    setup_figures = _child(database_url, "setup")
    try:
        result = _child(database_url, "evaluate")
    finally:
        if not keep:
            _child(database_url, "cleanup")
    eligible = {code: c["eligible"] for code, c in result["counts"].items()}
    return [
        ("awards_setup_seconds", setup_figures["setup_seconds"], None, "s"),
        ("awards_eligibility_province_seconds", result["province_seconds"], PROVINCE_BUDGET_S, "s"),
        ("awards_eligibility_province_peak_rss_mb", result["peak_rss_mb"], None, "MB"),
        ("awards_eligibility_members", float(result["members"]), None, "members"),
        ("awards_eligibility_titles", float(result["titles"]), None, "titles"),
        *[(f"awards_eligible_{code}", float(n), None, "members") for code, n in eligible.items()],
        (f"awards_eligibility_union_{result['union_size']}_explained_seconds", result["union_seconds"], None, "s"),
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
