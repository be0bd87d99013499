"""Builders for evaluation tests: a launched movement with individual criteria (manual, computed from the evidence,
yes/no), rounds at each step, members with scores."""

import datetime
from decimal import Decimal

from django.utils import timezone

from thidua.evaluation import services
from thidua.evaluation.choices import SubmissionStatus
from thidua.evaluation.models import EvaluationRound, Submission
from thidua.members.tests.factories import MemberFactory
from thidua.movements import services as movement_services
from thidua.movements.models import Movement

YEAR = 2025

MANUAL = {"code": "1", "name": "Hoàn thành nhiệm vụ chuyên môn được giao", "max_points": 60, "method": "manual"}
STUDY = {"code": "2", "name": "Học tập, quán triệt nghị quyết", "max_points": 20, "method": "share",
         "metric_key": "evidence.activity_attendance", "metric_params": {"kind": "resolution_study"},
         "target_value": 100}  # fmt: skip
CONDUCT = {"code": "3", "name": "Thực hiện văn hóa công sở", "max_points": 10, "method": "deduction",
           "metric_key": "evidence.conduct_records", "metric_params": {"polarity": "violation"},
           "deduction_points": 5}  # fmt: skip
SPORTS = {"code": "4", "name": "Tham gia văn nghệ, thể thao", "max_points": 10, "method": "yes_no"}
CRITERIA = [MANUAL, STUDY, CONDUCT, SPORTS]


def d(month: int, day: int, year: int = YEAR) -> datetime.date:
    return datetime.date(year, month, day)


def soon(days: int = 30) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def make_movement(p, *, year: int = YEAR, criteria=None, unit=None) -> Movement:
    """A launched annual movement of the grassroots union with two phases and the given criteria."""
    movement = movement_services.movement_create(
        unit=unit or p.grassroots, by=p.chair, title=f"Phong trào thi đua năm {year}", starts_on=d(1, 1, year),
        ends_on=d(12, 31, year), plan_number="01/KH-CĐSTTTT", issued_on=d(1, 5, year))  # fmt: skip
    group = movement_services.content_group_add(movement=movement, name="Về chuyên môn")
    movement_services.content_item_add(group=group, text="Hoàn thành tốt nhiệm vụ được giao.")
    movement_services.phase_add(movement=movement, starts_on=d(1, 1, year), ends_on=d(5, 31, year),
                                review_due=d(6, 30, year))  # fmt: skip
    movement_services.phase_add(movement=movement, starts_on=d(6, 1, year), ends_on=d(10, 31, year),
                                review_due=d(11, 30, year), review_kind="final")  # fmt: skip
    for criterion in CRITERIA if criteria is None else criteria:
        movement_services.criterion_add(movement=movement, by=p.chair, **criterion)
    return movement_services.movement_launch(movement=movement, by=p.chair)


def make_round(p, movement: Movement | None = None, *, year: int = YEAR, unit=None, **fields) -> EvaluationRound:
    movement = movement or make_movement(p, year=year)
    values = {"self_assessment_due": soon(10), "review_due": soon(20), "decision_due": soon(30), **fields}
    return services.round_create(unit=unit or p.grassroots, criteria_version=movement_services.current_version(
        movement), year=year if "phase" not in fields else None, by=p.chair, **values)  # fmt: skip


def open_round(p, **kwargs) -> EvaluationRound:
    return services.round_open(evaluation_round=make_round(p, **kwargs), by=p.chair)


def members(p, n: int, *, unit=None, gender=None, prefix="EV") -> list:
    return [MemberFactory(unit=unit or p.group, code=f"{prefix}{i:04d}", **({"gender": gender} if gender else {}))
            for i in range(n)]  # fmt: skip


def submission(evaluation_round: EvaluationRound, member) -> Submission:
    return Submission.objects.select_related("round", "member", "unit").get(round=evaluation_round, member=member)


def criterion_ids(evaluation_round: EvaluationRound) -> dict[str, int]:
    """criterion code → id in the round's version."""
    return dict(evaluation_round.criteria_version.criteria.values_list("code", "pk"))


def self_assess(s: Submission, manual: Decimal | int | None = 50, sports: int | None = 10, *, submit: bool = True,
                by=None) -> Submission:  # fmt: skip
    ids = criterion_ids(s.round)
    s.refresh_from_db()
    return services.submission_self_assess(
        submission=s,
        version=s.version,
        scores={ids["1"]: manual, ids["4"]: sports},
        explanations={ids["1"]: "Hoàn thành đúng hạn."},
        submit=submit,
        by=by,
    )


def review(s: Submission, manual=None, sports=None, *, by=None, complete: bool = True, note=None) -> Submission:
    ids = criterion_ids(s.round)
    s.refresh_from_db()
    scores = {k: v for k, v in ((ids["1"], manual), (ids["4"], sports)) if v is not None}
    return services.submission_review(submission=s, version=s.version, scores=scores, complete=complete, by=by,
                                      note=note)  # fmt: skip


def to_decision(p, evaluation_round: EvaluationRound, scores: dict | None = None) -> EvaluationRound:
    """Self-assess and review every submission (``scores``: member id → manual points), then start the decision."""
    for s in evaluation_round.submissions.select_related("round", "member"):
        manual = (scores or {}).get(s.member_id, 50)
        if s.status == SubmissionStatus.DRAFT:
            self_assess(s, manual)
        review(s, by=p.chair)
    services.round_start_review(evaluation_round=evaluation_round, by=p.chair)
    return services.round_start_decision(evaluation_round=evaluation_round, by=p.chair)


def finalise(p, evaluation_round: EvaluationRound, scores: dict | None = None) -> EvaluationRound:
    evaluation_round = to_decision(p, evaluation_round, scores)
    services.round_decide_all(evaluation_round=evaluation_round, by=p.chair)
    return services.round_finalise(evaluation_round=evaluation_round, by=p.chair)
