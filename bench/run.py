#!/usr/bin/env python
"""Province-scale benchmarks on PostgreSQL (see bench/README.md). Prints one line per figure with its budget.

    .venv/bin/python bench/run.py --database-url postgres://postgres@127.0.0.1:5432/thidua_bench [--reuse]

Exit status 1 when a budget is missed, 2 when the benchmark itself could not run. The figures are also written to
bench/results/latest.txt.
"""

import argparse
import datetime
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn
from urllib.parse import urlsplit, urlunsplit

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
RESULTS = BENCH_DIR / "results" / "latest.txt"
PREFIX = "BENCH"  # member codes BENCH-0000001…, accounts bench.canbo.tinh…
IMPORT_ROWS = 100_000
IMPORT_PREFIX = "BIMP"  # codes of the imported members, deleted after the run
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/thidua_bench"

sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH_DIR))


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    budget: float | None = None  # None: shown for context, no budget

    @property
    def passed(self) -> bool:
        return self.budget is None or self.value <= self.budget

    def line(self) -> str:
        if self.budget is None:
            return f"{self.name} {self.value:.1f} info"
        return f"{self.name} {self.value:.1f} budget<={self.budget:g} {'PASS' if self.passed else 'FAIL'}"


def log(message: str) -> None:
    print(f"# {message}", file=sys.stderr, flush=True)


def abort(message: str) -> NoReturn:
    """The benchmark itself could not run (as opposed to a budget missed)."""
    print(f"bench: {message}", file=sys.stderr, flush=True)
    raise SystemExit(2)


# --- database ------------------------------------------------------------------------------------------------------


def _database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def prepare_database(url: str, *, reuse: bool) -> None:
    """Create the database if it is missing; without --reuse, start from an empty one (bench databases only)."""
    import psycopg
    from psycopg import sql

    name = _database_name(url)
    admin_url = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None
        if exists and not reuse:
            if "bench" not in name:
                abort(f"refusing to drop {name!r}: without --reuse the database name must contain 'bench'")
            log(f"dropping database {name} (pass --reuse to keep the generated data)")
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            exists = False
        if not exists:
            log(f"creating database {name}")
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["DEBUG"] = "false"  # measure what production runs, whatever .env says
    import django

    django.setup()


def ensure_data(members: int) -> tuple[int, float | None]:
    """Migrate, then generate the province unless the database already holds ``members`` bench members.

    Returns the province's unit id and the seconds generate_scale took (None when the data was reused)."""
    from django.core.management import call_command

    from thidua.demo import scale
    from thidua.members.models import Member
    from thidua.organizations.models import Unit

    call_command("migrate", verbosity=0)
    seconds = None
    existing = Member.objects.filter(code__startswith=f"{PREFIX}-").count()
    if existing == members:
        log(f"reusing {existing:,} generated members")
    elif existing:
        abort(f"the database holds {existing:,} bench members, not {members:,}; run without --reuse to regenerate")
    else:
        log(f"generating {members:,} members…")
        summary = scale.generate(members=members, prefix=PREFIX, province="Bắc Ninh")
        log(f"generated {summary.units:,} units, {summary.members:,} members in {summary.seconds:.1f} s")
        seconds = summary.seconds
        vacuum()
    root = Unit.objects.get(grants__user__username=scale.account_username(PREFIX, "canbo.tinh"))
    return root.pk, seconds


def vacuum() -> None:
    from django.db import connection

    log("VACUUM ANALYZE…")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


# --- 1. member list ------------------------------------------------------------------------------------------------


def _bench_subtrees(root_id: int) -> list[int]:
    """About 50 subtrees: grassroots unions across the size range, upper unions (largest too), a few groups."""
    from thidua.organizations.choices import UnitKind
    from thidua.organizations.models import Unit
    from thidua.organizations.selectors import tree_member_counts

    root = Unit.objects.get(pk=root_id)
    counts = tree_member_counts(root)
    units = Unit.objects.filter(path__startswith=root.path).values_list("pk", "kind")
    by_kind: dict[str, list[int]] = {}
    for pk, kind in units:
        by_kind.setdefault(kind, []).append(pk)

    def spread(kind: str, n: int) -> list[int]:
        ranked = sorted(by_kind.get(kind, []), key=lambda pk: (counts.get(pk, 0), pk))
        if len(ranked) <= n:
            return ranked
        return [ranked[round(i * (len(ranked) - 1) / (n - 1))] for i in range(n)]

    picked = spread(UnitKind.GRASSROOTS, 38) + spread(UnitKind.UPPER, 5) + spread(UnitKind.MEMBER_UNION, 2)
    picked += [*spread(UnitKind.GROUP, 4), root_id]
    return list(dict.fromkeys(picked))


def bench_member_list(root_id: int, requests: int) -> list[Figure]:
    from django.test import Client

    from thidua.accounts.models import User
    from thidua.demo import scale

    user = User.objects.get(username=scale.account_username(PREFIX, "canbo.tinh"))
    client = Client()
    client.force_login(user)
    subtrees = _bench_subtrees(root_id)
    urls = [f"/members/?unit={pk}" for pk in subtrees]
    # About one request in eight searches (accent-free, as people type), inside a subtree or across the province.
    searches = ["nguyen van", "hoa", "tran thi lan", "0912", f"{PREFIX.lower()}-00012", "pham minh", "le", "huong"]
    for i, q in enumerate(searches):
        unit = subtrees[(i * 7) % len(subtrees)]
        urls.append(f"/members/?unit={unit}&q={q.replace(' ', '+')}")
    log(f"member list: {len(urls)} distinct pages ({len(subtrees)} subtrees), warm-up…")
    for url in urls:
        response = client.get(url)
        if response.status_code != 200:
            abort(f"GET {url} answered {response.status_code}")
    timings, cpu = _time_requests(client, urls, requests)
    # The same requests as htmx makes them when a filter changes: only the table is rendered, not the filter form.
    partial, _ = _time_requests(client, urls, requests, HTTP_HX_REQUEST="true")
    return [
        Figure("member_list_subtree_p50_ms", _percentile(timings, 50)),
        Figure("member_list_subtree_p95_ms", _percentile(timings, 95), 100),
        Figure("member_list_subtree_python_cpu_p95_ms", _percentile(cpu, 95)),
        Figure("member_list_htmx_table_p95_ms", _percentile(partial, 95)),
    ]


def _time_requests(client, urls: list[str], requests: int, **headers) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds of each request. The CPU time is this process's (Python, not PostgreSQL):
    unlike the wall clock it hardly changes when other work competes for the machine."""
    wall, cpu = [], []
    for i in range(requests):
        url = urls[i % len(urls)]
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url, **headers)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        if response.status_code != 200:
            abort(f"GET {url} answered {response.status_code}")
    return wall, cpu


def _percentile(values: list[float], percent: int) -> float:
    """The nearest-rank percentile: the value below which ``percent`` % of the requests fall."""
    ranked = sorted(values)
    return ranked[max(0, math.ceil(percent / 100 * len(ranked)) - 1)]


# --- 2. subtree member counts --------------------------------------------------------------------------------------


def bench_tree_counts(root_id: int, runs: int = 5) -> list[Figure]:
    from thidua.members.models import Member
    from thidua.organizations.models import Unit
    from thidua.organizations.selectors import tree_member_counts

    root = Unit.objects.get(pk=root_id)
    timings = []
    counts: dict[int, int] = {}
    for _ in range(runs):
        started = time.perf_counter()
        counts = tree_member_counts(root)
        timings.append((time.perf_counter() - started) * 1000)
    expected = Member.objects.in_subtree(root).active().count()
    if counts.get(root_id) != expected:
        abort(f"tree_member_counts gave {counts.get(root_id)} for the root, expected {expected}")
    log(f"tree counts: {len(counts):,} units, root {expected:,} active members")
    return [
        Figure("tree_member_counts_best_ms", min(timings)),
        Figure("tree_member_counts_median_ms", statistics.median(timings), 500),
    ]


# --- 3. import -----------------------------------------------------------------------------------------------------


def bench_import(url: str, root_id: int) -> list[Figure]:
    """Import a 100,000-row XLSX as the province officer, in a subprocess; the rows are deleted afterwards."""
    import xlsx_fixture

    from thidua.demo import scale

    username = scale.account_username(PREFIX, "canbo.tinh")
    xlsx_fixture.delete_imported(code_prefix=IMPORT_PREFIX)  # left over by an interrupted run
    with tempfile.TemporaryDirectory(prefix="thidua-bench-") as tmp:
        path = Path(tmp) / "doan-vien-100000.xlsx"
        started = time.perf_counter()
        xlsx_fixture.write(path, root_id=root_id, rows=IMPORT_ROWS, code_prefix=IMPORT_PREFIX)
        log(f"import: wrote {path.stat().st_size / 1e6:.1f} MB XLSX in {time.perf_counter() - started:.1f} s")
        try:
            started = time.perf_counter()
            child = subprocess.run(  # noqa: S603 - our own script with our own arguments
                [sys.executable, str(BENCH_DIR / "import_child.py"), "--database-url", url, "--path", str(path),
                 "--username", username],
                capture_output=True, text=True, check=False, cwd=ROOT,
            )  # fmt: skip
            wall = time.perf_counter() - started
            if child.returncode != 0:
                abort(f"the import subprocess failed:\n{child.stdout}\n{child.stderr}")
            result = json.loads(child.stdout.strip().splitlines()[-1])
        finally:
            deleted = xlsx_fixture.delete_imported(code_prefix=IMPORT_PREFIX)
            log(f"import: deleted the {deleted:,} imported members again")
    log(f"import: {result}")
    if result["created"] != IMPORT_ROWS or result["errors"] or not result["committed"]:
        abort(f"the import did not create {IMPORT_ROWS:,} members: {result}")
    return [
        Figure("import_100k_xlsx_seconds", result["seconds"], 60),
        Figure("import_100k_xlsx_process_seconds", wall),
        Figure("import_100k_xlsx_peak_rss_mb", result["maxrss_mb"], 1024),
    ]


# --- main ----------------------------------------------------------------------------------------------------------


# The benchmarks of the domain apps (bench/<name>_bench.py, each with ``run(database_url)`` returning
# (figure, value, budget or None, unit) rows). Each runs in its own process so its peak memory is its own.
DOMAIN_BENCHES = ("movements", "evaluation", "initiatives", "awards", "documents")


def bench_domain(name: str, url: str) -> list[Figure]:
    code = (
        "import json, sys\n"
        f"sys.path[:0] = [{str(BENCH_DIR)!r}, {str(ROOT)!r}]\n"
        f"from {name}_bench import run\n"
        f"for row in run({url!r}):\n"
        "    print('FIGURE ' + json.dumps(list(row[:3])), flush=True)\n"
    )
    log(f"{name}: running bench/{name}_bench.py")
    done = subprocess.run(  # noqa: S603 - our own interpreter running our own module
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        print(done.stderr[-3000:], file=sys.stderr)
        return [Figure(f"{name}_bench_failed", 1, 0)]
    figures = []
    for line in done.stdout.splitlines():
        if line.startswith("FIGURE "):
            figure, value, budget = json.loads(line[len("FIGURE ") :])
            figures.append(Figure(figure, float(value), None if budget is None else float(budget)))
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("PG_URL", DEFAULT_URL))
    parser.add_argument("--members", type=int, default=300_000)
    parser.add_argument("--reuse", action="store_true", help="keep the database if it already has the members")
    parser.add_argument("--requests", type=int, default=200, help="timed member-list requests")
    parser.add_argument(
        "--only",
        default="list,counts,import," + ",".join(DOMAIN_BENCHES),
        help="comma-separated: list, counts, import, " + ", ".join(DOMAIN_BENCHES),
    )
    args = parser.parse_args()
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        parser.error("the benchmarks run on PostgreSQL")
    only = {part.strip() for part in args.only.split(",")}

    prepare_database(args.database_url, reuse=args.reuse)
    setup_django(args.database_url)
    root_id, generate_seconds = ensure_data(args.members)

    figures: list[Figure] = []
    load_before = os.getloadavg()[0]  # other work on the machine shows in every figure
    log(f"load average {load_before:.1f} on {os.cpu_count()} CPUs")

    def report(new: list[Figure]) -> None:
        for figure in new:
            print(figure.line(), flush=True)
        figures.extend(new)

    if generate_seconds is not None:
        report([Figure("generate_scale_seconds", generate_seconds)])
    if "list" in only:
        report(bench_member_list(root_id, args.requests))
    if "counts" in only:
        report(bench_tree_counts(root_id))
    if "import" in only:
        report(bench_import(args.database_url, root_id))
        vacuum()
    for name in DOMAIN_BENCHES:
        if name in only:
            report(bench_domain(name, args.database_url))

    RESULTS.parent.mkdir(exist_ok=True)
    header = (
        f"# {datetime.datetime.now().isoformat(timespec='seconds')} {platform.node()}: {os.cpu_count()} CPUs, "
        f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after; {args.members:,} members, "
        f"database {_database_name(args.database_url)}"
    )
    RESULTS.write_text("\n".join([header, *(f.line() for f in figures)]) + "\n", encoding="utf-8")
    failed = [f.name for f in figures if not f.passed]
    if failed:
        print(f"# budgets missed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
