"""The statistics API: the scope contract of every operation (``OPERATIONS``, read by thidua/api/tests/test_schema.py)
and the figures it returns."""

import io

import openpyxl
import pytest

from thidua.api.tests.contract import Case
from thidua.reports.tests.conftest import YEAR

pytestmark = pytest.mark.django_db

OPERATIONS = {("get", "/api/reports/units/{unit_id}"), ("get", "/api/reports/units/{unit_id}/workbook")}


@pytest.mark.parametrize("path", ["/api/reports/units/{}", "/api/reports/units/{}/workbook"])
def test_it_scopes_the_operation(client, personas, path):
    Case(url=path.format(personas.group.pk) + "?year=2025", allowed=personas.group_leader,
         without_role=[personas.member], outside=[personas.outsider]).check(client)  # fmt: skip


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
