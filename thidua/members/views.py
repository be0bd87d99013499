from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thidua.core.forms import apply_validation_error
from thidua.core.permissions import get_scoped_or_404, require_action_somewhere
from thidua.core.roles import Action
from thidua.core.scope import get_scope
from thidua.members import selectors, services
from thidua.members.choices import Gender, MemberStatus
from thidua.members.forms import LeaveForm, MemberForm, PositionForm, TransferForm
from thidua.members.models import Member
from thidua.organizations.models import Term, Unit
from thidua.organizations.selectors import unit_choices, unit_filter_options


def _form_page(request, form, *, title: str, cancel_url: str, intro: str = ""):
    return render(request, "core/form_page.html", {"form": form, "title": title, "cancel_url": cancel_url,
                                                   "intro": intro})  # fmt: skip


def _query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@login_required
def member_list(request):
    filters = selectors.MemberFilters.from_query(request.GET)
    qs = selectors.member_list(request.user, filters)
    page = Paginator(qs, settings.THIDUA_PAGE_SIZE).get_page(request.GET.get("page"))
    scope = get_scope(request.user)
    unit = Unit.objects.filter(pk=filters.unit).first() if filters.unit else None
    context = {
        "page": page,
        "filters": filters,
        "unit": unit,
        "unit_options": unit_filter_options(request.user, unit),
        "statuses": MemberStatus.choices,
        "genders": Gender.choices,
        "can_change": scope.allows_anywhere(Action.CHANGE_MEMBERS),
        "query": _query_without_page(request),
    }
    template = "members/_table.html" if request.headers.get("HX-Request") else "members/list.html"
    return render(request, template, context)


@login_required
def member_detail(request, pk: int):
    member = get_scoped_or_404(Member.objects.select_related("unit"), request.user, pk=pk)
    scope = get_scope(request.user)
    context = {
        "member": member,
        "can_change": scope.covers_path(Action.CHANGE_MEMBERS, member.unit.path),
        **selectors.member_detail(member),
    }
    return render(request, "members/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def member_create(request):
    require_action_somewhere(request.user, Action.CHANGE_MEMBERS)
    options = unit_choices(request.user, Action.CHANGE_MEMBERS)
    initial = {"unit": request.GET.get("unit")}
    form = MemberForm(request.POST or None, unit_options=options, initial=initial)
    if form.is_valid():
        try:
            member = services.member_create(**form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Đã thêm đoàn viên {name}.").format(name=member.full_name))
            return redirect("members:detail", member.pk)
    return _form_page(request, form, title=_("Thêm đoàn viên"), cancel_url=reverse("members:list"))


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request, pk: int):
    member = get_scoped_or_404(Member.objects.select_related("unit"), request.user, Action.CHANGE_MEMBERS, pk=pk)
    initial = {f: getattr(member, f) for f in services.MEMBER_FIELDS if f != "unit"}
    form = MemberForm(request.POST or None, initial=initial, editing=True)
    if form.is_valid():
        try:
            services.member_update(member=member, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Đã lưu."))
            return redirect("members:detail", member.pk)
    title = _("Sửa thông tin {name}").format(name=member.full_name)
    return _form_page(request, form, title=title, cancel_url=reverse("members:detail", args=[member.pk]))


@login_required
@require_http_methods(["GET", "POST"])
def member_transfer(request, pk: int):
    member = get_scoped_or_404(Member.objects.select_related("unit"), request.user, Action.CHANGE_MEMBERS, pk=pk)
    form = TransferForm(request.POST or None)
    # A transfer may go anywhere in the system the user can see (the receiving union confirms it in person).
    form.fields["to_unit"].set_options(unit_choices(request.user, Action.VIEW))
    if form.is_valid():
        try:
            services.member_transfer(member=member, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Đã chuyển sinh hoạt cho {name}.").format(name=member.full_name))
            return redirect("members:detail", member.pk)
    title = _("Chuyển sinh hoạt: {name}").format(name=member.full_name)
    intro = _("Đang sinh hoạt tại {unit}.").format(unit=member.unit.name)
    return _form_page(request, form, title=title, intro=intro,
                      cancel_url=reverse("members:detail", args=[member.pk]))  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def member_leave(request, pk: int):
    member = get_scoped_or_404(Member.objects.select_related("unit"), request.user, Action.CHANGE_MEMBERS, pk=pk)
    form = LeaveForm(request.POST or None)
    if form.is_valid():
        try:
            services.member_leave(member=member, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Đã ghi nhận {name} thôi sinh hoạt.").format(name=member.full_name))
            return redirect("members:detail", member.pk)
    title = _("Thôi sinh hoạt: {name}").format(name=member.full_name)
    return _form_page(request, form, title=title, cancel_url=reverse("members:detail", args=[member.pk]))


@login_required
@require_http_methods(["GET", "POST"])
def position_assign(request, term_pk: int):
    """Record who holds which office (chair, vice-chair, BCH member, group leader) for a term."""
    term = get_scoped_or_404(Term.objects.select_related("unit"), request.user, Action.MANAGE_UNITS, pk=term_pk)
    members = Member.objects.active().in_subtree(term.unit).in_name_order()
    units = [o for o in unit_choices(request.user, Action.VIEW) if o.pk in
             set(Unit.objects.subtree(term.unit).values_list("pk", flat=True))]  # fmt: skip
    form = PositionForm(request.POST or None, members=members, unit_options=units)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.position_assign(term=term, member=members.get(pk=data["member"]), role=data["role"],
                                     unit=data["unit"], starts_on=data["starts_on"])  # fmt: skip
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Đã ghi chức danh."))
            return redirect("organizations:detail", term.unit_id)
    title = _("Ghi chức danh – {unit}, nhiệm kỳ {term}").format(unit=term.unit.name, term=term.name)
    return _form_page(request, form, title=title, cancel_url=reverse("organizations:detail", args=[term.unit_id]))
