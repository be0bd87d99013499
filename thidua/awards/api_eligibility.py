"""API of eligibility and award history (mounted at /api/awards): a member's or a collective's verdicts for a year,
the subtree list for one title, award history (list, create, delete), absences, and the history import.

Same rules as the pages: a person's eligibility and history need ``view`` (a member sees their own); a collective's
eligibility and the subtree list need ``propose_awards``; writes need ``confer_awards``."""

import datetime
import pathlib
import tempfile
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile

from thidua.api.errors import ERROR_RESPONSES, ValidationErrorOut
from thidua.api.pagination import Page, PageParams
from thidua.api.schemas import InputSchema
from thidua.awards import eligibility, history
from thidua.awards.choices import AbsenceKind
from thidua.awards.importing import history_import
from thidua.awards.models import Absence, AwardRecord
from thidua.core.permissions import get_scoped_or_404, require_action_somewhere
from thidua.core.roles import Action
from thidua.members.choices import MemberStatus
from thidua.members.models import Member
from thidua.organizations.models import Unit
from thidua.rules.choices import Subject

router = Router(tags=["Khen thưởng"])

STATUSES = "eligible = đủ điều kiện; needs_confirmation = cần xác nhận; not_eligible = chưa đủ điều kiện"


class ConditionOut(Schema):
    label: str = Field(description="Điều kiện, với kết quả từng năm")
    met: bool | None = Field(description="true: đạt; false: không đạt; null: cần cán bộ/Hội đồng xác nhận")
    evidence: list[str] = Field(description="Hồ sơ đáp ứng hoặc không đáp ứng điều kiện")
    citation: str = ""
    children: list[Any] = Field(default_factory=list, description="Điều kiện con (một trong / đồng thời)")


class VerdictOut(Schema):
    title_code: str
    title_name: str
    citation: str = Field(description="Căn cứ của danh hiệu")
    unverified: bool = Field(description="Giá trị chưa kiểm chứng với văn bản gốc")
    year: int
    eligible: bool | None = Field(description="null: cần xác nhận")
    status: str = Field(description=STATUSES)
    blocked_by: list[str] = Field(description="Lý do không được xét (kỷ luật đang có hiệu lực …)")
    conditions: list[ConditionOut]
    pack: str = Field(description="Mã bộ quy tắc áp dụng")


class EligibilityOut(Schema):
    subject: str = Field(description="individual | collective")
    id: int
    name: str
    year: int
    verdicts: list[VerdictOut]


class ListRowOut(Schema):
    id: int
    name: str
    code: str = Field(description="Mã đoàn viên (trống với tập thể)")
    eligible: bool | None
    status: str = Field(description=STATUSES)


class ListPage(Page[ListRowOut]):
    pass


class ListQuery(PageParams):
    year: int = Field(description="Năm xét")
    title: str = Field(description="Mã danh hiệu, hình thức")
    status: str = Field("eligible", description=STATUSES + "; all = tất cả")


class RecordOut(Schema):
    id: int
    member_id: int | None
    unit_id: int | None
    year: int
    title_code: str
    title_name: str
    thematic: bool
    decision_number: str
    decided_on: datetime.date | None
    issuer_name: str
    source: str
    note: str


class RecordPage(Page[RecordOut]):
    pass


class RecordQuery(PageParams):
    member: int | None = Field(None, description="Id đoàn viên")
    unit: int | None = Field(None, description="Id tập thể")


class RecordIn(InputSchema):
    member: int | None = Field(None, description="Id đoàn viên (cá nhân)")
    unit: int | None = Field(None, description="Id tập thể")
    year: int = Field(description="Năm thành tích")
    title_code: str = Field(description="Mã danh hiệu, hình thức trong bộ quy tắc năm đó")
    decision_number: str = Field("", max_length=60)
    decided_on: datetime.date | None = None
    issuer_name: str = Field("", max_length=255)
    note: str = Field("", max_length=255)


class AbsenceOut(Schema):
    id: int
    member_id: int
    kind: AbsenceKind
    starts_on: datetime.date
    ends_on: datetime.date
    note: str


class AbsenceIn(InputSchema):
    kind: AbsenceKind
    starts_on: datetime.date
    ends_on: datetime.date
    note: str = Field("", max_length=255)


class ImportOut(Schema):
    committed: bool
    rows: int
    created: int
    updated: int
    unchanged: int
    error_count: int
    errors: list[str] = Field(description="Mỗi lỗi ghi dòng, cột (chữ cái) và lý do")


def _status(flag: bool | None) -> str:
    return {True: "eligible", False: "not_eligible", None: "needs_confirmation"}[flag]


def _verdict(v: eligibility.Verdict) -> dict:
    return {"title_code": v.title.code, "title_name": v.title.name, "citation": v.title.citation,
            "unverified": v.title.unverified, "year": v.year, "eligible": v.eligible, "status": _status(v.eligible),
            "blocked_by": v.blocked_by, "conditions": [c.to_json() for c in v.conditions],
            "pack": v.pack_code}  # fmt: skip


def _year(year: int | None) -> int:
    return year or timezone.localdate().year


@router.get("/eligibility/members/{int:member_id}", response={200: EligibilityOut, **ERROR_RESPONSES},
            summary="Điều kiện khen thưởng của một đoàn viên")  # fmt: skip
def eligibility_member(request, member_id: int, year: int | None = None):
    member = get_scoped_or_404(Member.objects.all(), request.user, Action.VIEW, pk=member_id)
    verdicts = eligibility.evaluate(subject=member, year=_year(year))
    return {"subject": Subject.INDIVIDUAL, "id": member.pk, "name": member.full_name, "year": _year(year),
            "verdicts": [_verdict(v) for v in verdicts]}  # fmt: skip


@router.get("/eligibility/units/{int:unit_id}", response={200: EligibilityOut, **ERROR_RESPONSES},
            summary="Điều kiện khen thưởng của một tập thể")  # fmt: skip
def eligibility_unit(request, unit_id: int, year: int | None = None):
    unit = get_scoped_or_404(Unit.objects.all(), request.user, Action.PROPOSE_AWARDS, pk=unit_id)
    verdicts = eligibility.evaluate(subject=unit, year=_year(year))
    return {"subject": Subject.COLLECTIVE, "id": unit.pk, "name": unit.name, "year": _year(year),
            "verdicts": [_verdict(v) for v in verdicts]}  # fmt: skip


@router.get("/eligibility/units/{int:unit_id}/list", response={200: ListPage, **ERROR_RESPONSES},
            summary="Ai trong đơn vị (gồm đơn vị trực thuộc) đủ điều kiện một danh hiệu")  # fmt: skip
def eligibility_list(request, unit_id: int, filters: Query[ListQuery]):
    unit = get_scoped_or_404(Unit.objects.all(), request.user, Action.PROPOSE_AWARDS, pk=unit_id)
    codes = {t.code: t for k in (Subject.INDIVIDUAL, Subject.COLLECTIVE)
             for t in eligibility.titles_for(subject_kind=k, year=filters.year, unit=unit)}  # fmt: skip
    title = codes.get(filters.title)
    if title is None:
        raise ValidationError({"title": _("Mã «{code}» không có trong bộ quy tắc năm {year}.").format(
            code=filters.title, year=filters.year)})  # fmt: skip
    if title.subject == Subject.INDIVIDUAL:
        members = list(Member.objects.filter(unit__path__startswith=unit.path, status=MemberStatus.ACTIVE)
                       .order_by("sort_key", "code").values_list("pk", "full_name", "code"))  # fmt: skip
        flags = dict(eligibility.iter_member_verdicts([m[0] for m in members], year=filters.year,
                                                      title_codes={title.code}, explain=False))  # fmt: skip
        rows = [{"id": pk, "name": name, "code": code, "eligible": flags[pk][0].eligible,
                 "status": _status(flags[pk][0].eligible)} for pk, name, code in members if flags.get(pk)]  # fmt: skip
    else:
        units = list(Unit.objects.filter(path__startswith=unit.path, closed_on__isnull=True).order_by("path"))
        flags = dict(eligibility.iter_unit_verdicts(units, year=filters.year, title_codes={title.code}, explain=False))
        rows = [{"id": u.pk, "name": u.name, "code": "", "eligible": flags[u.pk][0].eligible,
                 "status": _status(flags[u.pk][0].eligible)} for u in units if flags.get(u.pk)]  # fmt: skip
    if filters.status != "all":
        rows = [r for r in rows if r["status"] == filters.status]
    size = filters.page_size or 50
    start = (filters.page - 1) * size
    return {"count": len(rows), "page": filters.page, "page_size": size, "pages": max(1, -(-len(rows) // size)),
            "items": rows[start : start + size]}  # fmt: skip


@router.get("/history", response={200: RecordPage, **ERROR_RESPONSES}, summary="Lịch sử khen thưởng",
            description="Của một đoàn viên (member) hoặc một tập thể (unit); không ghi: mọi khen thưởng trong phạm vi "
            "của bạn.")  # fmt: skip
def history_list(request, filters: Query[RecordQuery]):
    qs = AwardRecord.objects.visible_to(request.user, Action.VIEW)
    if filters.member:
        qs = qs.filter(member=get_scoped_or_404(Member.objects.all(), request.user, Action.VIEW, pk=filters.member))
    if filters.unit:
        qs = qs.filter(unit=get_scoped_or_404(Unit.objects.all(), request.user, Action.VIEW, pk=filters.unit))
    qs = qs.order_by("-year", "title_name", "pk")
    size = filters.page_size or 50
    count = qs.count()
    start = (filters.page - 1) * size
    return {"count": count, "page": filters.page, "page_size": size, "pages": max(1, -(-count // size)),
            "items": list(qs[start : start + size])}  # fmt: skip


@router.post("/history", response={201: RecordOut, **ERROR_RESPONSES}, summary="Ghi nhận một khen thưởng đã nhận")
def history_create(request, payload: RecordIn):
    require_action_somewhere(request.user, Action.CONFER_AWARDS)
    member = unit = None
    if payload.member is not None:
        member = get_scoped_or_404(Member.objects.select_related("unit"), request.user, Action.CONFER_AWARDS,
                                   pk=payload.member)  # fmt: skip
    if payload.unit is not None:
        unit = get_scoped_or_404(Unit.objects.all(), request.user, Action.CONFER_AWARDS, pk=payload.unit)
    data = payload.model_dump(exclude={"member", "unit"})
    return Status(201, history.record_create(member=member, unit=unit, **data))


@router.delete("/history/{int:record_id}", response={204: None, **ERROR_RESPONSES}, summary="Xóa một khen thưởng")
def history_delete(request, record_id: int):
    record = get_scoped_or_404(AwardRecord.objects.all(), request.user, Action.CONFER_AWARDS, pk=record_id)
    history.record_delete(record=record)
    return Status(204, None)


@router.get("/members/{int:member_id}/absences", response={200: list[AbsenceOut], **ERROR_RESPONSES},
            summary="Thời gian nghỉ của một đoàn viên")  # fmt: skip
def absence_list(request, member_id: int):
    member = get_scoped_or_404(Member.objects.all(), request.user, Action.VIEW, pk=member_id)
    return list(history.member_absences(member))


@router.post("/members/{int:member_id}/absences", response={201: AbsenceOut, **ERROR_RESPONSES},
             summary="Ghi thời gian nghỉ (thai sản, ốm dài ngày, không lương …)")  # fmt: skip
def absence_create(request, member_id: int, payload: AbsenceIn):
    member = get_scoped_or_404(Member.objects.all(), request.user, Action.CONFER_AWARDS, pk=member_id)
    return Status(201, history.absence_create(member=member, **payload.model_dump()))


@router.delete("/absences/{int:absence_id}", response={204: None, **ERROR_RESPONSES}, summary="Xóa thời gian nghỉ")
def absence_delete(request, absence_id: int):
    absence = get_scoped_or_404(Absence.objects.all(), request.user, Action.CONFER_AWARDS, pk=absence_id)
    history.absence_delete(absence=absence)
    return Status(204, None)


@router.post("/history/import", response={200: ImportOut, 422: ImportOut | ValidationErrorOut, **{
    k: v for k, v in ERROR_RESPONSES.items() if k != 422}}, summary="Nhập lịch sử khen thưởng từ tệp",
    description="Tệp theo mẫu (.xlsx) hoặc CSV. Không gửi commit: chỉ kiểm tra. commit=true: ghi cả tệp nếu và chỉ "
    "nếu không có lỗi nào (có lỗi: 422, không ghi gì). Nhập lại cùng tệp không ghi gì.")  # fmt: skip
def history_import_file(request, file: File[UploadedFile],
                        commit: bool = Form(False, description="true: ghi; false: chỉ kiểm tra")):  # fmt: skip
    require_action_somewhere(request.user, Action.CONFER_AWARDS)
    suffix = pathlib.Path(file.name or "").suffix.lower()
    with tempfile.NamedTemporaryFile(suffix=suffix) as stored:
        for chunk in file.chunks():
            stored.write(chunk)
        stored.flush()
        result = history_import(user=request.user, path=pathlib.Path(stored.name), filename=file.name or "",
                                commit=commit)  # fmt: skip
    body = {"committed": result.committed, "rows": result.rows, "created": result.created, "updated": result.updated,
            "unchanged": result.unchanged, "error_count": result.error_count,
            "errors": [str(e) for e in result.errors]}  # fmt: skip
    return Status(422 if commit and not result.committed else 200, body)
