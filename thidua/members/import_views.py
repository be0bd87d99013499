"""Member import (upload → preview → confirm), the import template and the export.

The uploaded file is stored under MEDIA_ROOT/imports/ with a random token and a small JSON note of who uploaded it;
the preview page carries the token in a hidden field and "Xác nhận nhập" imports that same stored file. Only the
uploader can confirm it; stored files are removed after the import and swept after a day.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from thidua.core.permissions import require_action_somewhere
from thidua.core.roles import Action
from thidua.core.spreadsheets import xlsx_response
from thidua.core.uploads import ConfirmForm, UploadForm, staged_discard, staged_load, staged_store
from thidua.members import selectors
from thidua.members.exports import write_import_template, write_members_xlsx
from thidua.members.importing import COLUMNS, ImportResult, member_import
from thidua.organizations.choices import UnitKind
from thidua.organizations.selectors import unit_choices


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request):
    require_action_somewhere(request.user, Action.CHANGE_MEMBERS)
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        token, path = staged_store(upload, request.user, kind="members")
        result = member_import(user=request.user, path=path, filename=upload.name, commit=False)
        if not result.ok:
            staged_discard(token)
        return _preview(request, result, token=token, filename=upload.name)
    return render(request, "members/import.html", {"form": form, "columns": COLUMNS})


def _confirm(request):
    form = ConfirmForm(request.POST)
    stored = staged_load(form.cleaned_data["token"], request.user, kind="members") if form.is_valid() else None
    if stored is None:
        messages.error(request, _("Không tìm thấy tệp đã tải lên (có thể đã nhập xong hoặc đã quá hạn); hãy tải lại."))
        return redirect("members:import")
    token, path, filename = stored
    result = member_import(user=request.user, path=path, filename=filename, commit=True)
    staged_discard(token)
    if not result.committed:  # the registry changed since the preview: show why, the user uploads again
        return _preview(request, result, token=token, filename=filename)
    messages.success(
        request,
        _("Đã nhập tệp {name}: thêm mới {created}, cập nhật {updated}, không đổi {unchanged} đoàn viên.").format(
            name=filename, created=result.created, updated=result.updated, unchanged=result.unchanged
        ),
    )
    return redirect("members:list")


def _preview(request, result: ImportResult, *, token: str, filename: str):
    context = {"result": result, "token": token, "filename": filename, "form": UploadForm()}
    return render(request, "members/import_preview.html", context)


@login_required
@require_GET
def import_template(request):
    require_action_somewhere(request.user, Action.CHANGE_MEMBERS)
    kinds = [kind for kind in UnitKind.values if kind != UnitKind.AGENCY]
    units = [(o.pk, o.label.lstrip("\u2003")) for o in unit_choices(request.user, Action.CHANGE_MEMBERS, kinds=kinds)]
    return xlsx_response(lambda handle: write_import_template(units, handle), "mau-nhap-doan-vien.xlsx")


@login_required
@require_GET
def export_xlsx(request):
    require_action_somewhere(request.user, Action.VIEW)
    members = selectors.member_list(request.user, selectors.MemberFilters.from_query(request.GET))
    filename = f"doan-vien-{timezone.localdate():%Y%m%d}.xlsx"
    return xlsx_response(lambda handle: write_members_xlsx(members.iterator(chunk_size=2000), handle), filename)
