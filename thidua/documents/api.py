"""The documents API: request each document as DOCX or PDF, give a document its number, list the templates with
their placeholders, download and upload a template. Same scope checks and code paths as the pages."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import File, Form, Query, Router, Schema, Status, UploadedFile

from thidua.api.errors import ERROR_RESPONSES, ErrorOut
from thidua.core.permissions import require_action_somewhere
from thidua.core.roles import Action
from thidua.core.scope import get_scope
from thidua.documents import engine, produce, services
from thidua.documents.choices import SERIES, DocumentKind
from thidua.documents.layout.builder import shipped_path
from thidua.documents.placeholders import placeholders
from thidua.organizations.models import Unit

router = Router(tags=["Văn bản"])


class PlaceholderOut(Schema):
    name: str
    meaning: str
    example: str


class TemplateKindOut(Schema):
    kind: str
    label: str
    placeholders: list[PlaceholderOut]


class IssuedOut(Schema):
    kind: str
    symbol: str
    number: int
    year: int
    issued_on: str


class TemplateOut(Schema):
    kind: str
    owner: int | None
    original_name: str


def _owner(request, owner_id: int | None) -> Unit | None:
    if owner_id is None:
        if not request.user.is_superuser:
            raise PermissionDenied
        return None
    unit = Unit.objects.visible_to(request.user).filter(pk=owner_id).first()
    if unit is None:
        raise Http404
    if not get_scope(request.user).covers_path(Action.MANAGE_TEMPLATES, unit.path):
        raise PermissionDenied
    return unit


@router.get("/templates", response={**ERROR_RESPONSES, 200: list[TemplateKindOut]}, summary="Các loại văn bản và "
            "trường của mẫu")  # fmt: skip
def template_list(request):
    require_action_somewhere(request.user, Action.MANAGE_TEMPLATES)
    return [{"kind": k, "label": str(label), "placeholders": [p.__dict__ for p in placeholders(k)]}
            for k, label in DocumentKind.choices]  # fmt: skip


@router.get(
    "/templates/{kind}",
    response=ERROR_RESPONSES,
    summary="Tải mẫu (.docx)",
    description="Không có owner: mẫu gốc kèm theo hệ thống; có owner: mẫu đang áp dụng cho đơn vị đó.",
)
def template_download(request, kind: str, owner: int | None = Query(None)):
    require_action_somewhere(request.user, Action.MANAGE_TEMPLATES)
    if kind not in DocumentKind.values:
        raise Http404
    unit = _owner(request, owner) if owner is not None else None
    data = engine.template_bytes(kind, unit) if unit else shipped_path(kind).read_bytes()
    return produce.file_response(f"mau-{kind}.docx", produce.CONTENT_TYPES["docx"], data)


@router.post("/templates/{kind}", response={**ERROR_RESPONSES, 201: TemplateOut}, summary="Tải lên mẫu (.docx)",
             description="Mẫu dùng trường không có trong danh sách của loại văn bản bị từ chối (422), kèm danh sách "
             "các trường đó.")  # fmt: skip
def template_upload(request, kind: str, file: File[UploadedFile], owner: int | None = Form(None)):
    require_action_somewhere(request.user, Action.MANAGE_TEMPLATES)
    if kind not in DocumentKind.values:
        raise Http404
    unit = _owner(request, owner)
    t = services.template_upload(kind=kind, owner=unit, data=file.read(), filename=file.name or "", by=request.user)
    return Status(201, {"kind": t.kind, "owner": t.owner_id, "original_name": t.original_name})


@router.get("/{kind}/{object_id}", response={**ERROR_RESPONSES, 503: ErrorOut}, summary="Tạo văn bản (DOCX hoặc PDF)",
            description="kind: plan (phong trào), report (đợt thi đua), memo (đề nghị), decision, certificate "
            "(quyết định; awardee = số thứ tự), certificates (mọi giấy khen của quyết định, PDF), minutes (phiên "
            "họp Hội đồng).")  # fmt: skip
def document_get(request, kind: str, object_id: int, format: str = Query("docx"), awardee: int | None = Query(None)):
    if kind not in produce.KINDS:
        raise Http404
    target = produce.resolve(request.user, kind, object_id)
    try:
        name, content_type, data = produce.produce(kind, target, format, awardee=awardee)
    except engine.EngineError as exc:
        return Status(503, {"detail": str(exc)})
    return produce.file_response(name, content_type, data)


@router.post("/{kind}/{object_id}/issue", response={**ERROR_RESPONSES, 200: IssuedOut}, summary="Cấp số văn bản")
def document_issue(request, kind: str, object_id: int):
    if kind not in SERIES:
        raise Http404
    target = produce.resolve(request.user, kind, object_id, Action.ISSUE_DOCUMENTS)
    record = services.document_issue(kind=kind, obj=target.obj, issuer=target.unit, by=request.user)
    return {"kind": record.kind, "symbol": record.symbol, "number": record.number, "year": record.year,
            "issued_on": record.issued_on.isoformat()}  # fmt: skip
