"""From an object and a kind to a file: the context builder, the template of the issuing unit, DOCX or PDF. Shared by
the pages and the API."""

from dataclasses import dataclass

from django.db.models import Model
from django.http import Http404, HttpResponse
from django.utils.text import slugify

from thidua.awards.models import CouncilSession, Decision, Proposal
from thidua.core.permissions import get_scoped_or_404
from thidua.core.roles import Action
from thidua.documents import contexts, engine
from thidua.documents.choices import DocumentKind, OutputFormat
from thidua.movements.models import Movement, Phase

CERTIFICATES = "certificates"  # every certificate of a decision in one file
KINDS = [*DocumentKind.values, CERTIFICATES]
CONTENT_TYPES = {
    OutputFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    OutputFormat.PDF: "application/pdf",
}


@dataclass
class Target:
    """The object a document is about and the unit that issues it."""

    obj: Model
    unit: object


def resolve(user, kind: str, pk: int, action: str = Action.VIEW) -> Target:
    """The object of a document, through the scope of its issuing unit (404 outside, 403 without ``action``)."""
    if kind == DocumentKind.PLAN:
        m = get_scoped_or_404(Movement.objects.select_related("unit", "parent__unit"), user, action, pk=pk)
        return Target(m, m.unit)
    if kind == DocumentKind.REPORT:
        phase = Phase.objects.select_related("movement__unit").filter(pk=pk).first()
        if phase is None:
            raise Http404
        get_scoped_or_404(Movement.objects.all(), user, action, pk=phase.movement_id)
        return Target(phase, phase.movement.unit)
    if kind == DocumentKind.MEMO:
        prop = get_scoped_or_404(Proposal.objects.select_related("proposing_unit", "to_unit"), user, action, pk=pk)
        return Target(prop, prop.proposing_unit)
    if kind in (DocumentKind.DECISION, DocumentKind.CERTIFICATE, CERTIFICATES):
        dec = get_scoped_or_404(Decision.objects.select_related("issuer", "proposal__proposing_unit", "session"),
                                user, action, pk=pk)  # fmt: skip
        return Target(dec, dec.issuer)
    if kind == DocumentKind.MINUTES:
        s = get_scoped_or_404(CouncilSession.objects.select_related("unit"), user, action, pk=pk)
        return Target(s, s.unit)
    raise Http404


def render(kind: str, target: Target, *, awardee: int | None = None) -> list[bytes]:
    """The DOCX files of the document (several for the certificates of a decision)."""
    obj, unit = target.obj, target.unit
    if kind == DocumentKind.PLAN:
        return [engine.render_docx(kind, contexts.plan_context(obj), unit=unit)]
    if kind == DocumentKind.REPORT:
        return [engine.render_docx(kind, contexts.report_context(obj), unit=unit)]
    if kind == DocumentKind.MEMO:
        return [engine.render_docx(kind, contexts.memo_context(obj), unit=unit)]
    if kind == DocumentKind.DECISION:
        return [engine.render_docx(kind, contexts.decision_context(obj), unit=unit)]
    if kind == DocumentKind.MINUTES:
        return [engine.render_docx(kind, contexts.minutes_context(obj), unit=unit)]
    ctxs = contexts.certificate_contexts(obj)
    if kind == DocumentKind.CERTIFICATE:
        if awardee is None or not 1 <= awardee <= len(ctxs):
            raise Http404
        ctxs = [ctxs[awardee - 1]]
    template = engine.template_bytes(DocumentKind.CERTIFICATE, unit)
    return [engine.render_docx(DocumentKind.CERTIFICATE, c, template=template) for c in ctxs]


def filename(kind: str, target: Target, fmt: str, awardee: int | None = None) -> str:
    stem = slugify(f"{kind}-{target.obj._meta.model_name}-{target.obj.pk}") or kind
    if awardee:
        stem += f"-{awardee:04d}"
    return f"{stem}.{fmt}"


def produce(kind: str, target: Target, fmt: str, *, awardee: int | None = None) -> tuple[str, str, bytes]:
    """(file name, content type, bytes). Several certificates come as one PDF; as DOCX only one at a time."""
    if fmt not in OutputFormat.values:
        raise Http404
    docs = render(kind, target, awardee=awardee)
    if fmt == OutputFormat.DOCX:
        if len(docs) != 1:
            raise Http404  # the combined certificates exist as PDF only
        data = docs[0]
    else:
        data = engine.merge_pdfs(engine.to_pdf(docs))
    return filename(kind, target, fmt, awardee), CONTENT_TYPES[fmt], data


def file_response(name: str, content_type: str, data: bytes) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
