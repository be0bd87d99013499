import json

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
from thidua.organizations.models import Unit
from thidua.organizations.selectors import unit_choices
from thidua.rules import selectors, services
from thidua.rules.forms import EntryForm, PackCloneForm
from thidua.rules.models import RuleEntry, RulePack


@login_required
def pack_list(request):
    scope = get_scope(request.user)
    return render(request, "rules/list.html", {"packs": selectors.packs_visible(request.user),
                                               "can_clone": scope.allows_anywhere(Action.MANAGE_RULES)})  # fmt: skip


@login_required
def pack_detail(request, pk: int):
    pack = get_scoped_or_404(RulePack.objects.select_related("owner", "based_on"), request.user, pk=pk)
    can_edit = (
        not pack.shipped and RulePack.objects.visible_to(request.user, Action.MANAGE_RULES).filter(pk=pk).exists()
    )
    context = {"pack": pack, "groups": selectors.pack_entries(pack), "can_edit": can_edit,
               "can_clone": get_scope(request.user).allows_anywhere(Action.MANAGE_RULES)}  # fmt: skip
    return render(request, "rules/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def pack_clone(request, pk: int):
    pack = get_scoped_or_404(RulePack.objects.all(), request.user, pk=pk)
    require_action_somewhere(request.user, Action.MANAGE_RULES)
    form = PackCloneForm(request.POST or None, initial={"effective_from": pack.effective_from})
    form.fields["owner"].set_options(unit_choices(request.user, Action.MANAGE_RULES))
    if form.is_valid():
        data = form.cleaned_data
        owner = get_scoped_or_404(Unit.objects.all(), request.user, Action.MANAGE_RULES, pk=data.pop("owner").pk)
        try:
            clone = services.pack_clone(pack=pack, owner=owner, **data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Đã sao bộ quy tắc cho {unit}.").format(unit=owner.name))
            return redirect("rules:detail", clone.pk)
    title = _("Sao bộ quy tắc «{name}» cho đơn vị").format(name=pack.name)
    return render(request, "core/form_page.html", {"form": form, "title": title,
                                                   "cancel_url": reverse("rules:detail", args=[pack.pk])})  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request, pk: int):
    entry = get_scoped_or_404(RuleEntry.objects.select_related("pack"), request.user, Action.MANAGE_RULES, pk=pk)
    initial = {"value": json.dumps(entry.value, ensure_ascii=False, indent=2), "citation": entry.citation,
               "unverified": entry.unverified, "note": entry.note, "effective_to": entry.effective_to}  # fmt: skip
    form = EntryForm(request.POST or None, initial=initial)
    if form.is_valid():
        try:
            services.entry_update(entry=entry, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Đã lưu «{name}».").format(name=entry.name))
            return redirect("rules:detail", entry.pack_id)
    title = _("Sửa «{name}»").format(name=entry.name)
    cancel_url = reverse("rules:detail", args=[entry.pack_id])
    return render(request, "core/form_page.html", {"form": form, "title": title, "intro": entry.key,
                                                   "cancel_url": cancel_url})  # fmt: skip
