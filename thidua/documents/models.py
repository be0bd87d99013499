"""Official documents: the Word templates (shipped defaults and administrators' uploads per subtree), the numbers
given to generated documents that have no number field of their own, and each unit's letterhead details.

The documents themselves are not stored: they are generated from the data when requested (see docs/documents.md).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from thidua.core.models import ScopedQuerySet, TimeStampedModel
from thidua.documents.choices import DocumentKind
from thidua.organizations.models import Unit


class TemplateQuerySet(ScopedQuerySet):
    """A unit's template is managed in that unit's subtree scope; the national default (no owner) by superusers."""

    unit_path_lookup = "owner__path"


def template_path(instance: "DocumentTemplate", filename: str) -> str:
    owner = instance.owner_id or "national"
    return f"documents/templates/{owner}/{instance.kind}.docx"


class DocumentTemplate(TimeStampedModel):
    """A Word template uploaded by an administrator for one document kind. With ``owner`` it applies to the documents
    of that unit and its subtree (the deepest owner wins); without, it replaces the shipped template nationally.
    Each upload replaces the file; the history keeps who uploaded which version."""

    kind = models.CharField(_("loại văn bản"), max_length=20, choices=DocumentKind.choices)
    owner = models.ForeignKey(Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                              verbose_name=_("áp dụng cho đơn vị"),
                              help_text=_("Để trống: mẫu chung toàn hệ thống."))  # fmt: skip
    file = models.FileField(_("tệp mẫu (.docx)"), upload_to=template_path, max_length=255)
    original_name = models.CharField(_("tên tệp tải lên"), max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("người tải lên"))  # fmt: skip

    objects = TemplateQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mẫu văn bản")
        verbose_name_plural = _("mẫu văn bản")
        ordering = ["kind", "owner__path"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "owner"], name="template_one_per_owner"),
            models.UniqueConstraint(fields=["kind"], condition=Q(owner__isnull=True), name="template_one_national"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.owner or _('toàn hệ thống')}"


class IssuedDocumentQuerySet(ScopedQuerySet):
    unit_path_lookup = "issuer__path"


class IssuedDocument(models.Model):
    """The number given to a generated document that has no number field of its own (a report for a phase, the
    minutes of a council session, a cover memo or a plan not numbered elsewhere). ``key`` names the object:
    ``phase:12``, ``session:5``, ``proposal:3``, ``movement:7``. Numbering restarts at 01 each 1 January per issuer
    and series (``thidua.organizations.numbering``)."""

    kind = models.CharField(_("loại văn bản"), max_length=20, choices=DocumentKind.choices)
    key = models.CharField(_("đối tượng"), max_length=40)
    issuer = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị ban hành"))
    year = models.PositiveIntegerField(_("năm"))
    number = models.PositiveIntegerField(_("số"))
    symbol = models.CharField(_("số, ký hiệu"), max_length=60)
    issued_on = models.DateField(_("ngày ban hành"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("người cấp số"))  # fmt: skip

    objects = IssuedDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("văn bản đã cấp số")
        verbose_name_plural = _("văn bản đã cấp số")
        ordering = ["-issued_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="issued_document_once")]

    def __str__(self) -> str:
        return self.symbol


class Letterhead(models.Model):
    """What a unit's documents print in the header that the organisation tree does not hold: the place name of the
    date line ("Hà Nam, ngày …") and, when the official wording differs from the unit's name, the issuing body's and
    its parent's names as they must appear. Units without one use their nearest ancestor's place."""

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="letterhead",
                                verbose_name=_("đơn vị"))  # fmt: skip
    place = models.CharField(_("địa danh"), max_length=100, help_text=_("Ví dụ: Hà Nam."))
    issuer_name = models.CharField(_("tên cơ quan ban hành (in trên văn bản)"), max_length=255, blank=True)
    parent_name = models.CharField(_("tên cơ quan chủ quản (in trên văn bản)"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thông tin tiêu đề văn bản")
        verbose_name_plural = _("thông tin tiêu đề văn bản")

    def __str__(self) -> str:
        return f"{self.unit}: {self.place}"
