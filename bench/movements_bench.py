#!/usr/bin/env python
"""Movement targets at province scale: full progress recomputation and the subtree target dashboard.

    .venv/bin/python bench/movements_bench.py --database-url postgres://postgres@127.0.0.1:5432/thidua_bench

Assumes a PostgreSQL database filled by ``manage.py generate_scale`` (bench/run.py does it: 300,000 members, 3,625
units). ``run(database_url)`` returns (name, value, budget, unit) tuples for bench/run.py; budget None means "for
context, no budget". Steps:

1. a province movement over the province's whole subtree, launched, with 20 targets on the registry's metrics
   (``members.active`` shares by gender and party, ``movements.registered``, ``initiatives.*``, two metrics the bench
   registers over real tables, two keys whose apps are not installed yet, one manual target), applying to the
   province, each upper union, each grassroots union, each member union and each group; registrations for about
   60% of the members (bulk-inserted, like an import). The movement from a previous run is removed first;
2. ``movement_recompute_progress``: three runs, the median has the budget (≤ 10 s);
3. the dashboard page ``/movements/<id>/dashboard/?unit=…`` through the Django test client as the province officer:
   the province, every upper union, a spread of grassroots unions with groups or member unions, and further pages
   of the largest lists; one warm-up pass, then ~100 timed requests; p95 has the budget (≤ 150 ms).
"""

import argparse
import datetime
import math
import os
import statistics
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/thidua_bench"
PREFIX = "BENCH"  # the accounts generate_scale made: bench.canbo.tinh …
TEMPLATE_KEY = "bench-province"
REGISTERED_SHARE = 0.6
RECOMPUTE_RUNS = 3
REQUESTS = 100
RECOMPUTE_BUDGET_S = 10.0
DASHBOARD_P95_BUDGET_MS = 150.0

sys.path.insert(0, str(ROOT))


def log(message: str) -> None:
    print(f"# {message}", file=sys.stderr, flush=True)


def setup_django(url: str) -> None:
    from django.conf import settings

    if settings.configured and os.environ.get("DATABASE_URL") == url:
        return
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DEBUG"] = "false"
    import django

    django.setup()


# --- metrics the bench registers over real tables ---------------------------------------------------------------------


def _register_bench_metrics() -> None:
    """Two realistic quantities over the member table, each one grouped query (what a later app would register)."""
    from django.db.models import Count, Q

    from thidua.members.choices import MemberStatus
    from thidua.members.models import Member
    from thidua.metrics.registry import Metric, register, roll_up

    def subtrees(paths):
        q = Q()
        for path in paths:
            q |= Q(unit__path__startswith=path)
        return q

    def joined(request):
        """Members who joined the union in the period (a count, like evidence.work_projects)."""
        period = Q()
        if request.start:
            period &= Q(union_joined_on__gte=request.start)
        if request.end:
            period &= Q(union_joined_on__lte=request.end)
        rows = (Member.objects.filter(subtrees(request.unit_paths), period).values("unit__path")
                .annotate(num=Count("pk"), den=Count("pk"))
                .values_list("unit__path", "num", "den").order_by())  # fmt: skip
        return roll_up(rows, request.unit_paths)

    def young(request):
        """Active members born in or after ``born_from`` (a share of the active members)."""
        born = datetime.date.fromisoformat(str(request.params.get("born_from", "1990-01-01")))
        rows = (Member.objects.filter(subtrees(request.unit_paths), status=MemberStatus.ACTIVE).values("unit__path")
                .annotate(num=Count("pk", filter=Q(date_of_birth__gte=born)), den=Count("pk"))
                .values_list("unit__path", "num", "den").order_by())  # fmt: skip
        return roll_up(rows, request.unit_paths)

    register(Metric(key="bench.members_joined", label="Đoàn viên mới kết nạp", compute=joined))
    register(Metric(key="bench.young_members", label="Đoàn viên trẻ", compute=young, params=("born_from",)))


# --- the movement ----------------------------------------------------------------------------------------------------


def _targets(year: int) -> list[dict]:
    end, aug = datetime.date(year, 12, 31), datetime.date(year, 8, 31)
    oct31 = datetime.date(year, 10, 31)

    def share(name, low, key, params=None, **extra):
        return {"name": name, "kind": "share", "target_min": low, "metric_key": key, "metric_params": params or {},
                "deadline": extra.pop("deadline", end), **extra}  # fmt: skip

    def count(name, low, key, params=None, **extra):
        return {"name": name, "kind": "count", "target_min": low, "metric_key": key, "metric_params": params or {},
                "deadline": extra.pop("deadline", end), **extra}  # fmt: skip

    each = {"applies_to": "each_kind"}
    return [
        share("Nữ chiếm ít nhất 30% đoàn viên mỗi CĐCS", 30, "members.active", {"gender": "female"},
              applies_kind="grassroots", **each),
        share("Đảng viên chiếm ít nhất 20% đoàn viên mỗi CĐCS", 20, "members.active", {"party": True},
              applies_kind="grassroots", **each),
        share("100% đoàn viên mỗi CĐCS đăng ký thi đua", 100, "movements.registered", deadline=oct31,
              applies_kind="grassroots", **each),
        share("Ít nhất 90% đoàn viên mỗi tổ công đoàn đăng ký thi đua", 90, "movements.registered",
              applies_kind="group", **each),
        share("100% đoàn viên toàn tỉnh đăng ký thi đua", 100, "movements.registered", deadline=oct31),
        share("Nữ chiếm ít nhất 30% đoàn viên mỗi công đoàn cấp trên", 30, "members.active", {"gender": "female"},
              applies_kind="upper", **each),
        {**share("Mỗi CĐCS thành viên có 10–15% đoàn viên có sáng kiến", 10, "initiatives.members_with_initiative",
                 {"status": "submitted"}, deadline=aug, applies_kind="member_union", **each),
         "comparison": "range", "target_max": 15},
        share("Ít nhất 5% đoàn viên mỗi CĐCS có sáng kiến", 5, "initiatives.members_with_initiative",
              {"status": "submitted"}, applies_kind="grassroots", **each),
        count("Mỗi công đoàn cấp trên có ít nhất 3 sáng kiến được công nhận", 3, "initiatives.count",
              {"status": "recognised"}, applies_kind="upper", **each),
        count("Mỗi CĐCS kết nạp ít nhất 01 đoàn viên mới", 1, "bench.members_joined", applies_kind="grassroots",
              **each),
        share("Đoàn viên trẻ (sinh từ 1990) chiếm ít nhất 20% mỗi CĐCS", 20, "bench.young_members",
              {"born_from": "1990-01-01"}, applies_kind="grassroots", **each),
        share("Đảng viên chiếm ít nhất 25% đoàn viên toàn tỉnh", 25, "members.active", {"party": True}),
        share("Nữ chiếm ít nhất 40% đoàn viên mỗi tổ công đoàn", 40, "members.active", {"gender": "female"},
              applies_kind="group", **each),
        count("Mỗi công đoàn cấp trên kết nạp ít nhất 20 đoàn viên mới", 20, "bench.members_joined",
              applies_kind="upper", **each),
        {**share("Nữ chiếm ít nhất 30% đảng viên mỗi CĐCS", 30, "members.active", {"gender": "female", "party": True},
                 applies_kind="grassroots", **each), "population_key": "members.active",
         "population_params": {"party": True}},
        {**share("100% nữ đoàn viên mỗi CĐCS đăng ký thi đua", 100, "movements.registered", {"gender": "female"},
                 applies_kind="grassroots", **each), "population_key": "members.active",
         "population_params": {"gender": "female"}},
        {"name": "100% cơ quan có đoàn viên dùng hộp thư điện tử công vụ", "kind": "share", "source": "manual",
         "target_min": 100, "deadline": end, "applies_to": "each_kind", "applies_kind": "upper"},
        share("100% đoàn viên mỗi CĐCS được học tập nghị quyết", 100, "evidence.activity_attendance",
              {"kind": "resolution_study"}, applies_kind="grassroots", **each),
        share("100% đoàn viên mỗi CĐCS hoàn thành tốt nhiệm vụ", 100, "evaluation.members_rated",
              {"level": "HTT", "at_least": True}, applies_kind="grassroots", **each),
        share("Ít nhất 10% đoàn viên toàn tỉnh có sáng kiến", 10, "initiatives.members_with_initiative",
              {"status": "submitted"}),
    ]  # fmt: skip


def _remove_previous(root) -> None:
    from django.db import transaction

    from thidua.movements import models as m

    old = list(m.Movement.objects.filter(unit=root, template_key=TEMPLATE_KEY).values_list("pk", flat=True))
    if not old:
        return
    log(f"removing the bench movement of a previous run ({len(old)})")
    # Raw deletes, children first: the bench rows carry no history, there are hundreds of thousands of them, and
    # the ORM's cascade would also visit the tables of apps that point at movements.
    steps = [
        (m.TargetProgress, "target__movement__in"), (m.TargetSnapshot, "target__movement__in"),
        (m.Registration, "movement__in"), (m.ManualValue, "target__movement__in"),
        (m.Target.applies_units.through, "target__movement__in"), (m.Target, "movement__in"),
        (m.Criterion, "version__movement__in"), (m.CriteriaVersion, "movement__in"),
        (m.Standard, "item__group__movement__in"), (m.ContentItem, "group__movement__in"),
        (m.ContentGroup, "movement__in"), (m.Phase, "movement__in"),
        (m.Movement.scope_units.through, "movement__in"), (m.Movement, "pk__in"),
    ]  # fmt: skip
    with transaction.atomic():
        for model, lookup in steps:
            qs = model.objects.filter(**{lookup: old})
            qs._raw_delete(qs.db)


def _build_movement(root, officer):
    from thidua.members.models import Member
    from thidua.movements import services
    from thidua.movements.models import Registration

    year = datetime.date.today().year
    started = time.perf_counter()
    movement = services.movement_create(
        unit=root, by=officer, title=f"Phong trào thi đua năm {year} toàn tỉnh", kind="annual",
        starts_on=datetime.date(year, 1, 1), ends_on=datetime.date(year, 12, 31), plan_number=f"01/KH-LĐLĐ-{year}",
        issued_on=datetime.date(year, 1, 5), template_key=TEMPLATE_KEY, adopter_kind="grassroots",
    )  # fmt: skip
    group = services.content_group_add(movement=movement, name="Về phong trào")
    services.content_item_add(group=group, text="Tích cực hưởng ứng các phong trào thi đua do công đoàn phát động.")
    services.phase_add(movement=movement, starts_on=datetime.date(year, 1, 1), ends_on=datetime.date(year, 6, 30),
                       review_due=datetime.date(year, 7, 15))  # fmt: skip
    services.phase_add(movement=movement, starts_on=datetime.date(year, 7, 1), ends_on=datetime.date(year, 11, 30),
                       review_due=datetime.date(year, 12, 15), review_kind="final")  # fmt: skip
    for spec in _targets(year):
        services.target_add(movement=movement, **spec)
    # Launch without the synchronous first computation: the timed runs below do it.
    type(movement).objects.filter(pk=movement.pk).update(status="launched")
    movement.refresh_from_db()

    members = Member.objects.active().in_subtree(root).values_list("pk", "unit_id").order_by("pk").iterator(10_000)
    batch, created = [], 0
    registered_on = datetime.date(year, 1, 20)
    for pk, unit_id in members:
        if (pk * 2654435761) % 1000 >= REGISTERED_SHARE * 1000:  # a fixed, well-spread ~60%
            continue
        batch.append(Registration(movement=movement, subject="individual", member_id=pk, unit_id=unit_id,
                                  title_code="ldtt", title_name="Lao động tiên tiến",
                                  registered_on=registered_on))  # fmt: skip
        if len(batch) == 10_000:
            Registration.objects.bulk_create(batch)
            created += len(batch)
            batch = []
    Registration.objects.bulk_create(batch)
    created += len(batch)
    log(f"movement {movement.pk}: 20 targets, {created:,} registrations in {time.perf_counter() - started:.1f} s")
    return movement


def _percentile(values: list[float], percent: int) -> float:
    ranked = sorted(values)
    return ranked[max(0, math.ceil(percent / 100 * len(ranked)) - 1)]


def _dashboard_urls(movement, root) -> list[str]:
    from django.db.models import Count

    from thidua.movements.models import TargetProgress
    from thidua.organizations.models import Unit

    base = f"/movements/{movement.pk}/dashboard/"
    urls = [base, f"{base}?unit={root.pk}"]
    uppers = list(Unit.objects.filter(parent=root).values_list("pk", flat=True))
    urls += [f"{base}?unit={pk}" for pk in uppers]
    # Grassroots unions whose groups or member unions have rows, across the size range.
    parents = list(TargetProgress.objects.filter(target__movement=movement, is_rollup=True)
                   .exclude(unit__in=[root.pk, *uppers]).values("unit").annotate(n=Count("pk")).order_by("unit")
                   .values_list("unit", flat=True))  # fmt: skip
    step = max(1, len(parents) // 30)
    urls += [f"{base}?unit={pk}" for pk in parents[::step][:30]]
    biggest = (TargetProgress.objects.filter(target__movement=movement).values("unit_parent_id")
               .annotate(n=Count("unit", distinct=True)).order_by("-n").first())  # fmt: skip
    if biggest:
        pages = math.ceil(biggest["n"] / 50)
        urls += [f"{base}?unit={biggest['unit_parent_id']}&page={n}" for n in range(2, min(pages, 6) + 1)]
    return urls


def run(database_url: str = DEFAULT_URL, requests: int = REQUESTS) -> list[tuple[str, float, float | None, str]]:
    setup_django(database_url)
    from django.test import Client

    from thidua.accounts.models import User
    from thidua.demo import scale
    from thidua.members.models import Member
    from thidua.movements import services
    from thidua.movements.models import TargetProgress
    from thidua.organizations.choices import UnitKind
    from thidua.organizations.models import Unit

    officer = User.objects.filter(username=scale.account_username(PREFIX, "canbo.tinh")).first()
    root = Unit.objects.filter(kind=UnitKind.PROVINCIAL, grants__user=officer).first() if officer else None
    if root is None:
        raise SystemExit("the database has no generated province: run bench/run.py (generate_scale) first")
    members = Member.objects.active().in_subtree(root).count()
    units = Unit.objects.subtree(root).count()
    log(f"province {root.name}: {units:,} units, {members:,} active members")
    _register_bench_metrics()
    _remove_previous(root)
    movement = _build_movement(root, officer)

    timings = []
    rows = 0
    for run_number in range(RECOMPUTE_RUNS):
        started = time.perf_counter()
        rows = services.movement_recompute_progress(movement=movement)
        timings.append(time.perf_counter() - started)
        log(f"recompute {run_number + 1}: {rows:,} progress rows in {timings[-1]:.2f} s")
    behind = TargetProgress.objects.filter(target__movement=movement, status__in=["at_risk", "missed"]).count()
    log(f"{behind:,} rows behind")

    client = Client()
    client.force_login(officer)
    urls = _dashboard_urls(movement, root)
    log(f"dashboard: {len(urls)} distinct pages, warm-up…")
    for url in urls:
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"GET {url} answered {response.status_code}")
    page_ms = []
    for i in range(requests):
        url = urls[i % len(urls)]
        started = time.perf_counter()
        response = client.get(url)
        page_ms.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"GET {url} answered {response.status_code}")
    return [
        ("movement_progress_rows", float(rows), None, "rows"),
        ("movement_recompute_seconds_median", statistics.median(timings), RECOMPUTE_BUDGET_S, "s"),
        ("movement_recompute_seconds_max", max(timings), None, "s"),
        ("movement_dashboard_p50_ms", _percentile(page_ms, 50), None, "ms"),
        ("movement_dashboard_p95_ms", _percentile(page_ms, 95), DASHBOARD_P95_BUDGET_MS, "ms"),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("PG_URL", DEFAULT_URL))
    parser.add_argument("--requests", type=int, default=REQUESTS)
    args = parser.parse_args()
    setup_django(args.database_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)  # as bench/run.py does before calling run()
    failed = []
    for name, value, budget, unit in run(args.database_url, args.requests):
        verdict = "info" if not budget else f"budget<={budget:g} {'PASS' if value <= budget else 'FAIL'}"
        print(f"{name} {value:.1f} {verdict}  # {unit}", flush=True)
        if budget and value > budget:
            failed.append(name)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
