#!/usr/bin/env python
"""Initiative similarity at national scale: 700,000 initiatives (the "01 triệu sáng kiến" programme collected about
that many), the index build and the lookup latency.

    .venv/bin/python bench/initiatives_bench.py --database-url postgres://postgres@127.0.0.1:5432/thidua_bench_init

``run(database_url)`` (for bench/run.py) does the same in a child process, so that the peak memory it reports is the
benchmark's own, and returns (name, value, budget, unit) tuples. Steps:

1. create the database if missing and migrate it; insert synthetic initiatives with COPY until there are
   ``--initiatives`` (700,000) submitted ones (kept between runs: a second run reuses them); they go into the grassroots
   unions of a generated province when the database has one (``generate_scale``), else into one bench unit;
2. build the persisted index (``store.build_index``, as ``manage.py build_initiative_index``): budget 600 s;
3. time ~200 lookups through ``store.search`` (the path the pages and the API take: recent changes from the database,
   candidates from the index, exact scores of the candidates' current text): half planted near-duplicates of
   initiatives in the database, half new texts. Budget: p95 ≤ 300 ms. Also reported: how often the planted original
   is the first hit, and the peak memory of the process.
"""

import argparse
import datetime
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/thidua_bench_init"
INITIATIVES = 700_000
QUERIES = 200
BUILD_BUDGET_S = 600.0
LOOKUP_P95_BUDGET_MS = 300.0
COPY_BATCH = 50_000
SEED = 700


def log(message: str) -> None:
    print(f"# {message}", file=sys.stderr, flush=True)


def ensure_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    name = urlsplit(url).path.lstrip("/")
    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            log(f"creating database {name}")
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DEBUG"] = "false"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _units() -> list[tuple[int, int]]:
    """(unit, reviewing unit) pairs: the generated province's grassroots unions, else one bench unit."""
    from thidua.organizations.choices import UnitKind
    from thidua.organizations.models import Unit
    from thidua.organizations.services import unit_create

    units = list(
        Unit.objects.filter(kind=UnitKind.GRASSROOTS, closed_on__isnull=True).values_list("pk", flat=True)[:5000]
    )
    if not units:
        province = unit_create(name="Liên đoàn Lao động tỉnh (benchmark sáng kiến)", kind=UnitKind.PROVINCIAL)
        upper = unit_create(name="Công đoàn Viên chức tỉnh (benchmark)", kind=UnitKind.UPPER, parent=province)
        units = [unit_create(name=f"Công đoàn cơ sở benchmark {i}", kind=UnitKind.GRASSROOTS, parent=upper).pk
                 for i in range(20)]  # fmt: skip
    return [(pk, pk) for pk in units]


def ensure_initiatives(target: int) -> tuple[int, float]:
    """Insert synthetic submitted initiatives with COPY until there are ``target``; (count, seconds spent)."""
    from django.db import connection

    from thidua.core.text import fold
    from thidua.initiatives.models import Initiative
    from thidua.initiatives.synthetic import generate

    existing = Initiative.objects.submitted().count()
    if existing >= target:
        log(f"{existing:,} initiatives already there")
        return existing, 0.0
    started = time.perf_counter()
    units = _units()
    rng = random.Random(SEED)
    start = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    columns = ["unit_id", "review_unit_id", "status", "title", "field", "problem", "solution", "application_scope",
               "expected_other", "measured_other", "confidential", "submitted_on", "return_reason",
               "recognised_scope", "decision_number", "search_text", "expected_money", "created_at",
               "updated_at"]  # fmt: skip
    table = Initiative._meta.db_table
    statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    done = existing
    while done < target:
        batch = min(COPY_BATCH, target - done)
        items = generate(batch, seed=SEED + done)
        with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
            for item in items:
                unit, review_unit = rng.choice(units)
                # Historical rows: recorded over the years, not all a minute ago (which only a bulk import does).
                stamp = start + datetime.timedelta(seconds=rng.randrange(4 * 365 * 86400))
                copy.write_row((unit, review_unit, "submitted", item.title, item.field, item.problem_text,
                                item.solution_text, "", "", "", False, stamp.date(), "", "", "",
                                fold(item.title)[:400], rng.randrange(1, 500) * 100_000, stamp, stamp))  # fmt: skip
        done += batch
        log(f"  {done:,} initiatives ({time.perf_counter() - started:.0f} s)")
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {table}")
    return done, time.perf_counter() - started


def _queries(count: int) -> list[tuple[object, int | None]]:
    """(text, the id of the planted original or None): half near-duplicates of rows in the database, half new texts."""
    from thidua.initiatives.models import Initiative
    from thidua.initiatives.similarity import store
    from thidua.initiatives.synthetic import SyntheticInitiative, generate, near_duplicate

    rng = random.Random(SEED * 3)
    top = Initiative.objects.submitted().order_by("-pk").values_list("pk", flat=True).first()
    picked = []
    while len(picked) < count // 2:
        row = Initiative.objects.filter(pk=rng.randrange(1, top + 1)).values_list("pk", "title", "field", "problem",
                                                                                   "solution").first()  # fmt: skip
        if row is not None:
            picked.append(row)
    queries = []
    for pk, title, field, problem, solution in picked:
        original = SyntheticInitiative(key=pk, field=field, title=title, problem=problem.split(". "),
                                       solution=solution.split(". "))  # fmt: skip
        dup = near_duplicate(original, key=0, rng=rng)
        queries.append((store.doc_text(dup.title, dup.problem_text, dup.solution_text), pk))
    for item in generate(count - len(queries), seed=SEED * 11):
        queries.append((store.doc_text(item.title, item.problem_text, item.solution_text), None))
    rng.shuffle(queries)
    return queries


def measure(initiatives: int, queries: int) -> list[tuple[str, float, float | None, str]]:
    from django.conf import settings

    from thidua.initiatives.similarity import store
    from thidua.initiatives.similarity.thresholds import DUPLICATE_THRESHOLD

    _count, insert_seconds = ensure_initiatives(initiatives)
    settings.THIDUA_INITIATIVE_INDEX_DIR = str(Path(tempfile.gettempdir()) / "thidua-bench-initiative-index")
    log("building the index")
    report = store.build_index(progress=lambda n: n % 100_000 == 0 and log(f"  indexed {n:,}"))
    store.reset()
    log(f"built in {report.seconds:.1f} s; {report.postings:,} postings")
    texts = _queries(queries)
    store.search(texts[0][0])  # load the index (memory-mapped) before timing
    timings, found_first, flagged = [], 0, 0
    for text, original in texts:
        started = time.perf_counter()
        hits = store.search(text, limit=5)
        timings.append((time.perf_counter() - started) * 1000)
        if original is not None and hits and hits[0].id == original:
            found_first += 1
            flagged += hits[0].score >= DUPLICATE_THRESHOLD
    timings.sort()
    p95 = timings[max(0, round(0.95 * len(timings)) - 1)]
    planted = sum(1 for _, original in texts if original is not None)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    index_mb = sum(f.stat().st_size for f in Path(settings.THIDUA_INITIATIVE_INDEX_DIR).iterdir()) / 1024 / 1024
    return [
        ("initiatives_indexed", float(report.documents), None, "initiatives"),
        ("initiatives_insert_s", round(insert_seconds, 1), None, "s"),
        ("initiative_index_build_s", round(report.seconds, 1), BUILD_BUDGET_S, "s"),
        ("initiative_similar_p95_ms", round(p95, 1), LOOKUP_P95_BUDGET_MS, "ms"),
        ("initiative_similar_median_ms", round(statistics.median(timings), 1), None, "ms"),
        ("initiative_similar_original_first_pct", round(100 * found_first / max(planted, 1), 1), None, "%"),
        ("initiative_similar_flagged_pct", round(100 * flagged / max(planted, 1), 1), None, "%"),
        ("initiative_index_size_mb", round(index_mb, 1), None, "MB"),
        ("initiative_bench_peak_rss_mb", round(peak_mb, 1), None, "MB"),
    ]


def run(database_url: str) -> list[tuple[str, float, float | None, str]]:
    """For bench/run.py: the whole benchmark in a child process (its own Django setup and peak memory)."""
    child = subprocess.run(  # noqa: S603 - our own script with our own arguments
        [sys.executable, str(Path(__file__).resolve()), "--database-url", database_url, "--json"],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    if child.returncode != 0:
        raise RuntimeError(f"initiatives benchmark failed:\n{child.stderr[-4000:]}")
    return [tuple(row) for row in json.loads(child.stdout.strip().splitlines()[-1])]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("INITIATIVES_BENCH_URL", DEFAULT_URL))
    parser.add_argument("--initiatives", type=int, default=INITIATIVES)
    parser.add_argument("--queries", type=int, default=QUERIES)
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON line (for run())")
    args = parser.parse_args()
    ensure_database(args.database_url)
    setup_django(args.database_url)
    figures = measure(args.initiatives, args.queries)
    if args.json:
        print(json.dumps(figures))
    else:
        for name, value, budget, unit in figures:
            verdict = "info" if budget is None else f"budget<={budget:g} {'PASS' if value <= budget else 'FAIL'}"
            print(f"{name} {value:g} {unit} {verdict}")
    return 0 if all(budget is None or value <= budget for _, value, budget, _ in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
