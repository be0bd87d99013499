"""API of award proposals (mounted at /api/awards): outgoing and incoming lists, a new batch, the batch with its items
(eligibility explanation included) and history, item writes, and the workflow steps. Same services, selectors and
rules as the pages: the proposing side needs ``propose_awards`` on the proposing unit, the receiving side
``confer_awards`` on the unit the batch is addressed to; a batch the user cannot see is 404. The dossier lists its
files with the address of their download page (files are attached on the pages)."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from thidua.api.errors import ERROR_RESPONSES
from thidua.api.pagination import Page, PageParams, paginate
from thidua.api.schemas import InputSchema
from thidua.awards import selectors, services
from thidua.awards.choices import AttachmentKind, ProposalStatus
from thidua.awards.models import Proposal, ProposalItem
from thidua.core.permissions import get_scoped_or_404
from thidua.core.roles import Action
from thidua.members.models import Member
from thidua.organizations.models import Unit

router = Router(tags=["Khen thưởng"])


class ProposalOut(Schema):
    id: int
    proposing_unit_id: int
    proposing_unit: str = Field(description="Đơn vị đề nghị")
    to_unit_id: int
    to_unit: str = Field(description="Cấp xét, quyết định")
    year: int = Field(description="Năm thành tích")
    subject_line: str
    status: ProposalStatus
    number: int | None = Field(description="Số tờ trình (cấp khi gửi lần đầu)")
    symbol: str = Field(description="Số, ký hiệu tờ trình")
    submitted_on: datetime.date | None
    signer_name: str
    signer_title: str
    version: int
    item_count: int = 0


class ItemOut(Schema):
    id: int
    member_id: int | None
    unit_id: int | None
    name: str
    title_code: str
    title_name: str
    achievements: str
    status: ProposalStatus
    return_reason: str
    eligible: bool | None = Field(description="null: cần xác nhận")
    eligibility: list[Any] = Field(description="Giải trình: từng điều kiện với hồ sơ đáp ứng hoặc không")
    override_reason: str


class EventOut(Schema):
    item_id: int | None
    from_status: str
    to_status: str
    reason: str
    by: str
    at: datetime.datetime


class ProposalDetailOut(ProposalOut):
    items: list[ItemOut]
    events: list[EventOut]


class FileOut(Schema):
    id: int
    item_id: int | None = Field(description="null: tài liệu của cả đề nghị")
    kind: AttachmentKind
    name: str
    url: str = Field(description="Trang tải tệp (cần đăng nhập)")
    uploaded_at: datetime.datetime


class VoteOut(Schema):
    session_id: int
    members_total: int | None
    yes: int | None
    no: int | None
    blank: int | None
    passed: bool | None
    citation: str


class DossierItemOut(Schema):
    position: int
    item: ItemOut
    unit_name: str = Field(description="Đơn vị của cá nhân")
    vote: VoteOut | None = Field(description="Kết quả bỏ phiếu của Hội đồng (phiên đã kết thúc gần nhất)")
    files: list[FileOut]


class CoverMemoOut(Schema):
    number: int | None
    symbol: str
    submitted_on: datetime.date | None
    proposing_unit: str
    to_unit: str
    year: int
    subject_line: str
    signer_name: str
    signer_title: str
    individuals: int
    collectives: int
    by_title: list[tuple[str, int]] = Field(description="Số lượng theo danh hiệu, hình thức")


class DossierOut(Schema):
    proposal_id: int
    cover_memo: CoverMemoOut
    items: list[DossierItemOut]
    files: list[FileOut] = Field(description="Tài liệu của cả đề nghị")
    needs_minutes: bool = Field(description="Có mục đã bỏ phiếu: hồ sơ kèm biên bản họp Hội đồng")


class ProposalPage(Page[ProposalOut]):
    pass


class ProposalQuery(PageParams):
    incoming: bool = Field(False, description="true: đề nghị gửi đến đơn vị bạn xét; false: đề nghị của đơn vị bạn")
    year: int | None = None
    status: ProposalStatus | None = None


class ProposalIn(InputSchema):
    proposing_unit: int = Field(description="Id đơn vị đề nghị")
    to_unit: int = Field(description="Id cấp xét (chính đơn vị hoặc một cấp trên)")
    year: int
    subject_line: str = Field(max_length=255)
    signer_name: str = Field("", max_length=150)
    signer_title: str = Field("", max_length=100)


class ItemIn(InputSchema):
    title_code: str
    member: int | None = Field(None, description="Id đoàn viên (cá nhân)")
    unit: int | None = Field(None, description="Id tập thể")
    achievements: str = ""
    override_reason: str = Field("", description="Lý do vẫn đề nghị khi chưa đủ điều kiện")


class ItemUpdateIn(InputSchema):
    achievements: str | None = None
    override_reason: str | None = None


class ReasonIn(InputSchema):
    reason: str = Field(description="Lý do")


def _proposal(request, proposal_id: int, side: str | None = None) -> Proposal:
    proposal = get_scoped_or_404(Proposal.objects.select_related("proposing_unit", "to_unit"), request.user,
                                 pk=proposal_id)  # fmt: skip
    if side and not getattr(selectors.proposal_permissions(request.user, proposal), side):
        raise PermissionDenied
    return proposal


def _item(request, item_id: int, side: str) -> ProposalItem:
    item = ProposalItem.objects.select_related("proposal", "member", "unit").filter(pk=item_id).first()
    if item is None:
        raise Http404
    _proposal(request, item.proposal_id, side)
    return item


def _proposal_out(proposal: Proposal) -> dict:
    return {**{f: getattr(proposal, f) for f in ("id", "proposing_unit_id", "to_unit_id", "year", "subject_line",
                                                 "status", "number", "symbol", "submitted_on", "signer_name",
                                                 "signer_title", "version")},
            "proposing_unit": proposal.proposing_unit.name, "to_unit": proposal.to_unit.name,
            "item_count": getattr(proposal, "item_count", 0)}  # fmt: skip


def _item_out(item: ProposalItem) -> dict:
    return {"id": item.pk, "member_id": item.member_id, "unit_id": item.unit_id,
            "name": item.member.full_name if item.member_id else item.unit.name, "title_code": item.title_code,
            "title_name": item.title_name, "achievements": item.achievements, "status": item.status,
            "return_reason": item.return_reason, "eligible": item.eligible, "eligibility": item.eligibility,
            "override_reason": item.override_reason}  # fmt: skip


def _detail(proposal: Proposal) -> dict:
    items = list(selectors.proposal_items(proposal))
    events = [{"item_id": e.item_id, "from_status": e.from_status, "to_status": e.to_status, "reason": e.reason,
               "by": str(e.by) if e.by else "", "at": e.at} for e in selectors.proposal_events(proposal)]  # fmt: skip
    return {**_proposal_out(proposal), "item_count": len(items), "items": [_item_out(i) for i in items],
            "events": events}  # fmt: skip


def _file_out(row) -> dict:
    return {"id": row.pk, "item_id": row.item_id, "kind": row.kind, "name": row.original_name,
            "url": reverse("awards:proposal_file", args=[row.pk]), "uploaded_at": row.created_at}  # fmt: skip


def _vote_out(vote: selectors.MinutesItem | None) -> dict | None:
    if vote is None:
        return None
    return {"session_id": vote.session_item.session_id, "members_total": vote.members_total, "yes": vote.yes,
            "no": vote.no, "blank": vote.blank, "passed": vote.passed, "citation": vote.citation}  # fmt: skip


@router.get("/proposals", response={200: ProposalPage, **ERROR_RESPONSES}, summary="Danh sách đề nghị khen thưởng")
def proposal_list(request, filters: Query[ProposalQuery]):
    select = selectors.incoming_proposals if filters.incoming else selectors.outgoing_proposals
    qs = select(request.user, year=filters.year, status=filters.status)
    return paginate(qs, filters, prepare=lambda rows: [_proposal_out(p) for p in rows])


@router.post("/proposals", response={201: ProposalDetailOut, **ERROR_RESPONSES}, summary="Lập đề nghị (bản nháp)")
def proposal_create(request, payload: ProposalIn):
    unit = get_scoped_or_404(Unit.objects.all(), request.user, Action.PROPOSE_AWARDS, pk=payload.proposing_unit)
    to_unit = Unit.objects.filter(pk=payload.to_unit).first()
    if to_unit is None:
        raise ValidationError({"to_unit": _("Không có đơn vị này.")})
    proposal = services.proposal_create(proposing_unit=unit, to_unit=to_unit, year=payload.year,
                                        subject_line=payload.subject_line, signer_name=payload.signer_name,
                                        signer_title=payload.signer_title, by=request.user)  # fmt: skip
    return Status(201, _detail(proposal))


@router.get("/proposals/{int:proposal_id}", response={200: ProposalDetailOut, **ERROR_RESPONSES},
            summary="Một đề nghị: danh sách, giải trình điều kiện, diễn biến")  # fmt: skip
def proposal_detail(request, proposal_id: int):
    return _detail(_proposal(request, proposal_id))


@router.post("/proposals/{int:proposal_id}/items", response={201: ItemOut, **ERROR_RESPONSES},
             summary="Thêm người, tập thể được đề nghị (kiểm tra điều kiện ngay)")  # fmt: skip
def item_add(request, proposal_id: int, payload: ItemIn):
    proposal = _proposal(request, proposal_id, "edit")
    member = unit = None
    if payload.member is not None:
        member = Member.objects.select_related("unit").filter(pk=payload.member).first()
        if member is None:
            raise ValidationError({"member": _("Không có đoàn viên này.")})
    if payload.unit is not None:
        unit = Unit.objects.filter(pk=payload.unit).first()
        if unit is None:
            raise ValidationError({"unit": _("Không có tập thể này.")})
    item = services.item_add(proposal=proposal, title_code=payload.title_code, member=member, unit=unit,
                             achievements=payload.achievements, override_reason=payload.override_reason,
                             by=request.user)  # fmt: skip
    return Status(201, _item_out(item))


@router.patch("/proposal-items/{int:item_id}", response={200: ItemOut, **ERROR_RESPONSES},
              summary="Sửa tóm tắt thành tích, lý do vẫn đề nghị")  # fmt: skip
def item_update(request, item_id: int, payload: ItemUpdateIn):
    item = _item(request, item_id, "edit")
    return _item_out(services.item_update(item=item, achievements=payload.achievements,
                                          override_reason=payload.override_reason, by=request.user))  # fmt: skip


@router.delete("/proposal-items/{int:item_id}", response={204: None, **ERROR_RESPONSES},
               summary="Bỏ một mục chưa gửi")  # fmt: skip
def item_remove(request, item_id: int):
    services.item_remove(item=_item(request, item_id, "edit"), by=request.user)
    return Status(204, None)


@router.post("/proposals/{int:proposal_id}/submit", response={200: ProposalDetailOut, **ERROR_RESPONSES},
             summary="Gửi đề nghị lên cấp xét", description="Kiểm tra lại điều kiện; mục chưa đủ điều kiện phải có lý "
             "do; áp dụng giới hạn số lượng của bộ quy tắc; cấp số tờ trình khi gửi lần đầu.")  # fmt: skip
def proposal_submit(request, proposal_id: int):
    proposal = services.proposal_submit(proposal=_proposal(request, proposal_id, "edit"), by=request.user)
    return _detail(proposal)


@router.post("/proposals/{int:proposal_id}/receive", response={200: ProposalDetailOut, **ERROR_RESPONSES},
             summary="Tiếp nhận đề nghị")  # fmt: skip
def proposal_receive(request, proposal_id: int):
    return _detail(services.proposal_receive(proposal=_proposal(request, proposal_id, "receive"), by=request.user))


@router.post("/proposals/{int:proposal_id}/return", response={200: ProposalDetailOut, **ERROR_RESPONSES},
             summary="Trả lại cả đề nghị (có lý do)")  # fmt: skip
def proposal_return(request, proposal_id: int, payload: ReasonIn):
    proposal = _proposal(request, proposal_id, "receive")
    return _detail(services.proposal_return(proposal=proposal, reason=payload.reason, by=request.user))


@router.post("/proposal-items/{int:item_id}/return", response={200: ItemOut, **ERROR_RESPONSES},
             summary="Trả lại một mục (các mục khác vẫn được xét)")  # fmt: skip
def item_return(request, item_id: int, payload: ReasonIn):
    item = services.item_return(item=_item(request, item_id, "receive"), reason=payload.reason, by=request.user)
    return _item_out(item)


@router.post("/proposal-items/{int:item_id}/reject", response={200: ItemOut, **ERROR_RESPONSES},
             summary="Không khen thưởng một mục (có lý do)")  # fmt: skip
def item_reject(request, item_id: int, payload: ReasonIn):
    item = services.item_reject(item=_item(request, item_id, "receive"), reason=payload.reason, by=request.user)
    return _item_out(item)


@router.get("/proposals/{int:proposal_id}/dossier", response={200: DossierOut, **ERROR_RESPONSES},
            summary="Hồ sơ đề nghị: tờ trình, danh sách kèm giải trình và kết quả bỏ phiếu, tài liệu")  # fmt: skip
def proposal_dossier(request, proposal_id: int):
    dossier = selectors.proposal_dossier(_proposal(request, proposal_id))
    return {"proposal_id": dossier.proposal.pk, "cover_memo": dossier.cover_memo,
            "needs_minutes": dossier.needs_minutes, "files": [_file_out(f) for f in dossier.files],
            "items": [{"position": row.position, "item": _item_out(row.item), "unit_name": row.unit_name,
                       "vote": _vote_out(row.vote), "files": [_file_out(f) for f in row.files]}
                      for row in dossier.items]}  # fmt: skip
