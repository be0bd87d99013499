"""The dashboard as an officer sees it: figures, drill-down, print view, vendored charts, bounded queries."""

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from thidua.reports.tests.conftest import YEAR

pytestmark = pytest.mark.django_db


def test_the_dashboard_shows_the_figures_and_drills_down(client, personas, figures):
    client.force_login(personas.chair)
    page = client.get(reverse("reports:dashboard", args=[personas.grassroots.pk]) + f"?year={YEAR}").content.decode()
    assert "Thống kê thi đua năm 2025: Công đoàn Sở Thông tin và Truyền thông" in page
    assert reverse("reports:dashboard", args=[personas.group.pk]) + f"?year={YEAR}" in page  # drill-down link
    assert figures["target"].name in page
    assert 'id="report-data"' in page
    assert "/static/reports/vendor/chartjs/chart.umd.min.js" in page
    assert "cdn" not in page.lower()


def test_the_breadcrumbs_lead_back_up_within_the_scope(client, personas, figures):
    client.force_login(personas.chair)
    page = client.get(reverse("reports:dashboard", args=[personas.group.pk]) + f"?year={YEAR}").content.decode()
    trail = page.split('id="report-trail"')[1].split("</ol>")[0]
    assert personas.grassroots.name in trail
    assert personas.upper.name not in trail  # above the chair's scope


def test_the_print_view_has_the_letterhead_and_no_navigation(client, personas, figures):
    client.force_login(personas.chair)
    page = client.get(reverse("reports:print", args=[personas.grassroots.pk]) + f"?year={YEAR}").content.decode()
    assert "Báo cáo thống kê thi đua năm 2025" in page
    assert personas.upper.name in page  # the parent above the issuing unit
    assert "navbar" not in page


def test_the_home_page_goes_to_the_only_unit_of_the_scope(client, personas):
    client.force_login(personas.chair)
    response = client.get(reverse("reports:home"))
    assert response.url.startswith(reverse("reports:dashboard", args=[personas.grassroots.pk]))


def test_the_chart_library_is_vendored():
    assert finders.find("reports/vendor/chartjs/chart.umd.min.js")
    assert finders.find("reports/charts.js")


def test_the_dashboard_queries_are_bounded(client, personas, figures, django_assert_max_num_queries):
    client.force_login(personas.officer)
    with django_assert_max_num_queries(45):
        response = client.get(reverse("reports:dashboard", args=[personas.upper.pk]) + f"?year={YEAR}")
    assert response.status_code == 200
