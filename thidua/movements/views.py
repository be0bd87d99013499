"""Movement pages: list, plan (content, criteria, phases, targets with progress), forms, launch and reviews, the
subtree target dashboard, adoption, and registration. Each handler fetches through the scope, validates with a form,
calls one service and renders."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods

from thidua.core.forms import apply_validation_error
from thidua.core.permissions import get_scoped_or_404, require_action_somewhere
from thidua.core.roles import Action
from thidua.core.scope import get_scope
from thidua.core.spreadsheets import xlsx_response
from thidua.movements import forms, selectors, services
from thidua.movements.choices import MovementStatus, ProgressStatus
from thidua.movements.exports import write_registrations_xlsx
from thidua.movements.models import (
    ContentGroup,
    ContentItem,
    Criterion,
    Movement,
    Phase,
    Registration,
    Standard,
    Target,
)
from thidua.movements.progress import applicable_units, scope_roots
from thidua.organizations.models import Cluster, Unit
from thidua.organizations.selectors import unit_choices

MANAGE = Action.MANAGE_MOVEMENTS


def _form_page(request, form, *, title: str, cancel_url: str, intro: str = "", submit_label: str = ""):
    return render(request, "core/form_page.html", {"form": form, "title": title, "cancel_url": cancel_url,
                                                   "intro": intro, "submit_label": submit_label})  # fmt: skip


def _movement(request, pk: int, action: str = Action.VIEW) -> Movement:
    return get_scoped_or_404(Movement.objects.select_related("unit", "parent"), request.user, action, pk=pk)


def _part(request, model, pk: int, movement_lookup: str, action: str = MANAGE):
    """A part of a plan (group, item, criterion, phase, target) and its movement, checked on the movement."""
    obj = get_object_or_404(model, pk=pk)
    movement_id = obj
    for attr in movement_lookup.split("."):
        movement_id = getattr(movement_id, attr)
    return obj, _movement(request, movement_id, action)


def _int(value) -> int | None:
    return int(value) if value and str(value).isdigit() else None


def _detail_url(movement: Movement) -> str:
    return reverse("movements:detail", args=[movement.pk])


def _saved(request, form, call, success: str, url: str):
    """Run a service call for a valid form: errors go back onto the form's fields, success redirects."""
    try:
        result = call()
    except ValidationError as error:
        apply_validation_error(form, error)
        return None
    messages.success(request, success)
    return redirect(url(result) if callable(url) else url)


def _scope_options(user):
    return unit_choices(user, Action.VIEW)


# --- list and plan ----------------------------------------------------------------------------------------------------


@login_required
def movement_list(request):
    filters = selectors.MovementFilters.from_query(request.GET)
    page = Paginator(selectors.movement_list(request.user, filters), settings.THIDUA_PAGE_SIZE).get_page(
        request.GET.get("page"))  # fmt: skip
    context = {"page": page, "filters": filters, "statuses": MovementStatus.choices,
               "can_create": get_scope(request.user).allows_anywhere(MANAGE)}  # fmt: skip
    return render(request, "movements/list.html", context)


@login_required
def detail(request, pk: int):
    movement = _movement(request, pk)
    scope = get_scope(request.user)
    context = {
        "movement": movement,
        "groups": selectors.content_groups(movement),
        "versions": selectors.criteria_versions(movement),
        "phases": selectors.phases_with_snapshots(movement),
        "lines": selectors.target_lines(movement),
        "roots": movement.scope_units.all(),
        "can_manage": scope.covers_path(MANAGE, movement.unit.path),
        "can_view_units": scope.allows_anywhere(Action.VIEW),
        "can_register": movement.status != MovementStatus.DRAFT and selectors.can_register(request.user, movement),
        # Offered to the units below (and to the issuer when the plan asks a level to make its own plans).
        "can_adopt": movement.status in (MovementStatus.LAUNCHED, MovementStatus.MIDTERM_REVIEWED)
        and (bool(movement.adopter_kind) or not scope.covers_path(MANAGE, movement.unit.path))
        and selectors.adoptable_units(request.user, movement).exists(),
        "adoptions": movement.adoptions.select_related("unit").order_by("unit__name"),
        "registered": selectors.chain_registrations(movement).filter(member__isnull=False).count(),
    }
    return render(request, "movements/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    require_action_somewhere(request.user, MANAGE)
    form = forms.MovementForm(request.POST or None, unit_options=unit_choices(request.user, MANAGE),
                              scope_options=_scope_options(request.user), clusters=_clusters(request.user),
                              initial={"kind": "annual", "scope_kind": "subtree"})  # fmt: skip
    if form.is_valid():
        data = _movement_data(request, form)
        unit = get_scoped_or_404(Unit.objects.all(), request.user, MANAGE, pk=data.pop("unit").pk)
        page = _saved(request, form, lambda: services.movement_create(unit=unit, by=request.user, **data),
                      _("Đã tạo dự thảo kế hoạch."), _detail_url)  # fmt: skip
        if page:
            return page
    return _form_page(request, form, title=_("Xây dựng kế hoạch phong trào thi đua"),
                      cancel_url=reverse("movements:list"))  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    movement = _movement(request, pk, MANAGE)
    initial = {f: getattr(movement, f) for f in ("title", "plan_number", "issued_on", "signer", "signer_title", "kind",
               "starts_on", "ends_on", "theme", "purpose", "scope_kind", "cluster", "adopter_kind",
               "registration_opens_on", "registration_closes_on")}  # fmt: skip
    initial["scope_units"] = [u.pk for u in movement.scope_units.all()]
    form = forms.MovementForm(request.POST or None, initial=initial, editing=movement,
                              scope_options=_scope_options(request.user), clusters=_clusters(request.user))  # fmt: skip
    if form.is_valid():
        data = _movement_data(request, form)
        page = _saved(request, form, lambda: services.movement_update(movement=movement, by=request.user, **data),
                      _("Đã lưu."), _detail_url(movement))  # fmt: skip
        if page:
            return page
    return _form_page(request, form, title=_("Sửa kế hoạch «{title}»").format(title=movement.title),
                      cancel_url=_detail_url(movement))  # fmt: skip


def _clusters(user):
    return Cluster.objects.visible_to(user).order_by("-year", "name")[:200]


def _movement_data(request, form) -> dict:
    data = dict(form.cleaned_data)
    if "scope_units" in data:
        ids = data.pop("scope_units") or []
        data["scope_units"] = list(Unit.objects.visible_to(request.user).filter(pk__in=ids)) if ids else None
    if "cluster" in data:
        cluster_id = data.pop("cluster")
        data["cluster"] = Cluster.objects.visible_to(request.user).filter(pk=cluster_id).first() if cluster_id else None
    return data


@login_required
@require_http_methods(["GET", "POST"])
def from_template(request):
    require_action_somewhere(request.user, MANAGE)
    templates = services.templates_available()
    form = forms.TemplateForm(
        request.POST or None,
        templates=templates,
        unit_options=unit_choices(request.user, MANAGE),
        initial={"year": timezone.localdate().year},
    )
    if form.is_valid():
        data = form.cleaned_data
        unit = get_scoped_or_404(Unit.objects.all(), request.user, MANAGE, pk=data["unit"].pk)
        page = _saved(
            request,
            form,
            lambda: services.movement_from_template(
                key=data["template"],
                unit=unit,
                year=data["year"],
                by=request.user,
                plan_number=data["plan_number"] or None,
                issued_on=data["issued_on"],
                signer=data["signer"] or None,
                launch=data["launch"],
            ),
            _("Đã tạo kế hoạch từ mẫu."),
            _detail_url,
        )
        if page:
            return page
    return render(request, "movements/from_template.html", {"form": form, "templates": templates})


@login_required
@require_http_methods(["GET", "POST"])
def transition(request, pk: int, action: str):
    """Confirm and run a lifecycle step: launch, close, or recompute the progress."""
    movement = _movement(request, pk, MANAGE)
    steps = {
        "launch": (_("Phát động phong trào"), lambda: services.movement_launch(movement=movement, by=request.user),
                   _("Đã phát động phong trào.")),
        "close": (_("Kết thúc phong trào"), lambda: services.movement_close(movement=movement, by=request.user),
                  _("Phong trào đã kết thúc.")),
        "recompute": (_("Tính lại tiến độ các chỉ tiêu"),
                      lambda: services.movement_recompute_progress(movement=movement), _("Đã tính lại tiến độ.")),
    }  # fmt: skip
    title, call, done = steps[action]
    errors: list[str] = []
    if request.method == "POST":
        try:
            call()
        except ValidationError as error:
            errors = [m for messages_ in error.message_dict.values() for m in messages_] if hasattr(
                error, "error_dict") else error.messages  # fmt: skip
        else:
            messages.success(request, done)
            return redirect(_detail_url(movement))
    return render(request, "movements/confirm.html", {"movement": movement, "title": title, "errors": errors})


# --- content, criteria, phases, targets -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def group_add(request, pk: int):
    movement = _movement(request, pk, MANAGE)
    form = forms.ContentGroupForm(request.POST or None)
    if form.is_valid():
        page = _saved(request, form, lambda: services.content_group_add(movement=movement, **form.cleaned_data),
                      _("Đã thêm phần nội dung."), _detail_url(movement) + "#noi-dung")  # fmt: skip
        if page:
            return page
    return _form_page(request, form, title=_("Thêm phần nội dung thi đua"), cancel_url=_detail_url(movement))


@login_required
@require_http_methods(["GET", "POST"])
def item_add(request, pk: int):
    group, movement = _part(request, ContentGroup, pk, "movement_id")
    form = forms.TextForm(request.POST or None)
    if form.is_valid():
        page = _saved(request, form, lambda: services.content_item_add(group=group, text=form.cleaned_data["text"]),
                      _("Đã thêm nội dung thi đua."), _detail_url(movement) + "#noi-dung")  # fmt: skip
        if page:
            return page
    return _form_page(request, form, title=_("Thêm nội dung vào «{group}»").format(group=group.name),
                      cancel_url=_detail_url(movement))  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def standard_add(request, pk: int):
    item, movement = _part(request, ContentItem, pk, "group.movement_id")
    form = forms.TextForm(request.POST or None)
    form.fields["text"].label = _("Tiêu chuẩn")
    if form.is_valid():
        page = _saved(request, form, lambda: services.standard_add(item=item, text=form.cleaned_data["text"]),
                      _("Đã thêm tiêu chuẩn."), _detail_url(movement) + "#noi-dung")  # fmt: skip
        if page:
            return page
    return _form_page(request, form, title=_("Thêm tiêu chuẩn"), intro=item.text, cancel_url=_detail_url(movement))


def _items(movement: Movement):
    return ContentItem.objects.filter(group__movement=movement).order_by("group__order", "order", "pk")


@login_required
@require_http_methods(["GET", "POST"])
def criterion_add(request, pk: int):
    movement = _movement(request, pk, MANAGE)
    form = forms.CriterionForm(request.POST or None, items=_items(movement))
    if form.is_valid():
        data = _criterion_data(movement, form)
        page = _saved(request, form, lambda: services.criterion_add(movement=movement, by=request.user, **data),
                      _("Đã thêm tiêu chí."), _detail_url(movement) + "#tieu-chi")  # fmt: skip
        if page:
            return page
    return _form_page(request, form, title=_("Thêm tiêu chí"), cancel_url=_detail_url(movement))


@login_required
@require_http_methods(["GET", "POST"])
def criterion_edit(request, pk: int):
    criterion, movement = _part(request, Criterion, pk, "version.movement_id")
    initial = {f: getattr(criterion, f) for f in ("code", "name", "max_points", "method", "metric_key", "metric_params",
                                                  "target_value", "deduction_points")}  # fmt: skip
    initial["item"] = criterion.item_id
    form = forms.CriterionForm(request.POST or None, items=_items(movement), initial=initial)
    if form.is_valid():
        data = _criterion_data(movement, form)
        page = _saved(request, form, lambda: services.criterion_update(criterion=criterion, by=request.user, **data),
                      _("Đã lưu tiêu chí."), _detail_url(movement) + "#tieu-chi")  # fmt: skip
        if page:
            return page
    return _form_page(request, form, title=_("Sửa tiêu chí «{name}»").format(name=criterion.name),
                      cancel_url=_detail_url(movement))  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def criterion_remove(request, pk: int):
    criterion, movement = _part(request, Criterion, pk, "version.movement_id")
    form = forms.ReasonForm(request.POST or None)
    if form.is_valid():
        page = _saved(request, form, lambda: services.criterion_remove(criterion=criterion, by=request.user,
                                                                       reason=form.cleaned_data["reason"]),
                      _("Đã bỏ tiêu chí."), _detail_url(movement) + "#tieu-chi")  # fmt: skip
        if page:
            return page
    return _form_page(request, form, title=_("Bỏ tiêu chí «{name}»").format(name=criterion.name),
                      cancel_url=_detail_url(movement), submit_label=_("Bỏ tiêu chí"))  # fmt: skip


def _criterion_data(movement: Movement, form) -> dict:
    data = dict(form.cleaned_data)
    item_id = data.pop("item")
    data["item"] = _items(movement).filter(pk=item_id).first() if item_id else None
    return data


@login_required
@require_http_methods(["GET", "POST"])
def phase_add(request, pk: int):
    movement = _movement(request, pk, MANAGE)
    form = forms.PhaseForm(request.POST or None)
    if form.is_valid():
        page = _saved(request, form, lambda: services.phase_add(movement=movement, **form.cleaned_data),
                      _("Đã thêm đợt thi đua."), _detail_url(movement) + "#cac-dot")  # fmt: skip
        if page:
            return page
    return _form_page(request, form, title=_("Thêm đợt thi đua"), cancel_url=_detail_url(movement))


@login_required
@require_http_methods(["GET", "POST"])
def phase_edit(request, pk: int):
    phase, movement = _part(request, Phase, pk, "movement_id")
    initial = {
        f: getattr(phase, f) for f in ("name", "starts_on", "ends_on", "review_kind", "review_due", "review_note")
    }
    form = forms.PhaseForm(request.POST or None, initial=initial)
    if form.is_valid():
        page = _saved(request, form, lambda: services.phase_update(phase=phase, **form.cleaned_data),
                      _("Đã lưu."), _detail_url(movement) + "#cac-dot")  # fmt: skip
        if page:
            return page
    return _form_page(
        request, form, title=_("Sửa «{phase}»").format(phase=phase.name), cancel_url=_detail_url(movement)
    )


@login_required
@require_http_methods(["GET", "POST"])
def phase_review(request, pk: int):
    phase, movement = _part(request, Phase, pk, "movement_id")
    form = forms.ReviewForm(request.POST or None)
    if form.is_valid():
        page = _saved(
            request,
            form,
            lambda: services.phase_review(phase=phase, by=request.user, on=form.cleaned_data["on"]),
            _("Đã chốt số liệu {phase}.").format(phase=phase.name),
            _detail_url(movement) + "#cac-dot",
        )
        if page:
            return page
    kind = phase.get_review_kind_display().lower()
    intro = _("Chốt tiến độ của mọi chỉ tiêu tại ngày chọn để làm báo cáo {kind}; số liệu đã chốt không thay đổi "
              "khi dữ liệu thay đổi sau đó.").format(kind=kind)  # fmt: skip
    return _form_page(request, form, title=_("{kind} «{phase}»").format(kind=phase.get_review_kind_display(),
                                                                        phase=phase.name),
                      intro=intro, cancel_url=_detail_url(movement), submit_label=_("Chốt số liệu"))  # fmt: skip


def _target_form(request, movement: Movement, *, initial=None):
    return forms.TargetForm(request.POST or None, items=_items(movement),
                            unit_options=_units_in_scope(request.user, movement), initial=initial)  # fmt: skip


def _units_in_scope(user, movement: Movement):
    roots = scope_roots(movement)
    inside = set()
    for root in roots:
        inside |= set(Unit.objects.filter(path__startswith=root.path).values_list("pk", flat=True)[:2000])
    return [o for o in unit_choices(user, Action.VIEW) if o.pk in inside]


def _target_data(request, form) -> dict:
    data = dict(form.cleaned_data)
    ids = data.pop("applies_units") or []
    data["applies_units"] = list(Unit.objects.visible_to(request.user).filter(pk__in=ids))
    item_id = data.pop("content_item")
    data["content_item"] = ContentItem.objects.filter(pk=item_id).first() if item_id else None
    return data


@login_required
@require_http_methods(["GET", "POST"])
def target_add(request, pk: int):
    movement = _movement(request, pk, MANAGE)
    form = _target_form(request, movement, initial={"deadline": movement.ends_on, "kind": "share"})
    if form.is_valid():
        data = _target_data(request, form)
        page = _saved(request, form, lambda: services.target_add(movement=movement, by=request.user, **data),
                      _("Đã thêm chỉ tiêu."), _detail_url(movement) + "#chi-tieu")  # fmt: skip
        if page:
            return page
    return _form_page(request, form, title=_("Thêm chỉ tiêu"), cancel_url=_detail_url(movement))


@login_required
@require_http_methods(["GET", "POST"])
def target_edit(request, pk: int):
    target, movement = _part(request, Target, pk, "movement_id")
    fields = ("name", "kind", "source", "comparison", "target_min", "target_max", "metric_key", "metric_params",
              "population_key", "population_params", "period_start", "deadline", "applies_to", "applies_kind",
              "mandatory")  # fmt: skip
    initial = {f: getattr(target, f) for f in fields}
    initial.update(content_item=target.content_item_id, applies_units=[u.pk for u in target.applies_units.all()])
    form = _target_form(request, movement, initial=initial)
    if form.is_valid():
        data = _target_data(request, form)
        page = _saved(request, form, lambda: services.target_update(target=target, by=request.user, **data),
                      _("Đã lưu chỉ tiêu."), _detail_url(movement) + "#chi-tieu")  # fmt: skip
        if page:
            return page
    intro = _("Chỉ tiêu bắt buộc của kế hoạch cấp trên: chỉ được nâng mức, không được hạ.") if (
        target.parent_target_id and target.parent_target.mandatory) else ""  # fmt: skip
    return _form_page(request, form, title=_("Sửa chỉ tiêu"), intro=intro, cancel_url=_detail_url(movement))


@login_required
@require_http_methods(["GET", "POST"])
def target_manual(request, pk: int):
    """Enter the value of a manual target for a unit the user manages, with its evidence file."""
    target, movement = _part(request, Target, pk, "movement_id", Action.VIEW)
    scope = get_scope(request.user)
    refs = applicable_units(movement, [target])[target.pk]
    units = [u for u in Unit.objects.filter(pk__in=[r.pk for r in refs]).order_by("name")
             if scope.covers_path(MANAGE, u.path)]  # fmt: skip
    if not units:
        raise PermissionDenied
    form = forms.ManualValueForm(request.POST or None, request.FILES or None, units=units)
    if form.is_valid():
        data = form.cleaned_data
        unit = next(u for u in units if u.pk == data["unit"])
        page = _saved(request, form, lambda: services.manual_value_record(
            target=target, unit=unit, value=data["value"], evidence=data["evidence"], note=data["note"],
            by=request.user), _("Đã ghi số liệu."), _detail_url(movement) + "#chi-tieu")  # fmt: skip
        if page:
            return page
    return _form_page(
        request, form, title=_("Nhập số liệu chỉ tiêu"), intro=target.name, cancel_url=_detail_url(movement)
    )


# --- dashboard and adoption -------------------------------------------------------------------------------------------


def _require_unit_view(request) -> None:
    """Unit-level pages (dashboard, adoption, registration lists) need a role that reads units, not only a member's."""
    if not get_scope(request.user).allows_anywhere(Action.VIEW):
        raise PermissionDenied


@login_required
def dashboard(request, pk: int):
    movement = _movement(request, pk)
    _require_unit_view(request)
    node = selectors.dashboard_node(movement, request.user, _int(request.GET.get("unit")))
    board = selectors.target_dashboard(movement, node, user=request.user, page=request.GET.get("page"))
    return render(request, "movements/dashboard.html", {"movement": movement, "board": board,
                                                        "statuses": ProgressStatus})  # fmt: skip


@login_required
def adoptions(request, pk: int):
    movement = _movement(request, pk)
    _require_unit_view(request)
    return render(request, "movements/adoptions.html", {"movement": movement,
                                                        "overview": selectors.adoption_overview(movement)})  # fmt: skip


def _adoptable_units(user, movement: Movement):
    ids = set(selectors.adoptable_units(user, movement).values_list("pk", flat=True))
    return [o for o in unit_choices(user, MANAGE) if o.pk in ids] if ids else []


@login_required
@require_http_methods(["GET", "POST"])
def adopt(request, pk: int):
    movement = _movement(request, pk)
    options = _adoptable_units(request.user, movement)
    if not options:
        raise PermissionDenied
    form = forms.AdoptForm(request.POST or None)
    form.fields["unit"].set_options(options)
    if form.is_valid():
        data = form.cleaned_data
        page = _saved(
            request,
            form,
            lambda: services.movement_adopt(parent=movement, by=request.user, **data),
            _("Đã tạo dự thảo kế hoạch cụ thể hóa; hãy điều chỉnh chỉ tiêu rồi phát động."),
            _detail_url,
        )
        if page:
            return page
    intro = _("Kế hoạch của đơn vị kế thừa nội dung, tiêu chí, các đợt và chỉ tiêu của «{title}»; chỉ tiêu bắt buộc "
              "chỉ được nâng, không được hạ.").format(title=movement.title)  # fmt: skip
    return _form_page(request, form, title=_("Xây dựng kế hoạch cụ thể hóa"), intro=intro,
                      cancel_url=_detail_url(movement))  # fmt: skip


# --- registration -----------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def register(request, pk: int):
    """The registration page (made for a phone): the member's own pledge, and a chair's collectives."""
    movement = _movement(request, pk)
    rights = selectors.registration_rights(request.user, movement)
    if rights.member is None and not rights.collectives:
        raise PermissionDenied
    today = timezone.localdate()
    mine = Registration.objects.filter(movement=movement, member=rights.member).first() if rights.member else None
    subject = request.POST.get("subject")
    own_titles = services.available_titles(movement=movement, subject="individual",
                                           unit=rights.member.unit if rights.member else None)  # fmt: skip
    form = forms.RegistrationForm(
        request.POST if subject == "individual" else None,
        titles=own_titles,
        initial={"title_code": mine.title_code, "commitments": mine.commitments} if mine else None,
        prefix="own",
    )
    group_form = forms.CollectiveRegistrationForm(
        request.POST if subject == "collective" else None, units=rights.collectives, prefix="group",
        titles=services.available_titles(movement=movement, subject="collective"))  # fmt: skip
    if subject == "individual" and rights.member and form.is_valid():
        page = _saved(request, form, lambda: services.registration_submit(
            movement=movement, subject="individual", member=rights.member, by=request.user, **form.cleaned_data),
            _("Đã ghi đăng ký thi đua của bạn."), reverse("movements:register", args=[movement.pk]))  # fmt: skip
        if page:
            return page
    if subject == "collective" and rights.collectives and group_form.is_valid():
        data = dict(group_form.cleaned_data)
        unit_id = data.pop("unit")
        unit = next(u for u in rights.collectives if u.pk == unit_id)
        page = _saved(request, group_form, lambda: services.registration_submit(
            movement=movement, subject="collective", unit=unit, by=request.user, **data),
            _("Đã ghi đăng ký của tập thể «{unit}».").format(unit=unit.name),
            reverse("movements:register", args=[movement.pk]))  # fmt: skip
        if page:
            return page
    collective = Registration.objects.filter(movement=movement, unit__in=rights.collectives, subject="collective")
    context = {"movement": movement, "rights": rights, "form": form, "group_form": group_form, "mine": mine,
               "closed": services.registration_window_error(movement, today),
               "collective": collective.select_related("unit")}  # fmt: skip
    return render(request, "movements/register.html", context)


@login_required
def registrations(request, pk: int):
    """Who registered and who has not, for a unit in the user's scope (a chair's "chưa đăng ký" list)."""
    movement = _movement(request, pk)
    _require_unit_view(request)
    unit = selectors.registration_unit(movement, request.user, _int(request.GET.get("unit")))
    missing = request.GET.get("show") == "missing"
    rows = selectors.not_registered(movement, unit) if missing else selectors.registration_list(
        request.user, movement, unit=unit)  # fmt: skip
    page = Paginator(rows, settings.THIDUA_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"movement": movement, "unit": unit, "page": page, "missing": missing,
               "missing_count": page.paginator.count if missing else selectors.not_registered(movement, unit).count(),
               "children": unit.children.open().order_by("name"),
               "parent": selectors.registration_parent(movement, request.user, unit)}  # fmt: skip
    return render(request, "movements/registrations.html", context)


@login_required
def registrations_export(request, pk: int):
    movement = _movement(request, pk)
    _require_unit_view(request)
    unit = selectors.registration_unit(movement, request.user, _int(request.GET.get("unit")))
    rows = selectors.registration_list(request.user, movement, unit=unit)
    return xlsx_response(lambda handle: write_registrations_xlsx(rows.iterator(chunk_size=2000), handle),
                         f"dang-ky-thi-dua-{movement.pk}.xlsx")  # fmt: skip


# --- removing parts of a plan, withdrawing a registration -------------------------------------------------------------

# kind in the URL → (model, path to the movement id, service call, the page's title, the anchor on the plan page)
_REMOVABLE = {
    "group": (ContentGroup, "movement_id", lambda obj: services.content_remove(obj=obj),
              _lazy("Xóa phần nội dung «{name}» và các nội dung trong đó"), "#noi-dung"),
    "item": (ContentItem, "group.movement_id", lambda obj: services.content_remove(obj=obj),
             _lazy("Xóa nội dung «{name}»"), "#noi-dung"),
    "standard": (Standard, "item.group.movement_id", lambda obj: services.content_remove(obj=obj),
                 _lazy("Xóa tiêu chuẩn «{name}»"), "#noi-dung"),
    "phase": (Phase, "movement_id", lambda obj: services.phase_remove(phase=obj), _lazy("Xóa đợt «{name}»"),
              "#cac-dot"),
    "target": (Target, "movement_id", lambda obj: services.target_remove(target=obj), _lazy("Xóa chỉ tiêu «{name}»"),
               "#chi-tieu"),
}  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def part_remove(request, kind: str, pk: int):
    """Confirm, then remove a content group, item or standard (draft plans), a phase or a target; the service says
    why when it may not (a reviewed phase, a mandatory target from the upper plan, a launched plan's content)."""
    if kind not in _REMOVABLE:
        raise Http404
    model, lookup, remove, title, anchor = _REMOVABLE[kind]
    obj, movement = _part(request, model, pk, lookup)
    name = getattr(obj, "name", None) or getattr(obj, "text", "")
    errors: list[str] = []
    if request.method == "POST":
        try:
            remove(obj)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("Đã xóa."))
            return redirect(_detail_url(movement) + anchor)
    title = str(title).format(name=Truncator(name).chars(80))
    return render(request, "movements/confirm.html", {"movement": movement, "errors": errors, "title": title})


@login_required
@require_http_methods(["GET", "POST"])
def registration_withdraw(request, pk: int):
    registration = get_object_or_404(Registration.objects.select_related("movement", "member__unit", "unit"), pk=pk)
    selectors.check_withdraw_right(request.user, registration)
    movement = registration.movement
    errors: list[str] = []
    if request.method == "POST":
        try:
            services.registration_withdraw(registration=registration, on=timezone.localdate())
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("Đã rút đăng ký thi đua."))
            return redirect(reverse("movements:register", args=[movement.pk]))
    who = registration.member.full_name if registration.member_id else registration.unit.name
    title = _("Rút đăng ký «{title}» của {who}").format(title=registration.title_name, who=who)
    return render(request, "movements/confirm.html", {"movement": movement, "errors": errors, "title": title})
