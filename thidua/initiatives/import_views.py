"""Initiative import (upload → preview → confirm), its template, and the export. The uploaded file is kept under
MEDIA_ROOT/imports/ between the preview and the confirmation (like the member import): only the uploader may confirm
it, and it is removed after the import or after a day."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from thidua.core.permissions import require_action_somewhere
from thidua.core.roles import Action
from thidua.core.spreadsheets import xlsx_response
from thidua.core.uploads import UploadForm, staged_discard, staged_load, staged_store
from thidua.initiatives import selectors
from thidua.initiatives.exports import write_import_template, write_initiatives_xlsx
from thidua.initiatives.importing import COLUMNS, ImportResult, initiative_import
from thidua.organizations.choices import UnitKind
from thidua.organizations.selectors import unit_choices


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request):
    require_action_somewhere(request.user, Action.REVIEW_INITIATIVE)
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        token, path = staged_store(upload, request.user, kind="initiatives")
        result = initiative_import(user=request.user, path=path, filename=upload.name, commit=False)
        if not result.ok:
            staged_discard(token)
        return _preview(request, result, token=token, filename=upload.name)
    return render(request, "initiatives/import.html", {"form": form, "columns": COLUMNS})


def _confirm(request):
    stored = staged_load(request.POST.get("token", ""), request.user, kind="initiatives")
    if stored is None:
        messages.error(request, _("Không tìm thấy tệp đã tải lên (có thể đã nhập xong hoặc đã quá hạn); hãy tải lại."))
        return redirect("initiatives:import")
    token, path, filename = stored
    result = initiative_import(user=request.user, path=path, filename=filename, commit=True)
    if not result.committed:
        return _preview(request, result, token=token, filename=filename)
    staged_discard(token)
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
