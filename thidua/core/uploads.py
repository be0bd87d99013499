"""Uploaded import files between the preview and the confirmation.

An import is previewed first and committed on a second request; the file waits under ``MEDIA_ROOT/imports/`` behind a
random token, with a note of who uploaded it. Only that user may confirm it; unconfirmed files go after a day.
"""

import json
import re
import secrets
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy

from thidua.core.forms import BootstrapFormMixin
from thidua.core.spreadsheets import check_upload, file_extension

STALE_AFTER_SECONDS = 24 * 3600
TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")


class UploadForm(BootstrapFormMixin, forms.Form):
    """One spreadsheet file, refused early when too large or of an unknown kind."""

    file = forms.FileField(label=gettext_lazy("Tệp Excel (.xlsx) hoặc CSV (UTF-8)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        refused = check_upload(size=upload.size, filename=upload.name, max_bytes=settings.THIDUA_IMPORT_MAX_BYTES)
        if refused:
            raise forms.ValidationError(refused)
        return upload


class ConfirmForm(forms.Form):
    token = forms.RegexField(regex=TOKEN)


def _folder() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def staged_store(upload, user, *, kind: str) -> tuple[str, Path]:
    """Keep an upload until it is confirmed; returns its token and path. ``kind`` names the import it is for, so a
    token of one import cannot be confirmed in another."""
    _sweep()
    token = secrets.token_urlsafe(24)
    path = _folder() / token
    with path.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    note = {"user": user.pk, "kind": kind, "filename": Path(upload.name).name, "uploaded": timezone.now().isoformat()}
    (_folder() / f"{token}.json").write_text(json.dumps(note), encoding="utf-8")
    return token, path


def staged_load(token: str, user, *, kind: str) -> tuple[str, Path, str] | None:
    """(token, path, original file name) behind a token; None if it is gone or malformed, 404 if another user
    uploaded it."""
    if not TOKEN.match(token or ""):
        return None
    path, note_path = _folder() / token, _folder() / f"{token}.json"
    try:
        note = json.loads(note_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if note.get("user") != user.pk or note.get("kind") != kind:
        raise Http404
    if not path.is_file() or not file_extension(note.get("filename", "")):
        return None
    return token, path, note["filename"]


def staged_discard(token: str) -> None:
    for path in (_folder() / token, _folder() / f"{token}.json"):
        path.unlink(missing_ok=True)


def _sweep() -> None:
    """Remove uploads nobody confirmed within a day."""
    cutoff = time.time() - STALE_AFTER_SECONDS
    for path in _folder().iterdir():
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
        except OSError:
            continue
