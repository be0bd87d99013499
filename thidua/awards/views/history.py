"""Award history pages: a person's and a collective's records (with add/delete), a member's absences, and the import
of past years from XLSX/CSV (upload → preview → confirm, all-or-nothing).

Viewing needs ``view`` (a member sees their own); adding, deleting and importing need ``confer_awards`` on the
member's unit or the collective (see thidua/awards/history.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.awards import history
from thidua.awards.eligibility import titles_for
from thidua.awards.forms_history import AbsenceForm, RecordForm, current_year
from thidua.awards.importing import COLUMNS, write_template
from thidua.awards.importing import history_import as run_import
from thidua.awards.models import Absence, AwardRecord
from thidua.core.forms import apply_validation_error
from thidua.core.permissions import get_scoped_or_404, require_action_somewhere
from thidua.core.roles import Action
from thidua.core.scope import get_scope
from thidua.core.spreadsheets import xlsx_response
from thidua.core.uploads import ConfirmForm, UploadForm, staged_discard, staged_load, staged_store
from thidua.members.models import Member
from thidua.organizations.models import Unit
from thidua.rules.choices import Subject
from thidua.rules.selectors import RuleMissing


def _titles(kind: str, unit: Unit) -> list:
    try:
        return titles_for(subject_kind=kind, year=current_year(), unit=unit)
    except RuleMissing:
        return []


def _can_change(user, unit: Unit) -> bool:
    return Unit.objects.visible_to(user, Action.CONFER_AWARDS).filter(pk=unit.pk).exists()


@login_required
@require_http_methods(["GET", "POST"])
def history_member(request, member_id: int):
    action = Action.CONFER_AWARDS if request.method == "POST" else Action.VIEW
    member = get_scoped_or_404(Member.objects.select_related("unit"), request.user, action, pk=member_id)
    titles = _titles(Subject.INDIVIDUAL, member.unit)
    form = RecordForm(request.POST or None, titles=titles, prefix="record")
    if request.method == "POST" and form.is_valid():
        try:
            history.record_create(member=member, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Đã ghi nhận khen thưởng."))
            return redirect("awards:history_member", member_id=member.pk)
    return render(request, "awards/history/member.html", {
        "member": member, "records": history.member_history(member), "absences": history.member_absences(member),
        "form": form, "absence_form": AbsenceForm(prefix="absence"),
        "can_change": _can_change(request.user, member.unit)})  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def history_unit(request, unit_id: int):
    action = Action.CONFER_AWARDS if request.method == "POST" else Action.VIEW
    unit = get_scoped_or_404(Unit.objects, request.user, action, pk=unit_id)
    form = RecordForm(request.POST or None, titles=_titles(Subject.COLLECTIVE, unit), prefix="record")
    if request.method == "POST" and form.is_valid():
        try:
            history.record_create(unit=unit, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Đã ghi nhận khen thưởng."))
            return redirect("awards:history_unit", unit_id=unit.pk)
    return render(request, "awards/history/unit.html", {
        "unit": unit, "records": history.unit_history(unit), "form": form,
        "can_change": _can_change(request.user, unit)})  # fmt: skip


@login_required
@require_POST
def record_delete(request, pk: int):
    record = get_scoped_or_404(AwardRecord.objects, request.user, Action.CONFER_AWARDS, pk=pk)
    try:
        history.record_delete(record=record)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã xóa «{title}» năm {year}.").format(title=record.title_name, year=record.year))
    if record.member_id:
        return redirect("awards:history_member", member_id=record.member_id)
    return redirect("awards:history_unit", unit_id=record.unit_id)


@login_required
@require_POST
def absence_add(request, member_id: int):
    member = get_scoped_or_404(Member.objects.select_related("unit"), request.user, Action.CONFER_AWARDS, pk=member_id)
    form = AbsenceForm(request.POST, prefix="absence")
    if form.is_valid():
        try:
            history.absence_create(member=member, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Đã ghi thời gian nghỉ."))
            return redirect("awards:history_member", member_id=member.pk)
    return render(request, "awards/history/member.html", {
        "member": member, "records": history.member_history(member), "absences": history.member_absences(member),
        "form": RecordForm(titles=_titles(Subject.INDIVIDUAL, member.unit), prefix="record"), "absence_form": form,
        "can_change": True}, status=400)  # fmt: skip


@login_required
@require_POST
def absence_delete(request, pk: int):
    absence = get_scoped_or_404(Absence.objects, request.user, Action.CONFER_AWARDS, pk=pk)
    history.absence_delete(absence=absence)
    messages.success(request, _("Đã xóa thời gian nghỉ."))
    return redirect("awards:history_member", member_id=absence.member_id)


@login_required
@require_http_methods(["GET", "POST"])
def history_import(request):
    require_action_somewhere(request.user, Action.CONFER_AWARDS)
    if request.method == "POST" and "token" in request.POST:
        form = ConfirmForm(request.POST)
        stored = staged_load(form.cleaned_data["token"], request.user, kind="awards") if form.is_valid() else None
        if stored is None:
            messages.error(
                request, _("Không tìm thấy tệp đã tải lên (có thể đã nhập xong hoặc đã quá hạn); hãy tải lại.")
            )
            return redirect("awards:history_import")
        token, file_path, filename = stored
        result = history_import_run(request, file_path, filename, commit=True)
        staged_discard(token)
        if not result.committed:
            return render(request, "awards/history/import_preview.html",
                          {"result": result, "token": "", "filename": filename, "form": UploadForm()})  # fmt: skip
        done = _("Đã nhập tệp {name}: thêm mới {created}, cập nhật {updated}, không đổi {unchanged} dòng.")
        messages.success(request, done.format(name=filename, created=result.created, updated=result.updated,
                                              unchanged=result.unchanged))  # fmt: skip
        return redirect("awards:history_import")
    form = UploadForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        token, file_path = staged_store(upload, request.user, kind="awards")
        result = history_import_run(request, file_path, upload.name, commit=False)
        if not result.ok:
            staged_discard(token)
            token = ""
        return render(request, "awards/history/import_preview.html",
                      {"result": result, "token": token, "filename": upload.name, "form": UploadForm()})  # fmt: skip
    return render(request, "awards/history/import.html", {"form": form, "columns": COLUMNS})


def history_import_run(request, file_path, filename, *, commit: bool):
    return run_import(user=request.user, path=file_path, filename=filename, commit=commit)


@login_required
@require_GET
def history_import_template(request):
    require_action_somewhere(request.user, Action.CONFER_AWARDS)
    scope = get_scope(request.user)
    unit = Unit.objects.visible_to(request.user, Action.CONFER_AWARDS).order_by("path").first() if not \
        scope.is_superuser else None  # fmt: skip
    titles = _titles(Subject.INDIVIDUAL, unit) + _titles(Subject.COLLECTIVE, unit) if unit else \
        titles_for(subject_kind=Subject.INDIVIDUAL, year=current_year()) + \
        titles_for(subject_kind=Subject.COLLECTIVE, year=current_year())  # fmt: skip
    return xlsx_response(lambda handle: write_template(handle, titles=titles), "mau-nhap-lich-su-khen-thuong.xlsx")


urlpatterns = [
    path("history/member/<int:member_id>/", history_member, name="history_member"),
    path("history/unit/<int:unit_id>/", history_unit, name="history_unit"),
    path("history/record/<int:pk>/delete/", record_delete, name="record_delete"),
    path("history/member/<int:member_id>/absences/", absence_add, name="absence_add"),
    path("history/absence/<int:pk>/delete/", absence_delete, name="absence_delete"),
    path("history/import/", history_import, name="history_import"),
    path("history/import/template/", history_import_template, name="history_import_template"),
]
