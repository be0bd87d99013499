"""Initiative import (upload → preview → confirm), its template, and the export. The uploaded file is kept under
MEDIA_ROOT/imports/ between the preview and the confirmation (like the member import): only the uploader may confirm
it, and it is removed after the import or after a day."""

import json
import re
import secrets
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from thidua.core.forms import BootstrapFormMixin
from thidua.core.permissions import require_action_somewhere
from thidua.core.roles import Action
from thidua.core.spreadsheets import check_upload, xlsx_response
from thidua.initiatives import selectors
from thidua.initiatives.exports import write_import_template, write_initiatives_xlsx
from thidua.initiatives.importing import COLUMNS, ImportResult, initiative_import
from thidua.organizations.choices import UnitKind
from thidua.organizations.selectors import unit_choices

STALE_AFTER_SECONDS = 24 * 3600
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")


class UploadForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp Excel (.xlsx) hoặc CSV (UTF-8)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        refused = check_upload(size=upload.size, filename=upload.name, max_bytes=settings.THIDUA_IMPORT_MAX_BYTES)
        if refused:
            raise forms.ValidationError(refused)
        return upload


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request):
    require_action_somewhere(request.user, Action.REVIEW_INITIATIVE)
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        token, path = _store(upload, request.user)
        result = initiative_import(user=request.user, path=path, filename=upload.name, commit=False)
        if not result.ok:
            _discard(token)
        return _preview(request, result, token=token, filename=upload.name)
    return render(request, "initiatives/import.html", {"form": form, "columns": COLUMNS})


def _confirm(request):
    token = request.POST.get("token", "")
    stored = _load(token, request.user) if _TOKEN.match(token) else None
    if stored is None:
        messages.error(request, _("Không tìm thấy tệp đã tải lên (có thể đã nhập xong hoặc đã quá hạn); hãy tải lại."))
        return redirect("initiatives:import")
    path, filename = stored
    result = initiative_import(user=request.user, path=path, filename=filename, commit=True)
    if not result.committed:
        return _preview(request, result, token=token, filename=filename)
    _discard(token)
    messages.success(request, _("Đã nhập {n} sáng kiến từ tệp {name}.").format(n=result.created, name=filename))
    return redirect("initiatives:list")


def _preview(request, result: ImportResult, *, token: str, filename: str):
    return render(request, "initiatives/import_preview.html", {"result": result, "token": token, "filename": filename,
                                                                "form": UploadForm()})  # fmt: skip


@login_required
@require_GET
def import_template(request):
    require_action_somewhere(request.user, Action.REVIEW_INITIATIVE)
    kinds = [k for k in UnitKind.values if k != UnitKind.AGENCY]
    options = unit_choices(request.user, Action.REVIEW_INITIATIVE, kinds=kinds)
    units = [(o.pk, o.label.lstrip("\u2003")) for o in options]
    return xlsx_response(lambda handle: write_import_template(units, handle), "mau-nhap-sang-kien.xlsx")


@login_required
@require_GET
def export_xlsx(request):
    """The list as filtered on the page, with a sheet of benefit totals per unit."""
    qs = selectors.initiative_list(request.user, selectors.InitiativeFilters.from_query(request.GET))
    totals = selectors.benefit_totals_by_unit(qs)
    user = request.user

    def rows():
        for chunk_start in range(0, qs.count(), 2000):
            for initiative in qs[chunk_start : chunk_start + 2000]:
                yield initiative, selectors.can_see_full(user, initiative)

    filename = f"sang-kien-{timezone.localdate():%Y%m%d}.xlsx"
    return xlsx_response(lambda handle: write_initiatives_xlsx(rows(), totals, handle), filename)


# -- the stored uploads ------------------------------------------------------------------------------------------------


def _folder() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _store(upload, user) -> tuple[str, Path]:
    _sweep()
    token = secrets.token_urlsafe(24)
    path = _folder() / token
    with path.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    note = {"user": user.pk, "filename": Path(upload.name).name, "kind": "initiatives"}
    (_folder() / f"{token}.json").write_text(json.dumps(note), encoding="utf-8")
    return token, path


def _load(token: str, user) -> tuple[Path, str] | None:
    path, note_path = _folder() / token, _folder() / f"{token}.json"
    try:
        note = json.loads(note_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if note.get("user") != user.pk or note.get("kind") != "initiatives":
        raise Http404
    if not path.is_file():
        return None
    return path, note["filename"]


def _discard(token: str) -> None:
    for path in (_folder() / token, _folder() / f"{token}.json"):
        path.unlink(missing_ok=True)


def _sweep() -> None:
    cutoff = time.time() - STALE_AFTER_SECONDS
    for path in _folder().iterdir():
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
        except OSError:
            continue
