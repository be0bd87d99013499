"""Writes of the documents app: giving a generated document its number, and uploading or removing a template."""

import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.documents import engine
from thidua.documents.choices import SERIES, DocumentKind
from thidua.documents.contexts import document_key
from thidua.documents.models import DocumentTemplate, IssuedDocument
from thidua.organizations.models import Unit
from thidua.organizations.numbering import document_symbol, next_number

MAX_TEMPLATE_BYTES = 5 * 1024 * 1024


@transaction.atomic
def document_issue(*, kind: str, obj, issuer: Unit, by=None, on: datetime.date | None = None) -> IssuedDocument:
    """Give the document of ``obj`` the next number of its series for ``issuer`` (once: a second call returns the
    number already given)."""
    if kind not in SERIES:
        raise ValidationError({"kind": _("Loại văn bản này không được cấp số riêng.")})
    existing = IssuedDocument.objects.filter(kind=kind, key=document_key(obj)).first()
    if existing is not None:
        return existing
    on = on or timezone.localdate()
    series = SERIES[kind]
    number = next_number(issuer=issuer, year=on.year, series=series)
    return IssuedDocument.objects.create(kind=kind, key=document_key(obj), issuer=issuer, year=on.year, number=number,
                                         symbol=document_symbol(number=number, series=series, issuer=issuer),
                                         issued_on=on, issued_by=by)  # fmt: skip


def validate_template(kind: str, data: bytes) -> None:
    """A .docx of reasonable size whose placeholders are all documented for ``kind``; else a message listing them."""
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Loại văn bản không hợp lệ.")})
    if len(data) > MAX_TEMPLATE_BYTES:
        raise ValidationError({"file": _("Tệp mẫu quá lớn (tối đa 5 MB).")})
    try:
        unknown = engine.unknown_placeholders(kind, data)
    except engine.EngineError as exc:
        raise ValidationError({"file": str(exc)}) from exc
    if unknown:
        raise ValidationError({"file": _("Mẫu có các trường không được hỗ trợ: {names}. Xem danh sách trường của "
                                         "loại văn bản này.").format(names=", ".join(unknown))})  # fmt: skip


@transaction.atomic
def template_upload(*, kind: str, owner: Unit | None, data: bytes, filename: str, by=None) -> DocumentTemplate:
    """Replace the template of ``kind`` for ``owner``'s subtree (or nationally) after checking its placeholders."""
    validate_template(kind, data)
    template = DocumentTemplate.objects.select_for_update().filter(kind=kind, owner=owner).first()
    template = template or DocumentTemplate(kind=kind, owner=owner)
    template.original_name = filename[:255]
    template.uploaded_by = by
    template.file.save(f"{kind}.docx", ContentFile(data), save=False)
    template.save()
    return template


@transaction.atomic
def template_reset(*, kind: str, owner: Unit | None) -> None:
    """Go back to the template above (the parent's upload, the national one or the shipped one)."""
    DocumentTemplate.objects.filter(kind=kind, owner=owner).delete()
