"""A finished 2023 evaluation round for "Công đoàn Sở Thông tin và Truyền thông" (seed 000): criteria added to the
demo movement (a new criteria version), every member self-assessed, reviewed by the groups, decided by the executive
committee with the HTXS quota, the union scored on the 40/40/15/+5 scheme, results finalised and published on
15/12/2023. Computed criteria come from the evidence demo (thidua/evidence/demo.py). Running it twice changes nothing.
The round is judged by the pack in force on 31/12/2023 (vn-luat-2003, the law before Luật 06/2022/QH15).
"""

import datetime

from django.db import transaction

from thidua.accounts.models import User
from thidua.evaluation import services
from thidua.evaluation.models import EvaluationRound
from thidua.movements import services as movement_services
from thidua.movements.models import Movement
from thidua.organizations.choices import UnitKind
from thidua.organizations.models import Unit

UNIT_NAME = "Công đoàn Sở Thông tin và Truyền thông"
D = datetime.date
CRITERIA = [
    {"code": "1", "name": "Hoàn thành nhiệm vụ chuyên môn: tham mưu văn bản đúng tiến độ, bảo đảm chất lượng",
     "max_points": 50, "method": "manual"},
    {"code": "2", "name": "Học tập, quán triệt nghị quyết của Đảng, của các cấp Công đoàn", "max_points": 15,
     "method": "share", "metric_key": "evidence.activity_attendance", "metric_params": {"kind": "resolution_study"},
     "target_value": 100},
    {"code": "3", "name": "Thực hiện văn hóa công sở (trừ 5 điểm mỗi vi phạm)", "max_points": 15, "method": "deduction",
     "metric_key": "evidence.conduct_records", "metric_params": {"polarity": "violation"}, "deduction_points": 5},
    {"code": "4", "name": "Tham gia phong trào văn nghệ, thể thao", "max_points": 10, "method": "count",
     "metric_key": "evidence.activity_attendance", "metric_params": {"kind": "sports_arts"}, "target_value": 1},
    {"code": "5", "name": "Tích cực tham gia vệ sinh cơ quan, xây dựng cơ quan văn minh, sạch đẹp",
     "max_points": 10, "method": "yes_no"},
]  # fmt: skip


def demo_scores(index: int) -> tuple[int, int]:
    """(points of the manual criterion, cleaning yes/no) of the index-th member: a plausible spread, the same on
    every machine."""
    return [48, 46, 44, 42, 50, 40, 45, 38, 47, 43][index % 10], (0 if index % 4 == 3 else 10)


@transaction.atomic
def load_demo() -> EvaluationRound | None:
    unit = Unit.objects.filter(name=UNIT_NAME, kind=UnitKind.GRASSROOTS).order_by("pk").first()
    movement = Movement.objects.filter(unit=unit, template_key="hanam-tttt-2023").first() if unit else None
    if movement is None:
        return None
    existing = EvaluationRound.objects.filter(unit=unit, movement=movement, year=2023).first()
    if existing is not None:
        return existing
    chair = User.objects.filter(grants__unit=unit, grants__role="chair").order_by("pk").first()
    leader = User.objects.filter(grants__unit__parent=unit, grants__role="group_leader").order_by("pk").first()
    if not movement_services.current_version(movement).criteria.exists():
        for criterion in CRITERIA:
            movement_services.criterion_add(movement=movement, by=chair, reason="Tiêu chí bình xét cuối năm 2023.",
                                            **criterion)  # fmt: skip
    r = services.round_create(unit=unit, criteria_version=movement_services.current_version(movement), year=2023,
                              name="Bình xét, xếp loại đoàn viên năm 2023", self_assessment_due=D(2023, 11, 30),
                              review_due=D(2023, 12, 5), decision_due=D(2023, 12, 12), by=chair)  # fmt: skip
    r = services.round_open(evaluation_round=r, by=chair)
    manual = {row.criterion.code: row.criterion_id for row in r.submissions.first().scores.select_related("criterion")}
    for index, submission in enumerate(
        r.submissions.select_related("round", "member", "unit").order_by("member__code")
    ):
        points, cleaning = demo_scores(index)
        submission = services.submission_self_assess(
            submission=submission, version=submission.version, scores={manual["1"]: points, manual["5"]: cleaning},
            explanations={manual["1"]: "Tham mưu văn bản đúng hạn; xử lý văn bản trên phần mềm Quản lý văn bản."},
            submit=True, by=submission.member.user or chair, on=D(2023, 11, 20))  # fmt: skip
        reviewer = leader if leader is not None and submission.unit.name.startswith("Bưu chính") else chair
        review_points = points - 2 if index % 5 == 4 else None  # the group sometimes scores lower than the member
        services.submission_review(submission=submission, version=submission.version, complete=True, by=reviewer,
                                   scores={manual["1"]: review_points} if review_points is not None else {},
                                   note="Tổ thống nhất.")  # fmt: skip
    services.round_start_review(evaluation_round=r, by=chair)
    r = services.round_start_decision(evaluation_round=r, by=chair)
    own = r.unit_results.get(unit=unit)
    services.unit_result_update(result=own, version=own.version, by=chair, bonus=4,
                                parts={"representation": 37, "building": 36, "communication": 13})  # fmt: skip
    services.round_decide_all(evaluation_round=r, by=chair, note="Ban Chấp hành thống nhất kết quả tổ đề nghị.")
    r = services.round_finalise(evaluation_round=r, by=chair)
    return services.round_publish(evaluation_round=r, by=chair, on=D(2023, 12, 15))
