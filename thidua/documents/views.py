"""Document pages: the templates page (download, upload, reset per kind), one page per object listing its documents,
the downloads (DOCX or PDF) and the numbering of a document. Generation goes through ``produce``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.awards.models import Awardee
from thidua.core.permissions import require_action_somewhere
from thidua.core.roles import Action
from thidua.core.scope import get_scope
from thidua.documents import engine, produce, services
from thidua.documents.choices import SERIES, DocumentKind
from thidua.documents.contexts import issued
from thidua.documents.layout.builder import shipped_path
from thidua.documents.models import DocumentTemplate
from thidua.documents.placeholders import placeholders
from thidua.organizations.models import Unit

DOCX = produce.CONTENT_TYPES["docx"]


def _error_page(request, message: str, status: int = 503):
    return render(request, "documents/error.html", {"message": message}, status=status)


@login_required
def download(request, kind: str, pk: int, fmt: str):
    target = produce.resolve(request.user, kind, pk)
    awardee = request.GET.get("awardee")
    try:
        name, content_type, data = produce.produce(kind, target, fmt, awardee=int(awardee) if awardee else None)
    except ValueError as exc:
        raise Http404 from exc
    except engine.EngineError as exc:
        return _error_page(request, str(exc))
    return produce.file_response(name, content_type, data)


@login_required
@require_POST
def issue(request, kind: str, pk: int):
    if kind not in SERIES:
        raise Http404
    target = produce.resolve(request.user, kind, pk, Action.ISSUE_DOCUMENTS)
    record = services.document_issue(kind=kind, obj=target.obj, issuer=target.unit, by=request.user)
    messages.success(request, _("Đã cấp số {symbol}.").format(symbol=record.symbol))
    return redirect(request.POST.get("next") or "documents:templates")


def _page(request, kind: str, pk: int, template: str, extra: dict | None = None):
    target = produce.resolve(request.user, kind, pk)
    can_issue = get_scope(request.user).covers_path(Action.ISSUE_DOCUMENTS, target.unit.path)
    context = {"obj": target.obj, "unit": target.unit, "can_issue": can_issue, **(extra or {})}
    return render(request, template, context)


@login_required
def movement_documents(request, pk: int):
    target = produce.resolve(request.user, DocumentKind.PLAN, pk)
    movement = target.obj
    phases = list(movement.phases.order_by("starts_on"))
    for phase in phases:
        phase.issued = issued(DocumentKind.REPORT, phase)
    can_issue = get_scope(request.user).covers_path(Action.ISSUE_DOCUMENTS, movement.unit.path)
    return render(
        request,
        "documents/movement.html",
        {"obj": movement, "phases": phases, "can_issue": can_issue, "plan_issued": issued(DocumentKind.PLAN, movement)},
    )


@login_required
def proposal_documents(request, pk: int):
    target = produce.resolve(request.user, DocumentKind.MEMO, pk)
    return _page(
        request, DocumentKind.MEMO, pk, "documents/proposal.html", {"issued": issued(DocumentKind.MEMO, target.obj)}
    )


@login_required
def decision_documents(request, pk: int):
    target = produce.resolve(request.user, DocumentKind.DECISION, pk)
    awardees = Awardee.objects.filter(decision=target.obj).order_by("position", "pk").values(
        "display_name", "title_name")[:500]  # fmt: skip
    return _page(
        request, DocumentKind.DECISION, pk, "documents/decision.html", {"awardees": list(enumerate(awardees, 1))}
    )


@login_required
def session_documents(request, pk: int):
    target = produce.resolve(request.user, DocumentKind.MINUTES, pk)
    return _page(
        request,
        DocumentKind.MINUTES,
        pk,
        "documents/session.html",
        {"issued": issued(DocumentKind.MINUTES, target.obj)},
    )


# --- templates -------------------------------------------------------------------------------------------------------


def _owner(request, raw) -> Unit | None:
    """The unit a template belongs to: one the user manages templates in; none (national) for superusers only."""
    if not raw:
        if not request.user.is_superuser:
            raise PermissionDenied
        return None
    unit = Unit.objects.visible_to(request.user).filter(pk=raw).first()
    if unit is None:
        raise Http404
    if not get_scope(request.user).covers_path(Action.MANAGE_TEMPLATES, unit.path):
        raise PermissionDenied
    return unit


@login_required
def templates(request):
    require_action_somewhere(request.user, Action.MANAGE_TEMPLATES)
    owners = Unit.objects.visible_to(request.user, Action.MANAGE_TEMPLATES).order_by("path")[:200]
    uploads = {(t.kind, t.owner_id): t for t in DocumentTemplate.objects.visible_to(
        request.user, Action.MANAGE_TEMPLATES).select_related("owner", "uploaded_by")}  # fmt: skip
    if request.user.is_superuser:
        uploads.update({(t.kind, None): t for t in DocumentTemplate.objects.filter(owner__isnull=True)})
    kinds = [{"kind": k, "label": label, "placeholders": placeholders(k),
              "uploads": [t for (kind, _o), t in uploads.items() if kind == k]}
             for k, label in DocumentKind.choices]  # fmt: skip
    return render(
        request, "documents/templates.html", {"kinds": kinds, "owners": owners, "national": request.user.is_superuser}
    )


@login_required
def template_download(request, kind: str):
    require_action_somewhere(request.user, Action.MANAGE_TEMPLATES)
    if kind not in DocumentKind.values:
        raise Http404
    owner = _owner(request, request.GET.get("owner")) if request.GET.get("owner") else None
    data = engine.template_bytes(kind, owner) if owner or request.GET.get("effective") else shipped_path(
        kind).read_bytes()  # fmt: skip
    return produce.file_response(f"mau-{kind}.docx", DOCX, data)


@login_required
@require_POST
def template_upload(request, kind: str):
    require_action_somewhere(request.user, Action.MANAGE_TEMPLATES)
    if kind not in DocumentKind.values:
        raise Http404
    owner = _owner(request, request.POST.get("owner"))
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Chọn tệp mẫu (.docx) để tải lên."))
        return redirect("documents:templates")
    try:
        services.template_upload(kind=kind, owner=owner, data=upload.read(), filename=upload.name, by=request.user)
    except ValidationError as exc:
        for errors in exc.message_dict.values():
            for error in errors:
                messages.error(request, error)
        return redirect("documents:templates")
    messages.success(request, _("Đã cập nhật mẫu “{kind}”.").format(kind=DocumentKind(kind).label))
    return redirect("documents:templates")


@login_required
@require_POST
def template_reset(request, kind: str):
    require_action_somewhere(request.user, Action.MANAGE_TEMPLATES)
    if kind not in DocumentKind.values:
        raise Http404
    services.template_reset(kind=kind, owner=_owner(request, request.POST.get("owner")))
    messages.success(request, _("Đã trở về mẫu mặc định."))
    return redirect("documents:templates")
