"""Evidence pages: the lists of each kind of record, their forms, an activity's attendance (check boxes saved by
htmx, or an imported sign-in sheet). Thin handlers: fetch through the scope, validate with a form, call a service."""

import pathlib
import tempfile

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from thidua.core.forms import apply_validation_error
from thidua.core.permissions import get_scoped_or_404, require_action_somewhere
from thidua.core.roles import Action
from thidua.core.scope import get_scope
from thidua.core.spreadsheets import xlsx_response
from thidua.evidence import selectors, services
from thidua.evidence.choices import ActivityKind, ConductRule, DisciplineLevel, MediaKind
from thidua.evidence.exports import write_attendance_sheet
from thidua.evidence.forms import FORMS, AttendanceUploadForm
from thidua.evidence.importing import attendance_import
from thidua.evidence.models import Activity
from thidua.members.models import Member
from thidua.organizations.selectors import unit_choices

TITLES = {
    "activities": gettext_lazy("Hoạt động"),
    "projects": gettext_lazy("Công trình, phần việc"),
    "media": gettext_lazy("Sản phẩm tuyên truyền"),
    "conduct": gettext_lazy("Văn hóa công sở"),
    "party": gettext_lazy("Giới thiệu đoàn viên cho Đảng"),
    "discipline": gettext_lazy("Kỷ luật"),
}
KIND_CHOICES = {"activities": ActivityKind, "media": MediaKind, "conduct": ConductRule, "discipline": DisciplineLevel}
SERVICES = {
    "activities": (services.activity_create, services.activity_update, services.activity_delete, "activity"),
    "projects": (services.work_project_create, services.work_project_update, services.work_project_delete, "project"),
    "media": (services.media_item_create, services.media_item_update, services.media_item_delete, "item"),
    "conduct": (services.conduct_record_create, services.conduct_record_update, services.conduct_record_delete,
                "record"),
    "party": (services.party_introduction_create, services.party_introduction_update,
              services.party_introduction_delete, "introduction"),
    "discipline": (services.discipline_create, services.discipline_update, services.discipline_delete, "discipline"),
}  # fmt: skip


def action_for(record: str) -> str:
    """Discipline changes classifications (KHT): only the executive committee records it."""
    return Action.DECIDE if record == "discipline" else Action.RECORD_EVIDENCE


def _record_kind(record: str) -> str:
    if record not in selectors.KINDS:
        raise Http404
    return record


def _obj(request, record: str, pk: int, action: str = Action.VIEW):
    model = selectors.KINDS[_record_kind(record)][0]
    return get_scoped_or_404(model.objects.all(), request.user, action, pk=pk)


def _list_url(record: str) -> str:
    return reverse("evidence:list", args=[record])


@login_required
def record_list(request, record: str):
    record = _record_kind(record)
    filters = selectors.EvidenceFilters.from_query(request.GET)
    qs = selectors.evidence_list(request.user, record, filters)
    page = Paginator(qs, settings.THIDUA_PAGE_SIZE).get_page(request.GET.get("page"))
    scope = get_scope(request.user)
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "record": record, "title": TITLES[record], "titles": TITLES, "page": page, "filters": filters,
        "unit": selectors.filter_unit(request.user, filters.unit),
        "unit_options": unit_choices(request.user, Action.VIEW),
        "kinds": KIND_CHOICES[record].choices if record in KIND_CHOICES else None,
        "can_add": scope.allows_anywhere(action_for(record)), "query": params.urlencode(),
    }  # fmt: skip
    template = "evidence/_table.html" if request.headers.get("HX-Request") else "evidence/list.html"
    return render(request, template, context)


def _form(request, record: str, instance=None):
    action = action_for(record)
    members = Member.objects.visible_to(request.user, action)
    return FORMS[record](request.POST or None, request.FILES or None, instance=instance,
                         unit_options=unit_choices(request.user, action), members=members)  # fmt: skip


def _form_page(request, form, title: str, cancel_url: str):
    return render(request, "core/form_page.html", {"form": form, "title": title, "cancel_url": cancel_url})


@login_required
@require_http_methods(["GET", "POST"])
def record_create(request, record: str):
    record = _record_kind(record)
    require_action_somewhere(request.user, action_for(record))
    form = _form(request, record)
    if form.is_valid():
        create = SERVICES[record][0]
        try:
            obj = create(by=request.user, **form.service_fields())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Đã ghi «{obj}».").format(obj=obj))
            if record == "activities":
                return redirect("evidence:activity", obj.pk)
            return redirect(_list_url(record))
    return _form_page(request, form, _("Thêm: {title}").format(title=TITLES[record]), _list_url(record))


@login_required
@require_http_methods(["GET", "POST"])
def record_edit(request, record: str, pk: int):
    record = _record_kind(record)
    obj = _obj(request, record, pk, action_for(record))
    form = _form(request, record, instance=obj)
    if form.is_valid():
        update, name = SERVICES[record][1], SERVICES[record][3]
        try:
            update(**{name: obj}, **form.service_fields())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Đã lưu."))
            return redirect(_list_url(record))
    return _form_page(request, form, _("Sửa: {obj}").format(obj=obj), _list_url(record))


@login_required
@require_POST
def record_delete(request, record: str, pk: int):
    record = _record_kind(record)
    obj = _obj(request, record, pk, action_for(record))
    delete, name = SERVICES[record][2], SERVICES[record][3]
    delete(**{name: obj})
    messages.success(request, _("Đã xóa «{obj}».").format(obj=obj))
    return redirect(_list_url(record))


@login_required
def record_file(request, record: str, pk: int):
    obj = _obj(request, record, pk)
    if not getattr(obj, "file", None):
        raise Http404
    return FileResponse(obj.file.open("rb"), as_attachment=True, filename=obj.file_name or None,
                        content_type=obj.file_type or None)  # fmt: skip


# --- attendance ------------------------------------------------------------------------------------------------------


def _activity(request, pk: int, action: str = Action.VIEW) -> Activity:
    return get_scoped_or_404(Activity.objects.select_related("unit", "movement"), request.user, action, pk=pk)


def _can_mark(request, activity: Activity) -> bool:
    return get_scope(request.user).covers_path(Action.RECORD_EVIDENCE, activity.unit.path)


@login_required
def activity_detail(request, pk: int):
    activity = _activity(request, pk)
    rows = selectors.attendance_rows(activity)
    can_mark = _can_mark(request, activity)
    if not can_mark:  # a member sees only their own line
        own = set(get_scope(request.user).member_ids)
        if not get_scope(request.user).covers_path(Action.VIEW, activity.unit.path):
            rows = [r for r in rows if r.member.pk in own]
    context = {
        "activity": activity,
        "rows": rows,
        "can_mark": can_mark,
        "present": sum(1 for r in rows if r.present),
        "marked": sum(1 for r in rows if r.present is not None),
    }
    return render(request, "evidence/activity.html", context)  # fmt: skip


@login_required
@require_POST
def attendance_save(request, pk: int):
    """The bulk form: every listed member, checked = present, unchecked = absent."""
    activity = _activity(request, pk, Action.RECORD_EVIDENCE)
    listed = {int(v) for v in request.POST.getlist("member") if v.isdigit()}
    present = {int(v) for v in request.POST.getlist("present") if v.isdigit()} & listed
    try:
        counts = services.attendance_mark(activity=activity, present=present, absent=listed - present,
                                          by=request.user)  # fmt: skip
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã điểm danh: {p} có mặt, {a} vắng.").format(p=counts[0], a=counts[1]))
    return redirect("evidence:activity", activity.pk)


@login_required
@require_POST
def attendance_toggle(request, pk: int, member_pk: int):
    """One check box (htmx): saves at once and answers with the row."""
    activity = _activity(request, pk, Action.RECORD_EVIDENCE)
    member = services.invitees(activity).filter(pk=member_pk).select_related("unit").first()
    if member is None:
        raise Http404
    present = request.POST.get("checked") == "1"
    services.attendance_set(activity=activity, member=member, present=present, by=request.user)
    row = selectors.AttendanceRow(member, present)
    return render(request, "evidence/_attendance_row.html", {"activity": activity, "row": row, "can_mark": True})


@login_required
@require_http_methods(["GET", "POST"])
def attendance_upload(request, pk: int):
    activity = _activity(request, pk, Action.RECORD_EVIDENCE)
    form = AttendanceUploadForm(request.POST or None, request.FILES or None)
    result = None
    if form.is_valid():
        upload = form.cleaned_data["file"]
        suffix = pathlib.Path(upload.name).suffix.lower()
        with tempfile.NamedTemporaryFile(suffix=suffix) as stored:
            for chunk in upload.chunks():
                stored.write(chunk)
            stored.flush()
            result = attendance_import(activity=activity, path=pathlib.Path(stored.name), filename=upload.name,
                                       by=request.user)  # fmt: skip
        if result.committed:
            messages.success(request, _("Đã nhập điểm danh: {p} có mặt, {a} vắng.").format(
                p=result.present, a=result.absent))  # fmt: skip
            return redirect("evidence:activity", activity.pk)
    return render(request, "evidence/attendance_import.html", {"activity": activity, "form": form, "result": result})


@login_required
def attendance_sheet(request, pk: int):
    """The sign-in sheet of an activity (the import's format), to print or to fill in and import."""
    activity = _activity(request, pk, Action.RECORD_EVIDENCE)
    rows = selectors.attendance_rows(activity)
    return xlsx_response(lambda handle: write_attendance_sheet(activity, rows, handle),
                         f"diem-danh-{activity.pk}.xlsx")  # fmt: skip
