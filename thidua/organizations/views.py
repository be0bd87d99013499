from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thidua.core.forms import apply_validation_error
from thidua.core.permissions import get_scoped_or_404, require_action_somewhere
from thidua.core.roles import Action
from thidua.core.scope import get_scope
from thidua.organizations import selectors, services
from thidua.organizations.forms import (
    ClusterForm,
    TermForm,
    UnitCloseForm,
    UnitCreateForm,
    UnitEditForm,
    UnitMoveForm,
)
from thidua.organizations.models import Cluster, Term, Unit


def _form_page(request, form, *, title: str, cancel_url: str, intro: str = "", submit_label: str = ""):
    context = {"form": form, "title": title, "cancel_url": cancel_url, "intro": intro, "submit_label": submit_label}
    return render(request, "core/form_page.html", context)


@login_required
def tree(request):
    return render(request, "organizations/tree.html", {"top_units": selectors.units_at_scope_top(request.user)})


@login_required
def detail(request, pk: int):
    unit = get_scoped_or_404(Unit.objects.all(), request.user, pk=pk)
    scope = get_scope(request.user)
    context = {
        "unit": selectors.with_member_counts([unit])[0],
        "ancestors": [a for a in selectors.unit_ancestors(unit) if scope.covers_path(Action.VIEW, a.path)],
        "children": selectors.unit_children(unit),
        "terms": Term.objects.filter(unit=unit).prefetch_related("positions__member", "positions__unit"),
        "clusters": Cluster.objects.filter(units=unit).select_related("organizer", "leader"),
        "can_manage": scope.covers_path(Action.MANAGE_UNITS, unit.path),
        "can_propose": scope.covers_path(Action.PROPOSE_AWARDS, unit.path),
    }
    return render(request, "organizations/detail.html", context)


@login_required
def children(request, pk: int):
    """The htmx partial that expands one node of the tree."""
    unit = get_scoped_or_404(Unit.objects.all(), request.user, pk=pk)
    depth = int(request.GET.get("depth", "1"))
    return render(request, "organizations/_tree_rows.html", {"units": selectors.unit_children(unit), "depth": depth})


@login_required
@require_http_methods(["GET", "POST"])
def create_child(request, pk: int):
    parent = get_scoped_or_404(Unit.objects.all(), request.user, Action.MANAGE_UNITS, pk=pk)
    form = UnitCreateForm(request.POST or None)
    if form.is_valid():
        try:
            unit = services.unit_create(parent=parent, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Đã thêm «{name}».").format(name=unit.name))
            return redirect("organizations:detail", unit.pk)
    title = _("Thêm đơn vị trực thuộc «{name}»").format(name=parent.name)
    return _form_page(request, form, title=title, cancel_url=reverse("organizations:detail", args=[parent.pk]))


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    unit = get_scoped_or_404(Unit.objects.all(), request.user, Action.MANAGE_UNITS, pk=pk)
    form = UnitEditForm(request.POST or None, initial={"name": unit.name, "short_name": unit.short_name})
    if form.is_valid():
        try:
            services.unit_update(unit=unit, agency=unit.agency, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Đã lưu."))
            return redirect("organizations:detail", unit.pk)
    title = _("Đổi tên «{name}»").format(name=unit.name)
    return _form_page(request, form, title=title, cancel_url=reverse("organizations:detail", args=[unit.pk]))


@login_required
@require_http_methods(["GET", "POST"])
def move(request, pk: int):
    unit = get_scoped_or_404(Unit.objects.all(), request.user, Action.MANAGE_UNITS, pk=pk)
    form = UnitMoveForm(request.POST or None)
    form.fields["new_parent"].set_options(selectors.unit_choices(request.user, Action.MANAGE_UNITS))
    if form.is_valid():
        try:
            services.unit_move(unit=unit, new_parent=form.cleaned_data["new_parent"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Đã chuyển «{name}».").format(name=unit.name))
            return redirect("organizations:detail", unit.pk)
    title = _("Chuyển «{name}» sang đơn vị khác").format(name=unit.name)
    intro = _("Toàn bộ đơn vị trực thuộc và đoàn viên đi cùng.")
    return _form_page(request, form, title=title, intro=intro,
                      cancel_url=reverse("organizations:detail", args=[unit.pk]))  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def close(request, pk: int):
    unit = get_scoped_or_404(Unit.objects.all(), request.user, Action.MANAGE_UNITS, pk=pk)
    form = UnitCloseForm(request.POST or None)
    if form.is_valid():
        try:
            count = services.unit_close(unit=unit, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Đã giải thể {count} đơn vị.").format(count=count))
            return redirect("organizations:detail", unit.pk)
    title = _("Giải thể / sáp nhập «{name}»").format(name=unit.name)
    intro = _("Các đơn vị trực thuộc cũng được đóng. Đơn vị còn đoàn viên đang sinh hoạt thì không thể đóng.")
    return _form_page(request, form, title=title, intro=intro,
                      cancel_url=reverse("organizations:detail", args=[unit.pk]))  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def term_create(request, pk: int):
    unit = get_scoped_or_404(Unit.objects.all(), request.user, Action.MANAGE_UNITS, pk=pk)
    form = TermForm(request.POST or None)
    if form.is_valid():
        try:
            services.term_create(unit=unit, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Đã thêm nhiệm kỳ."))
            return redirect("organizations:detail", unit.pk)
    title = _("Thêm nhiệm kỳ cho «{name}»").format(name=unit.name)
    return _form_page(request, form, title=title, cancel_url=reverse("organizations:detail", args=[unit.pk]))


@login_required
def clusters(request):
    year = request.GET.get("year")
    items = selectors.clusters_visible(request.user, int(year) if year and year.isdigit() else None)
    can_create = get_scope(request.user).allows_anywhere(Action.MANAGE_UNITS)
    return render(request, "organizations/clusters.html", {"clusters": items, "year": year, "can_create": can_create})


@login_required
@require_http_methods(["GET", "POST"])
def cluster_create(request):
    require_action_somewhere(request.user, Action.MANAGE_UNITS)
    options = selectors.unit_choices(request.user, Action.MANAGE_UNITS)
    form = ClusterForm(request.POST or None, options=options)
    if form.is_valid():
        data = form.cleaned_data
        units = list(Unit.objects.visible_to(request.user, Action.MANAGE_UNITS).filter(pk__in=data["units"]))
        leader = next((u for u in units if u.pk == data["leader"]), None)
        try:
            cluster = services.cluster_create(name=data["name"], kind=data["kind"], year=data["year"],
                                              organizer=data["organizer"], units=units, leader=leader)  # fmt: skip
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Đã lập «{name}».").format(name=cluster.name))
            return redirect("organizations:clusters")
    return _form_page(request, form, title=_("Lập cụm, khối thi đua"), cancel_url=reverse("organizations:clusters"))
