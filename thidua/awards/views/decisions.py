"""Pages of award decisions: the list, issuing a decision for the items addressed to a unit (with the items not
awarded, and why), and a decision with its annexed list of awardees and rewards. Issuing needs ``confer_awards`` on
the issuing unit; the Word/PDF decision and certificates are on the documents page of the decision."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thidua.awards import selectors, services
from thidua.awards.forms_proposals import DecisionForm
from thidua.awards.models import CouncilSession, Decision
from thidua.core.forms import apply_validation_error
from thidua.core.permissions import get_scoped_or_404, require_action_somewhere
from thidua.core.roles import Action
from thidua.core.scope import get_scope
from thidua.organizations.models import Unit
from thidua.organizations.selectors import scope_top_units


@login_required
def decision_list(request):
    require_action_somewhere(request.user, Action.VIEW)
    year = request.GET.get("year")
    qs = selectors.decisions_visible(request.user, year=int(year) if year and year.isdigit() else None)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "awards/decisions/list.html", {
        "page": page, "year": year or "",
        "can_issue": get_scope(request.user).allows_anywhere(Action.CONFER_AWARDS)})  # fmt: skip


def _issuers(user) -> list[Unit]:
    scope = get_scope(user)
    tops = [u for u in scope_top_units(user) if scope.covers_path(Action.CONFER_AWARDS, u.path)]
    return tops + list(Unit.objects.filter(parent__in=tops, closed_on=None).order_by("name")[:200])


@login_required
@require_http_methods(["GET", "POST"])
def decision_create(request):
    require_action_somewhere(request.user, Action.CONFER_AWARDS)
    raw = request.GET.get("unit") or request.POST.get("unit")
    if not raw:
        return render(request, "awards/decisions/choose_unit.html", {"units": _issuers(request.user)})
    issuer = get_scoped_or_404(Unit.objects, request.user, Action.CONFER_AWARDS, pk=raw)
    candidates = list(selectors.decidable_items(issuer)[:500])
    form = DecisionForm(request.POST or None, initial={"decided_on": selectors.today()})
    chosen = {int(i) for i in request.POST.getlist("award") if i.isdigit()}
    rejected = {int(i) for i in request.POST.getlist("reject") if i.isdigit()} - chosen
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        sessions = {si.session_id for item in candidates if item.pk in chosen for si in item.closed_votes}
        try:
            decision = services.decision_issue(
                issuer=issuer, items=[i for i in candidates if i.pk in chosen],
                reject_items=[i for i in candidates if i.pk in rejected], by=request.user,
                session=CouncilSession.objects.filter(pk=sessions.pop()).first() if len(sessions) == 1 else None,
                **data,
            )  # fmt: skip
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Đã ban hành quyết định số {symbol}.").format(symbol=decision.symbol))
            return redirect("awards:decision_detail", pk=decision.pk)
    return render(request, "awards/decisions/create.html", {
        "issuer": issuer, "form": form, "candidates": candidates, "chosen": chosen, "rejected": rejected},
        status=400 if form.errors else 200)  # fmt: skip


@login_required
def decision_detail(request, pk: int):
    decision = get_scoped_or_404(Decision.objects.select_related("issuer", "session", "proposal"), request.user, pk=pk)
    return render(request, "awards/decisions/detail.html", {"decision": decision,
                                                            "annex": selectors.decision_annex(decision)})  # fmt: skip


urlpatterns = [
    path("decisions/", decision_list, name="decisions"),
    path("decisions/new/", decision_create, name="decision_create"),
    path("decisions/<int:pk>/", decision_detail, name="decision_detail"),
]
