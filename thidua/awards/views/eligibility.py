"""Eligibility pages: a person or a collective judged for every title of the pack in a year, with each condition and
the records behind it; and the list of who in a unit's subtree is eligible for one title.

A person's page needs ``view`` on the member (a member sees their own); a collective's page and the list need
``propose_awards`` on the unit (they name members' disciplines and ratings, and serve to prepare proposals)."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from thidua.awards import eligibility
from thidua.awards.forms_history import YearForm
from thidua.core.permissions import get_scoped_or_404
from thidua.core.roles import Action
from thidua.members.choices import MemberStatus
from thidua.members.models import Member
from thidua.organizations.models import Unit
from thidua.rules.choices import Subject
from thidua.rules.selectors import RuleMissing

STATUS_FILTERS = ("eligible", "needs_confirmation", "not_eligible", "all")


def _year(request) -> int:
    return YearForm(request.GET).year_or_default()


@login_required
@require_GET
def eligibility_member(request, member_id: int):
    member = get_scoped_or_404(Member.objects.select_related("unit"), request.user, Action.VIEW, pk=member_id)
    year = _year(request)
    try:
        verdicts, error = eligibility.evaluate(subject=member, year=year), ""
    except RuleMissing as missing:
        verdicts, error = [], str(missing)
    return render(request, "awards/eligibility/member.html",
                  {"member": member, "year": year, "verdicts": verdicts, "error": error})  # fmt: skip


@login_required
@require_GET
def eligibility_unit(request, unit_id: int):
    unit = get_scoped_or_404(Unit.objects, request.user, Action.PROPOSE_AWARDS, pk=unit_id)
    year = _year(request)
    try:
        verdicts, error = eligibility.evaluate(subject=unit, year=year), ""
    except RuleMissing as missing:
        verdicts, error = [], str(missing)
    return render(request, "awards/eligibility/unit.html",
                  {"unit": unit, "year": year, "verdicts": verdicts, "error": error})  # fmt: skip


@login_required
@require_GET
def eligibility_list(request, unit_id: int):
    """Who in the unit's subtree is eligible for one title in a year: judged for the whole subtree without
    explanations (set-based), then the page's rows with their explanations."""
    unit = get_scoped_or_404(Unit.objects, request.user, Action.PROPOSE_AWARDS, pk=unit_id)
    year = _year(request)
    status = request.GET.get("status") if request.GET.get("status") in STATUS_FILTERS else "eligible"
    try:
        choices = eligibility.titles_for(subject_kind=Subject.INDIVIDUAL, year=year, unit=unit) + \
            eligibility.titles_for(subject_kind=Subject.COLLECTIVE, year=year, unit=unit)  # fmt: skip
    except RuleMissing as missing:
        return render(request, "awards/eligibility/list.html", {"unit": unit, "year": year, "error": str(missing)})
    by_code = {t.code: t for t in choices}
    code = request.GET.get("title") if request.GET.get("title") in by_code else choices[0].code
    title = by_code[code]
    if title.subject == Subject.INDIVIDUAL:
        ids = list(Member.objects.filter(unit__path__startswith=unit.path, status=MemberStatus.ACTIVE)
                   .order_by("sort_key", "code").values_list("pk", flat=True))  # fmt: skip
        flags = {pk: v[0].eligible for pk, v in eligibility.iter_member_verdicts(ids, year=year, title_codes={code},
                                                                                 explain=False) if v}  # fmt: skip
    else:
        units = list(Unit.objects.filter(path__startswith=unit.path, closed_on__isnull=True).order_by("path"))
        flags = {pk: v[0].eligible for pk, v in eligibility.iter_unit_verdicts(units, year=year, title_codes={code},
                                                                               explain=False) if v}  # fmt: skip
    counts = dict.fromkeys(STATUS_FILTERS, 0)
    chosen = []
    for pk in ids if title.subject == Subject.INDIVIDUAL else [u.pk for u in units]:
        if pk not in flags:
            continue
        flag = flags[pk]
        key = {True: "eligible", None: "needs_confirmation", False: "not_eligible"}[flag]
        counts[key] += 1
        counts["all"] += 1
        if status in (key, "all"):
            chosen.append(pk)
    page = Paginator(chosen, settings.THIDUA_PAGE_SIZE).get_page(request.GET.get("page"))
    ids = list(page.object_list)
    rows = []
    if title.subject == Subject.INDIVIDUAL:
        members = Member.objects.select_related("unit").in_bulk(ids)
        judged = eligibility.evaluate_many(members=ids, year=year, title_codes={code})
        rows = [(members[pk], judged[(Subject.INDIVIDUAL.value, pk)][0]) for pk in ids if pk in members]
    else:
        units = Unit.objects.in_bulk(ids)
        judged = eligibility.evaluate_many(units=[units[pk] for pk in ids], year=year, title_codes={code})
        rows = [(units[pk], judged[(Subject.COLLECTIVE.value, pk)][0]) for pk in ids]
    return render(request, "awards/eligibility/list.html", {
        "unit": unit, "year": year, "title": title, "titles": choices, "status": status, "counts": counts,
        "page": page, "rows": rows, "individual": title.subject == Subject.INDIVIDUAL})  # fmt: skip


urlpatterns = [
    path("eligibility/member/<int:member_id>/", eligibility_member, name="eligibility_member"),
    path("eligibility/unit/<int:unit_id>/", eligibility_unit, name="eligibility_unit"),
    path("eligibility/unit/<int:unit_id>/list/", eligibility_list, name="eligibility_list"),
]
