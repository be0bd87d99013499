"""The dashboard as an officer sees it: figures, drill-down, print view, vendored charts, bounded queries."""

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from thidua.members.tests.factories import MemberFactory
from thidua.organizations.choices import UnitKind
from thidua.organizations.models import Cluster
from thidua.organizations.services import unit_create
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
    with django_assert_max_num_queries(30):
        response = client.get(reverse("reports:dashboard", args=[personas.upper.pk]) + f"?year={YEAR}")
    assert response.status_code == 200


def _page(client, name, unit, year=YEAR) -> str:
    response = client.get(reverse(name, args=[unit.pk]) + f"?year={year}")
    assert response.status_code == 200
    return response.content.decode()


def test_the_children_table_shows_each_childs_figures(client, personas, figures):
    client.force_login(personas.chair)
    page = _page(client, "reports:dashboard", personas.grassroots)
    table = page.split('id="table-children"')[1].split("</table>")[0]
    group_row = table.split(personas.group.name)[1].split("</tr>")[0]
    cells = [c.split("</td>")[0].strip() for c in group_row.split('<td class="text-end">')[1:]]
    assert cells[:6] == ["2", "1", "1", "0", "0", "50,0"]  # members, HTXS, HTT, HT, KHT, % HTXS (vi: comma)
    assert cells[6] == "3"  # awards: two individuals and the group itself


def test_members_attached_to_the_unit_itself_have_their_own_row(client, personas, figures):
    MemberFactory(unit=personas.grassroots, code="HN0010")
    client.force_login(personas.chair)
    page = _page(client, "reports:dashboard", personas.grassroots)
    assert 'id="row-direct"' in page
    assert "Đoàn viên sinh hoạt trực tiếp tại đơn vị" in page


def test_the_upper_union_compares_its_clusters_and_drills_down_from_them(client, personas, figures):
    p = personas
    block = Cluster.objects.create(name="Khối các sở", kind="block", year=YEAR, organizer=p.upper)
    block.units.add(p.other_grassroots)
    client.force_login(p.officer)
    page = _page(client, "reports:dashboard", p.upper)
    totals = page.split('id="table-cluster-totals"')[1].split("</table>")[0]
    assert "Cụm thi đua số 1" in totals
    assert "Khối các sở" in totals
    assert "Khối thi đua" in totals
    assert 'id="chart-cluster-totals"' in page
    clusters = page.split("table-clusters")[1]
    assert f'href="{reverse("reports:dashboard", args=[p.grassroots.pk])}?year={YEAR}"' in clusters


def test_the_year_selector_changes_the_figures(client, personas, figures):
    client.force_login(personas.chair)
    page = _page(client, "reports:dashboard", personas.grassroots, year=YEAR - 1)
    assert "Thống kê thi đua năm 2024" in page
    assert '<option value="2024" selected>' in page
    table = page.split('id="table-classification"')[1].split("</table>")[0]
    assert '<td>Hoàn thành tốt nhiệm vụ</td><td class="text-end">1</td>' in table.replace("\n", "")


def test_the_print_view_has_the_figures_without_links_or_controls(client, personas, figures):
    client.force_login(personas.chair)
    page = _page(client, "reports:print", personas.grassroots)
    assert personas.group.name in page
    assert figures["target"].name in page
    assert reverse("reports:dashboard", args=[personas.group.pk]) not in page  # no drill-down on paper
    assert 'id="year-form"' not in page
    assert 'data-print="1"' in page
    assert "/static/reports/vendor/chartjs/chart.umd.min.js" in page


def test_the_dashboard_links_the_print_view_and_both_workbooks(client, personas, figures):
    client.force_login(personas.chair)
    page = _page(client, "reports:dashboard", personas.grassroots)
    assert f"{reverse('reports:print', args=[personas.grassroots.pk])}?year={YEAR}" in page
    assert f"{reverse('reports:workbook', args=[personas.grassroots.pk])}?year={YEAR}&amp;all=1" in page


def test_the_dashboard_queries_do_not_grow_with_the_children(client, personas, figures, django_assert_max_num_queries):
    client.force_login(personas.chair)
    url = reverse("reports:dashboard", args=[personas.grassroots.pk]) + f"?year={YEAR}"
    with django_assert_max_num_queries(30) as before:
        client.get(url)
    for i in range(10):
        group = unit_create(name=f"Tổ {i}", kind=UnitKind.GROUP, parent=personas.grassroots)
        MemberFactory(unit=group, code=f"HN10{i:02d}")
    with django_assert_max_num_queries(len(before.captured_queries)):
        page = client.get(url).content.decode()
    assert "Tổ 9" in page
