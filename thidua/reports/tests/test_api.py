"""The statistics API: the scope contract of every operation (``OPERATIONS``, read by thidua/api/tests/test_schema.py)
and the figures it returns."""

import io

import openpyxl
import pytest
from django.urls import reverse

from thidua.api.tests.contract import Case
from thidua.reports.tests.conftest import YEAR

pytestmark = pytest.mark.django_db

OPERATIONS = {
    ("get", "/api/reports/units/{unit_id}"),
    ("get", "/api/reports/units/{unit_id}/children"),
    ("get", "/api/reports/units/{unit_id}/trend"),
    ("get", "/api/reports/units/{unit_id}/workbook"),
}


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_it_scopes_the_operation(client, personas, operation):
    method, path = operation
    url = path.replace("{unit_id}", str(personas.group.pk)) + "?year=2025"
    Case(url=url, method=method, allowed=personas.group_leader, without_role=[personas.member],
         outside=[personas.outsider]).check(client)  # fmt: skip


def test_a_unit_above_the_scope_is_not_found(client, personas):
    client.force_login(personas.chair)
    for path in ("/api/reports/units/{}", "/api/reports/units/{}/children", "/api/reports/units/{}/trend"):
        assert client.get(path.format(personas.upper.pk)).status_code == 404


def test_the_figures_of_a_unit(client, personas, figures):
    client.force_login(personas.chair)
    body = client.get(f"/api/reports/units/{personas.grassroots.pk}?year={YEAR}").json()
    assert body["year"] == YEAR
    assert body["classification"]["counts"] == {"HTXS": 1, "HTT": 1, "HT": 1, "KHT": 0, "not_rated": 0}
    assert {c["name"] for c in body["children"]} == {personas.group.name, personas.other_group.name}
    assert [y["year"] for y in body["trend"]][-1] == YEAR


def test_the_workbook_through_the_api(client, personas, figures):
    client.force_login(personas.chair)
    response = client.get(f"/api/reports/units/{personas.grassroots.pk}/workbook?year={YEAR}")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert "Xếp loại" in book.sheetnames


def test_the_comparison_of_the_child_units(client, personas, figures):
    client.force_login(personas.officer)
    body = client.get(f"/api/reports/units/{personas.upper.pk}/children?year={YEAR}").json()
    assert (body["unit"]["id"], body["year"]) == (personas.upper.pk, YEAR)
    by_name = {c["name"]: c for c in body["children"]}
    grassroots = by_name[personas.grassroots.name]
    assert grassroots["classification"]["counts"] == {"HTXS": 1, "HTT": 1, "HT": 1, "KHT": 0, "not_rated": 0}
    assert grassroots["classification"]["shares"]["HTXS"] == pytest.approx(33.3)
    assert (grassroots["awards_individual"], grassroots["awards_collective"]) == (2, 1)
    assert grassroots["has_children"] is True
    assert grassroots["url"] == reverse("reports:dashboard", args=[personas.grassroots.pk]) + f"?year={YEAR}"
    assert by_name[personas.other_grassroots.name]["classification"]["members"] == 1


def test_the_trend_over_five_years(client, personas, figures):
    client.force_login(personas.chair)
    body = client.get(f"/api/reports/units/{personas.grassroots.pk}/trend?year={YEAR}").json()
    assert [y["year"] for y in body["years"]] == list(range(YEAR - 4, YEAR + 1))
    by_year = {y["year"]: y for y in body["years"]}
    assert (by_year[YEAR]["classification"]["rated"], by_year[YEAR - 1]["classification"]["rated"]) == (3, 1)
    assert by_year[YEAR - 1]["classification"]["counts"]["HTT"] == 1
    assert (by_year[YEAR]["awards_individual"], by_year[YEAR]["awards_collective"]) == (2, 1)
    assert by_year[YEAR - 1]["awards_individual"] == 1
    assert by_year[YEAR - 2]["classification"]["rated"] == 0


def test_the_figures_carry_the_drill_down_and_the_clusters(client, personas, figures):
    client.force_login(personas.officer)
    body = client.get(f"/api/reports/units/{personas.upper.pk}?year={YEAR}").json()
    dashboard = reverse("reports:dashboard", args=[personas.grassroots.pk]) + f"?year={YEAR}"
    assert {c["name"]: c["url"] for c in body["children"]}[personas.grassroots.name] == dashboard
    (cluster,) = body["clusters"]
    assert cluster["name"] == "Cụm thi đua số 1"
    assert cluster["units"] == [{"id": personas.grassroots.pk, "name": personas.grassroots.name, "url": dashboard,
                                 "members": 3, "htxs_share": 33.3, "awards": 3, "leader": True}]  # fmt: skip


def test_the_workbook_of_the_whole_subtree(client, personas, figures):
    client.force_login(personas.officer)
    response = client.get(f"/api/reports/units/{personas.upper.pk}/workbook?year={YEAR}&all=true")
    assert response["Content-Disposition"].endswith('.xlsx"')
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = book["Xếp loại"].iter_rows(values_only=True)
    names = [str(row[1]).strip("\xa0") for row in rows if isinstance(row[0], int)]
    assert personas.group.name in names
