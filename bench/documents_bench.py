#!/usr/bin/env python
"""Documents at scale: an award decision with 2,000 awardees rendered to DOCX, and the final report (Báo cáo tổng kết)
of a 300,000-member province.

    .venv/bin/python bench/documents_bench.py --database-url postgres://postgres@127.0.0.1:5432/thidua_bench

Assumes a PostgreSQL database filled by ``manage.py generate_scale`` (bench/run.py does it). ``run(database_url)``
returns (name, value, budget, unit) tuples for bench/run.py. One child process does, in order:

1. setup (not measured): a launched movement of the province with five targets and a reviewed final phase whose
   snapshot holds a row per target at the province; a published evaluation round of that phase with a decided
   submission for every member (bulk SQL, ~300,000 rows, levels spread over the four classes); an activity per
   grassroots union; 3,000 award records; a decision of the province with 2,000 awardees;
2. the decision: context (one query for the 2,000 rows) and DOCX render, three runs, median (budget ≤ 5 s);
3. the final report: the context's grouped counts over the province (members, registrations, classification,
   awards, initiatives, activities) and the DOCX render, three runs, median (budget ≤ 15 s);
4. cleanup: every row made in 1 is deleted again (other benches share the database).
"""

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/thidua_bench"
TEMPLATE_KEY = "bench-documents"
MARK = "DOCBENCH"
AWARDEES = 2000
AWARD_RECORDS = 3000
DECISION_BUDGET_S = 5.0
REPORT_BUDGET_S = 15.0
YEAR = 2026
DECISION_YEAR = 2099  # far from any real numbering: (issuer, year, number) is unique

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
    from thidua.organizations.models import Unit

    return Unit.objects.filter(parent__isnull=True).order_by("pk").first()


def cleanup() -> None:
    from thidua.awards.models import Awardee, AwardRecord, Decision
    from thidua.evaluation.models import EvaluationRound, Submission
    from thidua.evidence.models import Activity
    from thidua.movements.models import Movement

    for movement in Movement.objects.filter(template_key=TEMPLATE_KEY):
        rounds = EvaluationRound.objects.filter(movement=movement)
        Submission.objects.filter(round__in=rounds)._raw_delete(Submission.objects.db)
        EvaluationRound.history.filter(movement_id=movement.pk).delete()
        rounds.delete()
        Activity.objects.filter(movement=movement).delete()
        movement.delete()
    AwardRecord.objects.filter(title_code=MARK.lower()).delete()
    decisions = Decision.objects.filter(year=DECISION_YEAR, subject_line__startswith=MARK)
    Awardee.objects.filter(decision__in=decisions).delete()
    decisions.delete()


def setup() -> dict:
    from decimal import Decimal

    from django.db import transaction

    from thidua.awards.models import Awardee, AwardRecord, Decision
    from thidua.evaluation.models import EvaluationRound
    from thidua.evidence.models import Activity
    from thidua.members.models import Member
    from thidua.movements import services as movement_services
    from thidua.movements.models import Movement, Phase, Target, TargetSnapshot
    from thidua.organizations.models import Unit
    from thidua.rules.models import RulePack

    started = time.perf_counter()
    cleanup()
    province = _province()
    day = datetime.date
    with transaction.atomic():
        movement = movement_services.movement_create(
            unit=province, title=f"Phong trào thi đua yêu nước năm {YEAR}", starts_on=day(YEAR, 1, 1),
            ends_on=day(YEAR, 12, 31), plan_number="05/KH-LĐLĐ", issued_on=day(YEAR, 1, 5),
            signer="Nguyễn Văn Bench", signer_title="Chủ tịch")  # fmt: skip
        Movement.objects.filter(pk=movement.pk).update(template_key=TEMPLATE_KEY)
        group = movement_services.content_group_add(movement=movement, name="Về chuyên môn")
        movement_services.content_item_add(group=group, text="Hoàn thành tốt nhiệm vụ được giao.")
        movement_services.phase_add(movement=movement, starts_on=day(YEAR, 1, 1), ends_on=day(YEAR, 5, 31),
                                    review_due=day(YEAR, 6, 30))  # fmt: skip
        movement_services.phase_add(movement=movement, starts_on=day(YEAR, 6, 1), ends_on=day(YEAR, 11, 30),
                                    review_due=day(YEAR, 12, 15), review_kind="final")  # fmt: skip
        movement_services.criterion_add(movement=movement, code="1", name="Hoàn thành nhiệm vụ", max_points=100,
                                        method="manual")  # fmt: skip
        movement = movement_services.movement_launch(movement=movement)
        movement.refresh_from_db()
        final = movement.phases.get(review_kind="final")
        Phase.objects.filter(pk=final.pk).update(
            reviewed_on=day(YEAR, 12, 10), reviewed_at=datetime.datetime(YEAR, 12, 10, tzinfo=datetime.UTC)
        )
        snapshots = []
        for i, (value, status) in enumerate([(100, "achieved"), (93.5, "achieved"), (71.2, "missed"),
                                             (88, "missed"), (100, "achieved")], 1):  # fmt: skip
            target = Target.objects.create(movement=movement, order=i, name=f"Chỉ tiêu số {i} của tỉnh",
                                           kind="share", source="manual", target_min=Decimal(90),
                                           deadline=day(YEAR, 11, 30))  # fmt: skip
            snapshots.append(
                TargetSnapshot(
                    phase=final,
                    target=target,
                    unit=province,
                    is_rollup=True,
                    numerator=value,
                    denominator=100,
                    value=value,
                    status=status,
                    units_total=1746,
                    units_achieved=1500,
                    as_of=day(YEAR, 12, 10),
                )
            )
        TargetSnapshot.objects.bulk_create(snapshots)
        version = movement.criteria_versions.get()
        pack = RulePack.objects.filter(owner__isnull=True).order_by("-effective_from").first()
        rnd = EvaluationRound.objects.create(
            unit=province, name=f"{MARK} bình xét", movement=movement, criteria_version=version, phase=final,
            year=YEAR, period_start=day(YEAR, 1, 1), period_end=day(YEAR, 11, 30), rule_pack=pack,
            rules_on=day(YEAR, 11, 30), self_assessment_due=day(YEAR, 12, 1), review_due=day(YEAR, 12, 5),
            decision_due=day(YEAR, 12, 9), objection_days=5, status="published")  # fmt: skip
        submissions = _sql(
            "INSERT INTO evaluation_submission (round_id, member_id, unit_id, status, worked_months, score_level, "
            "level, level_note, disciplined, quota_applied, quota_choice, quota_reason, review_note, decision_note, "
            "version) SELECT %s, m.id, m.unit_id, 'decided', 12, '', "
            "(ARRAY['htxs','htt','htt','htt','ht','kht'])[1 + m.id %% 6], '', false, false, '', '', '', '', 1 "
            "FROM members_member m WHERE m.status = 'active'", [rnd.pk])  # fmt: skip
        grassroots = list(
            Unit.objects.filter(path__startswith=province.path, kind="grassroots").values_list("pk", flat=True)
        )
        Activity.objects.bulk_create(
            [
                Activity(
                    unit_id=u, kind="sports_arts", title=f"{MARK} hội thao", held_on=day(YEAR, 4, 30), movement=movement
                )
                for u in grassroots
            ]
        )
        members = list(Member.objects.filter(unit__path__startswith=province.path).order_by("pk")
                       .values_list("pk", "unit_id", "full_name")[: max(AWARD_RECORDS, AWARDEES)])  # fmt: skip
        AwardRecord.objects.bulk_create([AwardRecord(member_id=pk, scope_unit_id=unit_id, year=YEAR,
                                                     title_code=MARK.lower(), title_name="Lao động tiên tiến")
                                         for pk, unit_id, _name in members[:AWARD_RECORDS]])  # fmt: skip
        decision = Decision.objects.create(
            issuer=province,
            year=DECISION_YEAR,
            number=1,
            symbol="01/QĐ-LĐLĐ",
            decided_on=day(YEAR + 1, 1, 5),
            achievement_year=YEAR,
            subject_line=f"{MARK} Về việc tặng Giấy khen",
            signer_name="Nguyễn Văn Bench",
            signer_title="Chủ tịch",
            base_salary=Decimal(2340000),
            base_salary_citation="Nghị định 73/2024/NĐ-CP",
        )
        units = dict(Unit.objects.filter(pk__in={u for _p, u, _n in members}).values_list("pk", "name"))
        Awardee.objects.bulk_create([Awardee(decision=decision, member_id=pk, display_name=name,
                                             unit_name=units[unit_id], title_code="gk", title_name="Giấy khen",
                                             coefficient=Decimal("0.3"), amount=Decimal(702000), position=i)
                                     for i, (pk, unit_id, name) in enumerate(members[:AWARDEES], 1)])  # fmt: skip
    _sql("ANALYZE evaluation_submission")
    return {
        "setup_seconds": time.perf_counter() - started,
        "submissions": submissions,
        "decision": decision.pk,
        "phase": final.pk,
    }


def _median(fn, runs: int = 3) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def measure(decision_id: int, phase_id: int) -> dict:
    from thidua.awards.models import Decision
    from thidua.documents import contexts, engine
    from thidua.movements.models import Phase

    def decision_docx():
        decision = Decision.objects.select_related("issuer", "proposal", "session").get(pk=decision_id)
        return engine.render_docx("decision", contexts.decision_context(decision), unit=decision.issuer)

    def report_docx():
        phase = Phase.objects.select_related("movement__unit").get(pk=phase_id)
        return engine.render_docx("report", contexts.report_context(phase), unit=phase.movement.unit)

    decision_seconds, decision_bytes = _median(decision_docx)
    started = time.perf_counter()
    decision = Decision.objects.get(pk=decision_id)
    contexts.decision_context(decision)
    context_seconds = time.perf_counter() - started
    report_seconds, report_bytes = _median(report_docx)
    phase = Phase.objects.select_related("movement__unit").get(pk=phase_id)
    started = time.perf_counter()
    ctx = contexts.report_context(phase)
    report_context_seconds = time.perf_counter() - started
    return {"decision_seconds": decision_seconds, "decision_context_seconds": context_seconds,
            "decision_kb": len(decision_bytes) / 1024, "report_seconds": report_seconds,
            "report_context_seconds": report_context_seconds, "report_kb": len(report_bytes) / 1024,
            "report_members": ctx["member_count"]}  # fmt: skip


def _all(url: str, keep: bool) -> dict:
    setup_django(url)
    made = setup()
    log(f"setup {made['setup_seconds']:.1f} s, {made['submissions']} submissions")
    try:
        result = measure(made["decision"], made["phase"])
    finally:
        if not keep:
            cleanup()
    return {**made, **result}


def run(database_url: str, *, keep: bool = False) -> list[tuple[str, float, float | None, str]]:
    """For bench/run.py: setup, measure and cleanup in one child process."""
    child = subprocess.run(  # noqa: S603 - our own script with our own arguments
        [sys.executable, str(Path(__file__).resolve()), "--database-url", database_url, "--child",
         *(["--keep"] if keep else [])], capture_output=True, text=True, cwd=ROOT, check=False)  # fmt: skip
    sys.stderr.write(child.stderr[-4000:])
    if child.returncode != 0:
        raise RuntimeError("documents benchmark failed")
    r = json.loads(child.stdout.strip().splitlines()[-1])
    return [
        ("documents_setup_seconds", r["setup_seconds"], None, "s"),
        (f"documents_decision_{AWARDEES}_awardees_docx_seconds", r["decision_seconds"], DECISION_BUDGET_S, "s"),
        ("documents_decision_context_seconds", r["decision_context_seconds"], None, "s"),
        ("documents_decision_docx_kb", r["decision_kb"], None, "KB"),
        ("documents_final_report_province_docx_seconds", r["report_seconds"], REPORT_BUDGET_S, "s"),
        ("documents_final_report_context_seconds", r["report_context_seconds"], None, "s"),
        ("documents_final_report_submissions", float(r["submissions"]), None, "members"),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("PG_URL", DEFAULT_URL))
    parser.add_argument("--child", action="store_true", help="do the work in this process, print JSON")
    parser.add_argument("--keep", action="store_true", help="leave the bench rows in the database")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_all(args.database_url, args.keep)))
        return 0
    failed = False
    for name, value, budget, unit in run(args.database_url, keep=args.keep):
        verdict = "info" if budget is None else ("PASS" if value <= budget else "FAIL")
        failed |= verdict == "FAIL"
        print(f"{name} {value:.2f} {unit} {'' if budget is None else f'budget<={budget:g} '}{verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
