"""Attachments of evidence records and self-assessments: one check for size, type and content.

The limits come from the settings (``THIDUA_ATTACHMENT_MAX_BYTES``, ``THIDUA_ATTACHMENT_EXTENSIONS``). A file is
accepted when its extension is allowed, it is not empty, not larger than the limit, and its first bytes are those of
its type (a renamed executable is refused).
"""

import pathlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# extension → (content type, accepted leading bytes). The settings choose which of these are allowed.
KNOWN_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
}


def max_bytes() -> int:
    return int(settings.THIDUA_ATTACHMENT_MAX_BYTES)


def allowed_extensions() -> list[str]:
    wanted = [e.lower() if e.startswith(".") else "." + e.lower() for e in settings.THIDUA_ATTACHMENT_EXTENSIONS]
    return [e for e in wanted if e in KNOWN_TYPES]


def check_attachment(*, name: str, size: int, head: bytes) -> str:
    """The content type to store, or a ValidationError on ``file`` saying what is wrong (in Vietnamese)."""
    suffix = pathlib.Path(name).suffix.lower()
    allowed = allowed_extensions()
    if suffix not in allowed:
        raise ValidationError({"file": _("Chỉ nhận tệp {allowed}; tệp «{name}» không đúng loại.").format(
            allowed=", ".join(e.lstrip(".") for e in allowed), name=name)})  # fmt: skip
    limit = max_bytes()
    if size > limit:
        raise ValidationError({"file": _("Tệp «{name}» nặng {size} MB, vượt giới hạn {limit} MB.").format(
            name=name, size=round(size / 1024 / 1024, 1), limit=round(limit / 1024 / 1024, 1))})  # fmt: skip
    content_type, magics = KNOWN_TYPES[suffix]
    if size == 0 or not any(head.startswith(magic) for magic in magics):
        raise ValidationError({"file": _("Nội dung tệp «{name}» không khớp với đuôi {suffix}.").format(
            name=name, suffix=suffix)})  # fmt: skip
    return content_type


def check_upload(upload) -> str:
    """check_attachment for an uploaded file (Django's UploadedFile or ninja's)."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    return check_attachment(name=upload.name or "", size=upload.size or 0, head=head)


def attachment_path(instance, filename: str) -> str:
    return f"evidence/{instance._meta.model_name}/{filename}"


class AttachmentFields(models.Model):
    """An optional attached file (minh chứng) with what was checked about it."""

    file = models.FileField(gettext_lazy("tệp minh chứng"), upload_to=attachment_path, max_length=255, blank=True)
    file_name = models.CharField(gettext_lazy("tên tệp"), max_length=255, blank=True)
    file_size = models.PositiveIntegerField(gettext_lazy("dung lượng (byte)"), null=True, blank=True)
    file_type = models.CharField(gettext_lazy("loại tệp"), max_length=100, blank=True)

    class Meta:
        abstract = True

    def attach(self, upload) -> None:
        """Check ``upload`` and set it as the file (saved with the row)."""
        self.file_type = check_upload(upload)
        self.file_name = (upload.name or "")[:255]
        self.file_size = upload.size
        self.file.save(pathlib.Path(upload.name or "tep").name, upload, save=False)
