"""API for initiatives: list and detail (restricted for confidential ones, as on the pages), drafting and submission,
the council's scores, the decisions (return, reject, recognise, forward), the similarity check (of an initiative or of
a text) and the import. The same services and selectors as the pages; the initiative in the path is fetched with
``get_scoped_or_404`` (outside the scope → 404, in scope without the role → 403)."""

import datetime
import pathlib
import tempfile
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile

from thidua.api.errors import ERROR_RESPONSES, ValidationErrorOut
from thidua.api.pagination import Page, PageParams, paginate
from thidua.api.schemas import InputSchema
from thidua.core.permissions import get_scoped_or_404, require_action_somewhere
from thidua.core.roles import Action
from thidua.core.scope import get_scope
from thidua.initiatives import selectors, services
from thidua.initiatives.choices import InitiativeField, InitiativeStatus, RecognitionScope
from thidua.initiatives.importing import initiative_import
from thidua.initiatives.models import Initiative, InitiativeCouncil
from thidua.members.choices import MemberStatus
from thidua.members.models import Member
from thidua.organizations.api import UnitRef
from thidua.organizations.models import Unit

router = Router(tags=["Sáng kiến"])

STATUSES = "; ".join(f"{s.value} = {s.label}" for s in InitiativeStatus)
SCOPES = "; ".join(f"{s.value} = {s.label}" for s in RecognitionScope)
FIELDS = "; ".join(f"{s.value} = {s.label}" for s in InitiativeField)


# --- schemas -------------------------------------------------------------------------------------------------------


class AuthorOut(Schema):
    member_id: int
    code: str = Field(description="Mã đoàn viên")
    full_name: str = Field(description="Họ và tên")
    share: Decimal = Field(description="Tỷ lệ đóng góp (%)")


class InitiativeOut(Schema):
    id: int
    title: str = Field(description="Tên sáng kiến")
    field: InitiativeField = Field(description=f"Lĩnh vực: {FIELDS}")
    unit: UnitRef = Field(description="Đơn vị nộp")
    review_unit: UnitRef = Field(description="Đơn vị đang xét")
    status: InitiativeStatus = Field(description=f"Trạng thái: {STATUSES}")
    submitted_on: datetime.date | None = Field(description="Ngày nộp lần đầu")
    confidential: bool = Field(description="Bảo mật")
    restricted: bool = Field(description="true: bạn chỉ được xem tên, lợi ích và kết quả công nhận (sáng kiến bảo mật)")
    expected_money: Decimal | None = Field(description="Lợi ích dự kiến: tiết kiệm (đồng)")
    expected_hours: Decimal | None = Field(description="Lợi ích dự kiến: giờ công")
    expected_other: str = Field(description="Lợi ích dự kiến khác")
    measured_money: Decimal | None = Field(description="Lợi ích thực tế: tiết kiệm (đồng)")
    measured_hours: Decimal | None = Field(description="Lợi ích thực tế: giờ công")
    measured_other: str = Field(description="Lợi ích thực tế khác")
    recognised_scope: RecognitionScope | None = Field(description=f"Phạm vi công nhận rộng nhất: {SCOPES}")
    recognised_on: datetime.date | None = Field(description="Ngày quyết định công nhận")
    decision_number: str = Field(description="Số quyết định công nhận")
    problem: str | None = Field(description="Thực trạng, vấn đề (null khi bị giới hạn)")
    solution: str | None = Field(description="Nội dung, giải pháp (null khi bị giới hạn)")
    application_scope: str | None = Field(description="Phạm vi áp dụng (null khi bị giới hạn)")
    applied_from: datetime.date | None = Field(description="Ngày bắt đầu áp dụng")
    authors: list[AuthorOut] | None = Field(description="Tác giả (null khi bị giới hạn)")
    return_reason: str | None = Field(description="Lý do trả lại / không công nhận (null khi bị giới hạn)")


class InitiativePage(Page[InitiativeOut]):
    pass


class InitiativeQuery(PageParams):
    unit: int | None = Field(None, description="Đơn vị: gồm sáng kiến của toàn bộ đơn vị trực thuộc")
    status: InitiativeStatus | None = Field(None, description=f"Trạng thái: {STATUSES}")
    field: InitiativeField | None = Field(None, description=f"Lĩnh vực: {FIELDS}")
    year: int | None = Field(None, description="Năm nộp")
    recognised_scope: RecognitionScope | None = Field(None, description=f"Phạm vi công nhận: {SCOPES}")
    mine: bool = Field(False, description="Chỉ sáng kiến bạn là tác giả hoặc người đăng ký")
    q: str = Field("", description="Tìm theo tên sáng kiến, không phân biệt dấu")


class AuthorIn(Schema):
    member: int = Field(description="Id đoàn viên")
    share: Decimal = Field(description="Tỷ lệ đóng góp (%); tổng các tác giả bằng 100")


class InitiativeIn(InputSchema):
    unit: int = Field(description="Id đơn vị nộp (bạn cần quyền nộp sáng kiến ở đó)")
    title: str = Field(min_length=1, max_length=300, description="Tên sáng kiến")
    field: InitiativeField = Field(description=f"Lĩnh vực: {FIELDS}")
    authors: list[AuthorIn] = Field(description="Tác giả và tỷ lệ đóng góp")
    problem: str = Field("", description="Thực trạng, vấn đề cần giải quyết")
    solution: str = Field("", description="Nội dung, giải pháp")
    application_scope: str = Field("", description="Phạm vi áp dụng")
    applied_from: datetime.date | None = Field(None, description="Ngày bắt đầu áp dụng")
    expected_money: Decimal | None = Field(None, ge=0, description="Lợi ích dự kiến: tiết kiệm (đồng)")
    expected_hours: Decimal | None = Field(None, ge=0, description="Lợi ích dự kiến: giờ công")
    expected_other: str = Field("", description="Lợi ích dự kiến khác")
    measured_money: Decimal | None = Field(None, ge=0, description="Lợi ích thực tế: tiết kiệm (đồng)")
    measured_hours: Decimal | None = Field(None, ge=0, description="Lợi ích thực tế: giờ công")
    measured_other: str = Field("", description="Lợi ích thực tế khác")
    confidential: bool = Field(False, description="Bảo mật")


class InitiativeUpdateIn(InputSchema):
    title: str | None = Field(None, min_length=1, max_length=300, description="Tên sáng kiến")
    field: InitiativeField | None = Field(None, description=f"Lĩnh vực: {FIELDS}")
    authors: list[AuthorIn] | None = Field(None, description="Tác giả và tỷ lệ (thay toàn bộ danh sách)")
    problem: str | None = None
    solution: str | None = None
    application_scope: str | None = None
    applied_from: datetime.date | None = None
    expected_money: Decimal | None = Field(None, ge=0)
    expected_hours: Decimal | None = Field(None, ge=0)
    expected_other: str | None = None
    measured_money: Decimal | None = Field(None, ge=0)
    measured_hours: Decimal | None = Field(None, ge=0)
    measured_other: str | None = None
    confidential: bool | None = None


class CouncilIn(InputSchema):
    council: int = Field(description="Id hội đồng sáng kiến của đơn vị đang xét")


class ReasonIn(InputSchema):
    reason: str = Field(min_length=1, description="Lý do")


class RecogniseIn(InputSchema):
    scope: RecognitionScope = Field(description=f"Phạm vi công nhận: {SCOPES}")
    recognised_on: datetime.date = Field(description="Ngày quyết định")
    decision_number: str = Field(min_length=1, max_length=50, description="Số quyết định, ví dụ 25/QĐ-CĐSTNMT")
    note: str = Field("", description="Ghi chú")


class ForwardIn(InputSchema):
    to_unit: int = Field(description="Id đơn vị cấp trên sẽ xét")
    note: str = Field("", description="Ghi chú")


class SimilarOut(Schema):
    id: int
    title: str = Field(description="Tên sáng kiến")
    unit_name: str = Field(description="Đơn vị")
    year: int | None = Field(description="Năm nộp")
    status_label: str = Field(description="Trạng thái")
    score: float = Field(description="Mức giống nhau, 0–1 (tên và nội dung, có và không dấu)")
    duplicate: bool = Field(description="Nghi trùng lặp (điểm từ ngưỡng trở lên)")
    visible: bool = Field(description="Bạn có xem được sáng kiến này không (ngoài phạm vi: chỉ tên, đơn vị, năm)")


class SimilarTextIn(InputSchema):
    title: str = Field("", max_length=300, description="Tên sáng kiến")
    problem: str = Field("", description="Thực trạng, vấn đề")
    solution: str = Field("", description="Nội dung, giải pháp")
    limit: int = Field(5, ge=1, le=50, description="Số kết quả tối đa")


class ScoreRowOut(Schema):
    member_id: int
    member_name: str = Field(description="Thành viên hội đồng")
    points: dict[str, Decimal] = Field(description="Điểm theo mã tiêu chí (trống nếu chưa chấm)")
    total: Decimal = Field(description="Tổng điểm")


class CriterionOut(Schema):
    key: str
    label: str
    max_points: int


class ScoreSheetOut(Schema):
    council: str | None = Field(description="Hội đồng đang xét")
    criteria: list[CriterionOut] = Field(description="Tiêu chí và điểm tối đa")
    rows: list[ScoreRowOut] = Field(description="Mỗi thành viên hội đồng một dòng")
    scored: int = Field(description="Số thành viên đã chấm")
    average: Decimal | None = Field(description="Điểm trung bình của những người đã chấm")
    max_points: int = Field(description="Tổng điểm tối đa")


class ScoreIn(InputSchema):
    member: int | None = Field(None, description="Id thành viên hội đồng (mặc định: chính bạn)")
    points: dict[str, Decimal] = Field(description="Điểm theo mã tiêu chí")


class CouncilOut(Schema):
    id: int
    name: str
    year: int
    unit: UnitRef
    member_ids: list[int] = Field(description="Id các thành viên")
    criteria: list[CriterionOut]

    @staticmethod
    def resolve_member_ids(obj: InitiativeCouncil) -> list[int]:
        return [m.pk for m in obj.members.all()]


class CouncilCreateIn(InputSchema):
    unit: int = Field(description="Id đơn vị có hội đồng")
    year: int = Field(ge=2000, le=2100)
    name: str = Field(min_length=1, max_length=255)
    members: list[int] = Field(description="Id đoàn viên thành viên hội đồng")
    criteria: list[CriterionOut] | None = Field(None, description="Phiếu chấm; mặc định theo thực tiễn công đoàn")


class ImportErrorOut(Schema):
    row: int = Field(description="Số dòng như chương trình bảng tính hiển thị (0: lỗi của cả tệp)")
    column: str = Field(description="Tên cột")
    letter: str = Field(description="Chữ cái của cột")
    message: str = Field(description="Lỗi")


class ImportPreviewOut(Schema):
    row: int
    title: str
    unit: str
    authors: str
    status: str


class ImportOut(Schema):
    committed: bool = Field(description="Đã ghi (chỉ khi commit=true và tệp không có lỗi)")
    rows: int = Field(description="Số dòng dữ liệu đã đọc")
    created: int = Field(description="Số sáng kiến thêm (hoặc sẽ thêm)")
    error_count: int = Field(description="Tổng số lỗi")
    errors: list[ImportErrorOut] = Field(description="Các ô sai (dòng, cột); có lỗi thì không ghi gì")
    preview: list[ImportPreviewOut] = Field(description="Các sáng kiến sẽ thêm (tối đa 50 dòng đầu)")


# --- helpers -------------------------------------------------------------------------------------------------------


def _out(user, initiative: Initiative) -> dict:
    full = selectors.can_see_full(user, initiative)
    data = {
        "id": initiative.pk, "title": initiative.title, "field": initiative.field, "unit": initiative.unit,
        "review_unit": initiative.review_unit, "status": initiative.status, "submitted_on": initiative.submitted_on,
        "confidential": initiative.confidential, "restricted": not full,
        "expected_money": initiative.expected_money, "expected_hours": initiative.expected_hours,
        "expected_other": initiative.expected_other, "measured_money": initiative.measured_money,
        "measured_hours": initiative.measured_hours, "measured_other": initiative.measured_other,
        "recognised_scope": initiative.recognised_scope or None, "recognised_on": initiative.recognised_on,
        "decision_number": initiative.decision_number, "problem": None, "solution": None, "application_scope": None,
        "applied_from": None, "authors": None, "return_reason": None,
    }  # fmt: skip
    if full:
        authors = initiative.authors.all()
        data.update(problem=initiative.problem, solution=initiative.solution,
                    application_scope=initiative.application_scope, applied_from=initiative.applied_from,
                    return_reason=initiative.return_reason,
                    authors=[{"member_id": a.member_id, "code": a.member.code, "full_name": a.member.full_name,
                              "share": a.share} for a in authors])  # fmt: skip
    return data


def _initiative(request, pk: int, action: str = Action.VIEW) -> Initiative:
    qs = Initiative.objects.select_related("unit", "review_unit", "council").prefetch_related("authors__member")
    return get_scoped_or_404(qs, request.user, action, pk=pk)


def _authored(request, pk: int) -> Initiative:
    initiative = _initiative(request, pk)
    if not selectors.initiative_permissions(request.user, initiative).edit:
        raise PermissionDenied
    return initiative


def _reviewable(request, pk: int) -> Initiative:
    initiative = _initiative(request, pk, Action.REVIEW_INITIATIVE)
    if not selectors.initiative_permissions(request.user, initiative).review:
        raise PermissionDenied
    return initiative


def _authors(rows: list[AuthorIn]) -> list[tuple[Member, Decimal]]:
    members = Member.objects.filter(pk__in=[r.member for r in rows], status=MemberStatus.ACTIVE).select_related("unit")
    by_pk = {m.pk: m for m in members}
    missing = [str(r.member) for r in rows if r.member not in by_pk]
    if missing:
        raise ValidationError({"authors": _("Không có đoàn viên đang sinh hoạt với id {ids}.").format(
            ids=", ".join(missing))})  # fmt: skip
    return [(by_pk[r.member], r.share) for r in rows]


def _detail(request, initiative: Initiative) -> dict:
    initiative = _initiative(request, initiative.pk)
    return _out(request.user, initiative)


# --- endpoints -----------------------------------------------------------------------------------------------------


@router.get("", response={200: InitiativePage, **ERROR_RESPONSES}, summary="Danh sách sáng kiến",
            description="Sáng kiến trong phạm vi của bạn (và sáng kiến bạn là tác giả), mới nộp trước. Sáng kiến bảo "
            "mật chỉ có tên, lợi ích và kết quả công nhận (restricted=true) nếu bạn không phải tác giả hoặc người "
            "xét.")  # fmt: skip
def initiative_list(request, filters: Query[InitiativeQuery]):
    query = selectors.InitiativeFilters(unit=filters.unit, status=filters.status, field=filters.field,
                                        year=filters.year, recognised_scope=filters.recognised_scope,
                                        mine=filters.mine, q=filters.q.strip())  # fmt: skip
    qs = selectors.initiative_list(request.user, query)
    return paginate(qs, filters, prepare=lambda items: [_out(request.user, i) for i in items])


@router.post("", response={201: InitiativeOut, **ERROR_RESPONSES}, summary="Đăng ký sáng kiến (bản nháp)")
def initiative_create(request, payload: InitiativeIn):
    require_action_somewhere(request.user, Action.SUBMIT_INITIATIVE)
    unit = get_scoped_or_404(Unit.objects.all(), request.user, Action.SUBMIT_INITIATIVE, pk=payload.unit)
    data = payload.model_dump(exclude={"unit", "authors"})
    initiative = services.initiative_create(unit=unit, authors=_authors(payload.authors), by=request.user, **data)
    return Status(201, _detail(request, initiative))


@router.get("/{int:initiative_id}", response={200: InitiativeOut, **ERROR_RESPONSES}, summary="Xem sáng kiến")
def initiative_detail(request, initiative_id: int):
    return _out(request.user, _initiative(request, initiative_id))


@router.patch("/{int:initiative_id}", response={200: InitiativeOut, **ERROR_RESPONSES}, summary="Sửa sáng kiến",
              description="Chỉ tác giả (hoặc người đăng ký), khi sáng kiến là bản nháp hoặc bị trả lại. Chỉ các trường "
              "gửi lên thay đổi.")  # fmt: skip
def initiative_update(request, initiative_id: int, payload: InitiativeUpdateIn):
    initiative = _authored(request, initiative_id)
    data = payload.model_dump(exclude_unset=True)
    authors = data.pop("authors", None)
    for name in ("title", "field", "confidential"):
        if name in data and data[name] is None:
            raise ValidationError({name: _("Không được để trống.")})
    data.update({k: "" for k in ("problem", "solution", "application_scope", "expected_other", "measured_other")
                 if k in data and data[k] is None})  # fmt: skip
    initiative = services.initiative_update(initiative=initiative, by=request.user,
                                            authors=_authors(payload.authors) if authors is not None else None,
                                            **data)  # fmt: skip
    return _detail(request, initiative)


@router.post("/{int:initiative_id}/submit", response={200: InitiativeOut, **ERROR_RESPONSES}, summary="Nộp sáng kiến")
def initiative_submit(request, initiative_id: int):
    initiative = services.initiative_submit(initiative=_authored(request, initiative_id), by=request.user)
    return _detail(request, initiative)


@router.post("/{int:initiative_id}/review", response={200: InitiativeOut, **ERROR_RESPONSES},
             summary="Đưa ra hội đồng sáng kiến")  # fmt: skip
def initiative_start_review(request, initiative_id: int, payload: CouncilIn):
    initiative = _reviewable(request, initiative_id)
    council = InitiativeCouncil.objects.filter(pk=payload.council).first()
    if council is None:
        raise ValidationError({"council": _("Không có hội đồng #{pk}.").format(pk=payload.council)})
    return _detail(request, services.initiative_start_review(initiative=initiative, council=council, by=request.user))


@router.post("/{int:initiative_id}/return", response={200: InitiativeOut, **ERROR_RESPONSES},
             summary="Trả lại để bổ sung")  # fmt: skip
def initiative_return(request, initiative_id: int, payload: ReasonIn):
    initiative = _reviewable(request, initiative_id)
    return _detail(request, services.initiative_return(initiative=initiative, reason=payload.reason, by=request.user))


@router.post("/{int:initiative_id}/reject", response={200: InitiativeOut, **ERROR_RESPONSES},
             summary="Không công nhận")  # fmt: skip
def initiative_reject(request, initiative_id: int, payload: ReasonIn):
    initiative = _reviewable(request, initiative_id)
    return _detail(request, services.initiative_reject(initiative=initiative, reason=payload.reason, by=request.user))


@router.post("/{int:initiative_id}/recognise", response={200: InitiativeOut, **ERROR_RESPONSES},
             summary="Quyết định công nhận",
             description="Công nhận ở một phạm vi, với số và ngày quyết định. Khi hội đồng đã xét, điểm của hội đồng "
             "phải đạt số người chấm và mức điểm của bộ quy tắc.")  # fmt: skip
def initiative_recognise(request, initiative_id: int, payload: RecogniseIn):
    initiative = _reviewable(request, initiative_id)
    initiative = services.initiative_recognise(initiative=initiative, by=request.user, **payload.model_dump())
    return _detail(request, initiative)


@router.post("/{int:initiative_id}/forward", response={200: InitiativeOut, **ERROR_RESPONSES},
             summary="Chuyển cấp trên xét")  # fmt: skip
def initiative_forward(request, initiative_id: int, payload: ForwardIn):
    initiative = _initiative(request, initiative_id, Action.REVIEW_INITIATIVE)
    to_unit = Unit.objects.filter(pk=payload.to_unit).first()
    if to_unit is None:
        raise ValidationError({"to_unit": _("Không có đơn vị #{pk}.").format(pk=payload.to_unit)})
    initiative = services.initiative_forward(initiative=initiative, to_unit=to_unit, by=request.user,
                                             note=payload.note)  # fmt: skip
    return _detail(request, initiative)


@router.get("/{int:initiative_id}/similar", response={200: list[SimilarOut], **ERROR_RESPONSES},
            summary="Sáng kiến tương tự (của một sáng kiến)")  # fmt: skip
def initiative_similar(request, initiative_id: int, limit: int = Query(5, ge=1, le=50)):
    initiative = _initiative(request, initiative_id)
    if not selectors.can_see_full(request.user, initiative):
        raise PermissionDenied
    hits = selectors.similar_to(request.user, initiative, limit=limit)
    return [{**h.__dict__, "id": h.pk} for h in hits]


@router.post("/similar", response={200: list[SimilarOut], **ERROR_RESPONSES}, summary="Sáng kiến tương tự (của một "
             "đoạn văn)", description="Kiểm tra trùng lặp trước khi nộp: tên và nội dung gửi lên so với mọi sáng kiến "
             "đã nộp trong hệ thống.")  # fmt: skip
def text_similar(request, payload: SimilarTextIn):
    scope = get_scope(request.user)
    if not (scope.allows_anywhere(Action.SUBMIT_INITIATIVE) or scope.allows_anywhere(Action.REVIEW_INITIATIVE)):
        raise PermissionDenied
    hits = selectors.similar_initiatives(request.user, title=payload.title, problem=payload.problem,
                                         solution=payload.solution, limit=payload.limit)  # fmt: skip
    return [{**h.__dict__, "id": h.pk} for h in hits]


@router.get("/{int:initiative_id}/scores", response={200: ScoreSheetOut, **ERROR_RESPONSES},
            summary="Phiếu điểm của hội đồng")  # fmt: skip
def score_sheet(request, initiative_id: int):
    sheet = selectors.council_sheet(_initiative(request, initiative_id, Action.REVIEW_INITIATIVE))
    return {**sheet, "council": str(sheet["council"]) if sheet["council"] else None,
            "rows": [r.__dict__ for r in sheet["rows"]]}  # fmt: skip


@router.post("/{int:initiative_id}/scores", response={200: ScoreSheetOut, **ERROR_RESPONSES},
             summary="Chấm điểm (một thành viên hội đồng)")  # fmt: skip
def score_record(request, initiative_id: int, payload: ScoreIn):
    initiative = _initiative(request, initiative_id, Action.REVIEW_INITIATIVE)
    if not selectors.initiative_permissions(request.user, initiative).score:
        raise PermissionDenied
    member_id = payload.member or Member.objects.filter(user=request.user).values_list("pk", flat=True).first()
    member = Member.objects.filter(pk=member_id).first() if member_id else None
    if member is None:
        raise ValidationError({"member": _("Chọn thành viên hội đồng.")})
    services.council_score_record(initiative=initiative, member=member, points=payload.points)
    return score_sheet(request, initiative_id)


@router.get("/councils", response={200: list[CouncilOut], **ERROR_RESPONSES}, summary="Hội đồng sáng kiến")
def council_list(request, year: int | None = None):
    require_action_somewhere(request.user, Action.REVIEW_INITIATIVE)
    qs = InitiativeCouncil.objects.visible_to(request.user, Action.REVIEW_INITIATIVE).select_related("unit")
    if year:
        qs = qs.filter(year=year)
    return list(qs.prefetch_related("members")[:500])


@router.post("/councils", response={201: CouncilOut, **ERROR_RESPONSES}, summary="Lập hội đồng sáng kiến")
def council_create(request, payload: CouncilCreateIn):
    require_action_somewhere(request.user, Action.REVIEW_INITIATIVE)
    unit = get_scoped_or_404(Unit.objects.all(), request.user, Action.REVIEW_INITIATIVE, pk=payload.unit)
    members = list(Member.objects.filter(pk__in=payload.members, unit__path__startswith=unit.path))
    if len(members) != len(set(payload.members)):
        raise ValidationError({"members": _("Có thành viên không thuộc {unit}.").format(unit=unit.name)})
    criteria = [c.model_dump() for c in payload.criteria] if payload.criteria is not None else None
    council = services.council_create(unit=unit, year=payload.year, name=payload.name, members=members,
                                      criteria=criteria)  # fmt: skip
    return Status(201, council)


IMPORT_RESPONSES = {**ERROR_RESPONSES, 200: ImportOut, 422: ImportOut | ValidationErrorOut}


@router.post("/import", response=IMPORT_RESPONSES, summary="Nhập sáng kiến từ tệp",
             description="Tệp theo mẫu (.xlsx) hoặc CSV. Không gửi commit: chỉ kiểm tra. commit=true: ghi cả tệp "
             "nếu và chỉ nếu không có lỗi nào (có lỗi: 422, không ghi gì).")  # fmt: skip
def initiative_import_file(
    request,
    file: File[UploadedFile],
    commit_form: bool = Form(False, alias="commit", description="true: ghi; false: chỉ kiểm tra (mặc định)"),
    commit_query: bool = Query(False, alias="commit", description="Cũng có thể gửi commit trên địa chỉ"),
):
    require_action_somewhere(request.user, Action.REVIEW_INITIATIVE)
    commit = commit_form or commit_query
    suffix = pathlib.Path(file.name or "").suffix.lower()
    with tempfile.NamedTemporaryFile(suffix=suffix) as stored:
        for chunk in file.chunks():
            stored.write(chunk)
        stored.flush()
        result = initiative_import(user=request.user, path=pathlib.Path(stored.name), filename=file.name or "",
                                   commit=commit)  # fmt: skip
    body = {"committed": result.committed, "rows": result.rows, "created": result.created,
            "error_count": result.error_count, "errors": [e.__dict__ for e in result.errors],
            "preview": [p.__dict__ for p in result.preview]}  # fmt: skip
    return Status(422 if commit and not result.committed else 200, body)
