"""API for evaluation: rounds and their steps, the status board, submissions (self-assessment, review, return,
decision), results, unit results, objections, cluster rankings.

Same checks and services as the pages: the round, submission, unit result or objection in the path is fetched with
``get_scoped_or_404`` for the action — outside the scope → 404, in scope without the role → 403. Self-assessment and
objections act on the caller's own submission only. Every edit names the ``version`` it was loaded with: when someone
saved in between, the answer is **409** with the current version and nothing is written. Scores out of range,
steps out of order and deadlines passed are 422 with the reason, on the field (``score_<criterion id>``).
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from thidua.api.errors import ERROR_RESPONSES
from thidua.api.pagination import Page, PageParams, paginate
from thidua.api.schemas import InputSchema
from thidua.core.permissions import get_scoped_or_404, require_action_somewhere
from thidua.core.roles import Action
from thidua.core.scope import get_scope
from thidua.evaluation import selectors, services
from thidua.evaluation.choices import Level, ObjectionStatus, QuotaChoice, RoundStatus, SubmissionStatus
from thidua.evaluation.models import EvaluationRound, Objection, Submission, UnitResult
from thidua.movements.models import Movement, Phase
from thidua.movements.services import current_version
from thidua.organizations.api import UnitRef
from thidua.organizations.models import Cluster, Unit

router = Router(tags=["Bình xét, xếp loại"])


def _labels(choices) -> str:
    return "; ".join(f"{c.value} = {c.label}" for c in choices)


# --- schemas -------------------------------------------------------------------------------------------------------


class ConflictOut(Schema):
    detail: str = Field(description="Ai vừa lưu, lúc nào; không có gì bị ghi đè")
    current_version: int = Field(description="Phiên bản hiện tại: tải lại rồi gửi lại với phiên bản này")


R = ERROR_RESPONSES
RC = {**ERROR_RESPONSES, 409: ConflictOut}


class RoundOut(Schema):
    id: int
    name: str = Field(description="Tên đợt bình xét")
    unit: UnitRef = Field(description="Công đoàn tổ chức bình xét")
    movement_id: int = Field(description="Phong trào")
    criteria_version: int = Field(description="Phiên bản tiêu chí (số)")
    phase_id: int | None = Field(description="Đợt thi đua (null: cả năm)")
    year: int = Field(description="Năm")
    period_start: datetime.date = Field(description="Kỳ đánh giá từ ngày")
    period_end: datetime.date = Field(description="Kỳ đánh giá đến ngày")
    rule_pack: str = Field(description="Mã bộ quy tắc áp dụng")
    rules_on: datetime.date = Field(description="Đọc giá trị của bộ quy tắc theo ngày")
    rules_note: str = Field(description="Ghi chú khi không có bộ quy tắc hiệu lực vào cuối kỳ")
    outstanding_unit: bool = Field(description="Áp dụng tỷ lệ HTXS của đơn vị xuất sắc")
    self_assessment_due: datetime.date
    review_due: datetime.date
    decision_due: datetime.date
    objection_days: int = Field(description="Số ngày nhận phản hồi sau khi công khai")
    status: RoundStatus = Field(description=f"Trạng thái: {_labels(RoundStatus)}")
    published_on: datetime.date | None
    objection_deadline: datetime.date | None

    @staticmethod
    def resolve_criteria_version(obj) -> int:
        return obj.criteria_version.number

    @staticmethod
    def resolve_rule_pack(obj) -> str:
        return obj.rule_pack.code


class RoundPage(Page[RoundOut]):
    pass


class RoundQuery(PageParams):
    year: int | None = Field(None, description="Năm")
    status: RoundStatus | None = Field(None, description="Trạng thái")
    unit: int | None = Field(None, description="Đơn vị (gồm cả đơn vị trực thuộc)")


class RoundIn(InputSchema):
    unit: int = Field(description="Id công đoàn cơ sở tổ chức bình xét (bạn cần quyền quyết định ở đó)")
    movement: int = Field(description="Id phong trào (đã phát động); chấm theo phiên bản tiêu chí hiện hành")
    phase: int | None = Field(None, description="Id đợt thi đua (để trống: bình xét cả năm)")
    year: int | None = Field(None, description="Năm (khi không chọn đợt)")
    name: str = Field("", max_length=255, description="Tên đợt bình xét")
    self_assessment_due: datetime.date
    review_due: datetime.date
    decision_due: datetime.date
    outstanding_unit: bool = False


class RoundPatch(InputSchema):
    name: str | None = Field(None, min_length=1, max_length=255)
    self_assessment_due: datetime.date | None = None
    review_due: datetime.date | None = None
    decision_due: datetime.date | None = None
    objection_days: int | None = Field(None, ge=0, le=90)
    outstanding_unit: bool | None = None


class BoardRowOut(Schema):
    unit: UnitRef
    total: int = Field(description="Số đoàn viên")
    not_submitted: int = Field(description="Chưa nộp (kể cả bị trả lại)")
    not_reviewed: int = Field(description="Đã nộp, chờ tổ nhận xét")
    reviewed: int
    decided: int


class QuotaOut(Schema):
    base: int = Field(description="Số người đạt HTT trở lên")
    allowed: int = Field(description="Số HTXS tối đa theo bộ quy tắc")
    htxs: int = Field(description="Số đang xếp HTXS")
    by_points: int = Field(description="Số người đủ điểm HTXS")
    ratio: Decimal
    rounding: str
    citation: str


class BoardOut(Schema):
    units: list[BoardRowOut]
    quota: QuotaOut


class ScoreOut(Schema):
    criterion_id: int
    criterion: str = Field(description="Tên tiêu chí")
    max_points: Decimal
    computed: bool = Field(description="Tính từ minh chứng")
    measured: float | None = Field(description="Giá trị đo từ minh chứng")
    computed_score: Decimal | None
    self_score: Decimal | None
    explanation: str
    review_score: Decimal | None
    decided_score: Decimal | None
    decision_reason: str
    score: Decimal | None = Field(description="Điểm tính vào tổng")

    @staticmethod
    def resolve_criterion(obj) -> str:
        return obj.criterion.name

    @staticmethod
    def resolve_max_points(obj) -> Decimal:
        return obj.criterion.max_points


class MemberRef(Schema):
    id: int
    code: str
    full_name: str


class SubmissionOut(Schema):
    id: int
    round_id: int
    member: MemberRef
    unit: UnitRef = Field(description="Đơn vị (tổ) của đoàn viên khi mở đợt")
    status: SubmissionStatus = Field(description=f"Trạng thái: {_labels(SubmissionStatus)}")
    worked_months: int
    self_total: Decimal | None
    total: Decimal | None
    score_level: str = Field(description="Mức theo điểm")
    level: str = Field(description=f"Xếp loại: {_labels(Level)}")
    level_note: str = Field(description="Vì sao xếp loại khác mức theo điểm (kỷ luật, số tháng, chỉ tiêu HTXS)")
    quota_choice: str
    review_note: str
    decision_note: str
    version: int = Field(description="Gửi lại giá trị này khi sửa")


class SubmissionDetailOut(SubmissionOut):
    scores: list[ScoreOut]

    @staticmethod
    def resolve_scores(obj) -> list:
        return selectors.submission_with_scores(obj)


class SubmissionPage(Page[SubmissionOut]):
    pass


class SubmissionQuery(PageParams):
    status: SubmissionStatus | None = Field(None, description="Trạng thái")
    unit: int | None = Field(None, description="Đơn vị (tổ) của đoàn viên")


class SelfAssessIn(InputSchema):
    version: int
    scores: dict[int, Decimal | None] = Field(default_factory=dict, description="Id tiêu chí → điểm tự chấm")
    explanations: dict[int, str] = Field(default_factory=dict, description="Id tiêu chí → giải trình")
    worked_months: int | None = Field(None, description="Số tháng công tác trong năm (0–12)")
    submit: bool = Field(False, description="true: nộp bản tự đánh giá")


class ReviewIn(InputSchema):
    version: int
    scores: dict[int, Decimal | None] = Field(default_factory=dict, description="Id tiêu chí → điểm tổ chấm")
    worked_months: int | None = None
    note: str | None = Field(None, description="Nhận xét của tổ (bắt buộc khi chấm thay người chưa nộp)")
    complete: bool = Field(False, description="true: hoàn tất nhận xét")


class ReturnIn(InputSchema):
    version: int
    reason: str = Field(min_length=1, description="Lý do trả lại")


class DecisionIn(InputSchema):
    version: int
    scores: dict[int, Decimal | None] = Field(default_factory=dict, description="Id tiêu chí → điểm BCH (nếu đổi)")
    reasons: dict[int, str] = Field(default_factory=dict, description="Id tiêu chí → lý do đổi điểm")
    worked_months: int | None = None
    quota_choice: QuotaChoice | None = Field(None, description=f"Chỉ tiêu HTXS: {_labels(QuotaChoice)}")
    quota_reason: str = ""
    note: str = ""


class ResultOut(Schema):
    member: MemberRef
    unit: UnitRef
    total: Decimal | None
    level: str


class ResultPage(Page[ResultOut]):
    pass


class UnitResultOut(Schema):
    id: int
    unit: UnitRef
    population: str = Field(description="Thang đánh giá trong bộ quy tắc")
    parts: dict = Field(description="Điểm từng nhóm tiêu chí")
    bonus: Decimal | None
    score: Decimal | None
    proposed_score: Decimal | None = Field(description="Điểm đề xuất theo kết quả đoàn viên")
    total: Decimal | None
    level: str
    level_note: str
    members_count: int
    htxs_count: int
    htxs_share: float
    rank_in_parent: int | None
    version: int


class UnitResultIn(InputSchema):
    version: int
    parts: dict[str, Decimal | None] | None = Field(None, description="Nhóm → điểm (thang có nhóm)")
    bonus: Decimal | None = None
    score: Decimal | None = Field(None, description="Điểm (thang không có nhóm)")


class ObjectionIn(InputSchema):
    text: str = Field(min_length=1, description="Nội dung phản hồi")


class ObjectionOut(Schema):
    id: int
    submission_id: int
    member: MemberRef
    text: str
    status: ObjectionStatus
    resolution: str
    level_before: str
    level_after: str
    created_at: datetime.datetime

    @staticmethod
    def resolve_member(obj):
        return obj.submission.member


class ResolveIn(InputSchema):
    accept: bool = Field(description="true: mở lại kết quả để Ban Chấp hành xét lại")
    resolution: str = Field(min_length=1, description="Trả lời")


class ClusterRowOut(Schema):
    rank: int
    unit: UnitRef
    total: Decimal | None
    htxs_share: float | None
    level: str | None


# --- helpers -------------------------------------------------------------------------------------------------------


def _round(request, pk: int, action: str = Action.VIEW) -> EvaluationRound:
    return get_scoped_or_404(EvaluationRound.objects.select_related("unit", "criteria_version", "rule_pack"),
                             request.user, action, pk=pk)  # fmt: skip


def _submission(request, pk: int, action: str = Action.VIEW) -> Submission:
    return get_scoped_or_404(Submission.objects.select_related("round", "round__unit", "member", "unit"),
                             request.user, action, pk=pk)  # fmt: skip


def _conflict(error: services.EditConflict):
    return Status(409, {"detail": error.message, "current_version": error.current_version})


# --- rounds ----------------------------------------------------------------------------------------------------------


@router.get("/rounds", response={200: RoundPage, **R}, summary="Danh sách đợt bình xét")
def round_list(request, query: Query[RoundQuery]):
    filters = selectors.RoundFilters(year=query.year, status=query.status, unit=query.unit)
    return paginate(selectors.round_list(request.user, filters).select_related("criteria_version", "rule_pack"), query)


@router.post("/rounds", response={201: RoundOut, **R}, summary="Tạo đợt bình xét")
def round_create(request, payload: RoundIn):
    require_action_somewhere(request.user, Action.DECIDE)
    unit = get_scoped_or_404(Unit.objects.all(), request.user, Action.DECIDE, pk=payload.unit)
    movement = get_scoped_or_404(Movement.objects.all(), request.user, Action.VIEW, pk=payload.movement)
    phase = get_object_or_404(Phase, pk=payload.phase, movement=movement) if payload.phase else None
    evaluation_round = services.round_create(
        unit=unit, criteria_version=current_version(movement), phase=phase, year=payload.year, name=payload.name,
        self_assessment_due=payload.self_assessment_due, review_due=payload.review_due,
        decision_due=payload.decision_due, outstanding_unit=payload.outstanding_unit, by=request.user)  # fmt: skip
    return Status(201, evaluation_round)


@router.get("/rounds/{int:round_id}", response={200: RoundOut, **R}, summary="Xem đợt bình xét")
def round_detail(request, round_id: int):
    return _round(request, round_id)


@router.patch("/rounds/{int:round_id}", response={200: RoundOut, **R}, summary="Sửa hạn, thông tin đợt bình xét")
def round_update(request, round_id: int, payload: RoundPatch):
    evaluation_round = _round(request, round_id, Action.DECIDE)
    return services.round_update(evaluation_round=evaluation_round, **payload.model_dump(exclude_unset=True))


STEPS = {"open": services.round_open, "start_review": services.round_start_review,
         "start_decision": services.round_start_decision, "reevaluate": services.round_reevaluate,
         "decide_all": services.round_decide_all, "finalise": services.round_finalise,
         "publish": services.round_publish}  # fmt: skip


@router.post("/rounds/{int:round_id}/steps/{step}", response={200: RoundOut, **R}, summary="Chuyển bước đợt bình xét",
             description="step: open (mở tự đánh giá), start_review (tổ nhận xét), start_decision (Ban Chấp hành xét: "
             "tính điểm, xếp loại, chỉ tiêu), reevaluate (tính lại), decide_all (thông qua các kết quả tổ đã nhận "
             "xét), finalise (chốt), publish (công khai). Sai thứ tự → 422 kèm lý do.")  # fmt: skip
def round_step(request, round_id: int, step: str):
    evaluation_round = _round(request, round_id, Action.DECIDE)
    if step not in STEPS:
        raise Http404
    STEPS[step](evaluation_round=evaluation_round, by=request.user)
    return _round(request, round_id)


@router.get("/rounds/{int:round_id}/board", response={200: BoardOut, **R}, summary="Tình hình nộp, nhận xét",
            description="Theo từng đơn vị (tổ): ai chưa nộp, chưa được nhận xét; và chỉ tiêu HTXS hiện tại.",
            )  # fmt: skip
def round_board(request, round_id: int):
    evaluation_round = _round(request, round_id)
    rights = selectors.rights(request.user, evaluation_round)
    if not rights.reviews and not get_scope(request.user).covers_path(Action.VIEW, evaluation_round.unit.path):
        raise PermissionDenied
    paths = None if rights.decide or not rights.review_paths else rights.review_paths
    rows = [{"unit": row.unit, "total": row.total, "not_submitted": row.waiting_self,
             "not_reviewed": row.waiting_review, "reviewed": row.counts.get(SubmissionStatus.REVIEWED, 0),
             "decided": row.counts.get(SubmissionStatus.DECIDED, 0)}
            for row in selectors.round_board(evaluation_round, paths)]  # fmt: skip
    return {"units": rows, "quota": selectors.quota_status(evaluation_round).__dict__}


@router.get("/rounds/{int:round_id}/submissions", response={200: SubmissionPage, **R},
            summary="Bản đánh giá của đợt", description="Những bản bạn được xem: của tổ bạn nhận xét, của cả đơn vị "
            "với Ban Chấp hành, của chính bạn với đoàn viên.")  # fmt: skip
def submission_list(request, round_id: int, query: Query[SubmissionQuery]):
    evaluation_round = _round(request, round_id)
    qs = Submission.objects.visible_to(request.user).filter(round=evaluation_round)
    if query.status:
        qs = qs.filter(status=query.status)
    if query.unit:
        unit = get_scoped_or_404(Unit.objects.all(), request.user, Action.VIEW, pk=query.unit)
        qs = qs.filter(unit__path__startswith=unit.path)
    return paginate(qs.select_related("member", "unit").order_by("unit__name", "member__sort_key", "member__code"),
                    query)  # fmt: skip


# --- submissions -----------------------------------------------------------------------------------------------------


@router.get("/submissions/{int:submission_id}", response={200: SubmissionDetailOut, **R},
            summary="Xem bản đánh giá, điểm từng tiêu chí")  # fmt: skip
def submission_detail(request, submission_id: int):
    return _submission(request, submission_id)


@router.put("/submissions/{int:submission_id}/self-assessment", response={200: SubmissionDetailOut, **RC},
            summary="Tự đánh giá (đoàn viên)", description="Chỉ với bản đánh giá của chính bạn.")  # fmt: skip
def self_assess(request, submission_id: int, payload: SelfAssessIn):
    submission = _submission(request, submission_id, Action.SELF_ASSESS)
    try:
        return services.submission_self_assess(
            submission=submission, version=payload.version, scores=payload.scores, explanations=payload.explanations,
            worked_months=payload.worked_months, submit=payload.submit, by=request.user)  # fmt: skip
    except services.EditConflict as error:
        return _conflict(error)


@router.put("/submissions/{int:submission_id}/review", response={200: SubmissionDetailOut, **RC},
            summary="Tổ nhận xét, chấm điểm")  # fmt: skip
def review(request, submission_id: int, payload: ReviewIn):
    submission = _submission(request, submission_id, Action.REVIEW)
    try:
        return services.submission_review(submission=submission, version=payload.version, scores=payload.scores,
                                          worked_months=payload.worked_months, note=payload.note,
                                          complete=payload.complete, by=request.user)  # fmt: skip
    except services.EditConflict as error:
        return _conflict(error)


@router.post("/submissions/{int:submission_id}/return", response={200: SubmissionOut, **RC},
             summary="Trả lại", description="Trước khi Ban Chấp hành xét: tổ trả lại cho đoàn viên (quyền nhận xét). "
             "Khi Ban Chấp hành đang xét: trả lại cho tổ (quyền quyết định).")  # fmt: skip
def return_submission(request, submission_id: int, payload: ReturnIn):
    submission = _submission(request, submission_id)
    committee = submission.round.status == RoundStatus.DECIDING
    submission = _submission(request, submission_id, Action.DECIDE if committee else Action.REVIEW)
    call = services.submission_send_back if committee else services.submission_return
    try:
        return call(submission=submission, version=payload.version, reason=payload.reason, by=request.user)
    except services.EditConflict as error:
        return _conflict(error)


@router.put("/submissions/{int:submission_id}/decision", response={200: SubmissionDetailOut, **RC},
            summary="Ban Chấp hành quyết định")  # fmt: skip
def decision(request, submission_id: int, payload: DecisionIn):
    submission = _submission(request, submission_id, Action.DECIDE)
    try:
        return services.submission_decide(
            submission=submission, version=payload.version, scores=payload.scores, reasons=payload.reasons,
            worked_months=payload.worked_months, quota_choice=payload.quota_choice,
            quota_reason=payload.quota_reason, note=payload.note, by=request.user)  # fmt: skip
    except services.EditConflict as error:
        return _conflict(error)


# --- results -------------------------------------------------------------------------------------------------------


@router.get("/rounds/{int:round_id}/results", response={200: ResultPage, **R}, summary="Kết quả công khai",
            description="Sau khi công khai: mọi đoàn viên của đợt xem được. Trước đó: chỉ người có phạm vi trên đơn "
            "vị tổ chức.")  # fmt: skip
def results(request, round_id: int, query: Query[PageParams]):
    evaluation_round = _round(request, round_id)
    if not selectors.can_see_publication(request.user, evaluation_round):
        raise PermissionDenied
    return paginate(selectors.publication(evaluation_round), query)


@router.get("/rounds/{int:round_id}/unit-results", response={200: list[UnitResultOut], **R},
            summary="Kết quả, xếp hạng các đơn vị")  # fmt: skip
def unit_results(request, round_id: int):
    return selectors.unit_results(_round(request, round_id))


@router.patch("/unit-results/{int:result_id}", response={200: UnitResultOut, **RC}, summary="Chấm điểm đơn vị")
def unit_result_update(request, result_id: int, payload: UnitResultIn):
    result = get_scoped_or_404(UnitResult.objects.select_related("round", "unit"), request.user, Action.DECIDE,
                               pk=result_id)  # fmt: skip
    try:
        return services.unit_result_update(result=result, version=payload.version, parts=payload.parts,
                                           bonus=payload.bonus, score=payload.score, by=request.user)  # fmt: skip
    except services.EditConflict as error:
        return _conflict(error)


@router.get("/clusters/{int:cluster_id}/ranking", response={200: list[ClusterRowOut], **R},
            summary="Xếp hạng trong cụm, khối thi đua",
            description="Theo tổng điểm, rồi tỷ lệ đoàn viên HTXS, rồi tên đơn vị.")  # fmt: skip
def cluster_ranking(request, cluster_id: int):
    cluster = get_scoped_or_404(Cluster.objects.all(), request.user, pk=cluster_id)
    ranking = selectors.cluster_rankings([cluster])[0]
    return [{"rank": row.rank, "unit": row.unit, "total": row.result.total if row.result else None,
             "htxs_share": row.result.htxs_share if row.result else None,
             "level": row.result.level if row.result else None} for row in ranking.rows]  # fmt: skip


# --- objections ------------------------------------------------------------------------------------------------------


@router.post(
    "/submissions/{int:submission_id}/objections",
    response={201: ObjectionOut, **R},
    summary="Phản hồi kết quả (đoàn viên)",
    description="Chỉ với kết quả của chính bạn, trong thời hạn.",
)
def objection_create(request, submission_id: int, payload: ObjectionIn):
    submission = _submission(request, submission_id, Action.OBJECT)
    return Status(201, services.objection_submit(submission=submission, text=payload.text, by=request.user))


@router.get("/rounds/{int:round_id}/objections", response={200: list[ObjectionOut], **R},
            summary="Phản hồi của đợt bình xét")  # fmt: skip
def objection_list(request, round_id: int):
    evaluation_round = _round(request, round_id)
    return list(selectors.objections(evaluation_round).filter(pk__in=Objection.objects.visible_to(request.user)))


@router.post("/objections/{int:objection_id}/resolve", response={200: ObjectionOut, **R},
             summary="Giải quyết phản hồi", description="accept=true mở lại kết quả của riêng đoàn viên đó; Ban Chấp "
             "hành quyết định lại bằng PUT /submissions/{id}/decision.")  # fmt: skip
def objection_resolve(request, objection_id: int, payload: ResolveIn):
    objection = get_scoped_or_404(Objection.objects.select_related("submission__member"), request.user,
                                  Action.DECIDE, pk=objection_id)  # fmt: skip
    return services.objection_resolve(objection=objection, accept=payload.accept, resolution=payload.resolution,
                                      by=request.user)  # fmt: skip
