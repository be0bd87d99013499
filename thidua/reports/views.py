"""Statistics pages: the dashboard of a unit's subtree for a year (charts with their tables, drill-down to the child
units, breadcrumbs up to the top of the user's scope, clusters, trends), its print view, and the workbook download.

Scope: the unit is fetched among the units the user may view (outside → 404); a user who sees it only as their own
unit (a member) has no view role on it → 403."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from thidua.core.permissions import require_action_somewhere
from thidua.core.roles import Action
from thidua.core.scope import get_scope
from thidua.core.spreadsheets import xlsx_response
from thidua.organizations.models import Unit
from thidua.organizations.selectors import scope_top_units
from thidua.reports import selectors
from thidua.reports.exports import workbook_filename, write_workbook


@login_required
def home(request):
    """The dashboard of the top of the user's scope; a chooser when the scope has several tops."""
    require_action_somewhere(request.user, Action.VIEW)
    scope = get_scope(request.user)
    tops = [u for u in scope_top_units(request.user) if scope.covers_path(Action.VIEW, u.path)]
    year = selectors.report_year(request.GET.get("year"))
    if len(tops) == 1:
        return redirect(selectors.dashboard_url(tops[0], year))
    return render(request, "reports/home.html", {"tops": tops, "year": year})


def _context(request, unit: Unit, *, printing: bool) -> dict:
    year = selectors.report_year(request.GET.get("year"))
    report = selectors.unit_report(request.user, unit, year)
    return {
        "report": report,
        "data": selectors.report_data(report, urls=None if printing else selectors.drill_down_urls(report)),
        "years": selectors.year_choices(year),
        "printing": printing,
    }


@login_required
def dashboard(request, pk: int):
    unit = selectors.report_unit(request.user, pk)
    return render(request, "reports/dashboard.html", _context(request, unit, printing=False))


@login_required
def print_view(request, pk: int):
    unit = selectors.report_unit(request.user, pk)
    return render(request, "reports/print.html", _context(request, unit, printing=True))


@login_required
def workbook(request, pk: int):
    """The statistics workbook; ``?all=1`` lists every unit of the subtree instead of the child units."""
    unit = selectors.report_unit(request.user, pk)
    year = selectors.report_year(request.GET.get("year"))
    all_units = request.GET.get("all") == "1"
    report = selectors.unit_report(request.user, unit, year, all_units=all_units)
    return xlsx_response(lambda handle: write_workbook(report, handle, all_units=all_units), workbook_filename(report))
