"""The statistics workbook opened as an officer would open it."""

import io

import openpyxl
import pytest
from django.urls import reverse

from thidua.reports.tests.conftest import YEAR

pytestmark = pytest.mark.django_db


def _workbook(client, unit, **params) -> openpyxl.Workbook:
    query = "&".join(f"{k}={v}" for k, v in {"year": YEAR, **params}.items())
    response = client.get(reverse("reports:workbook", args=[unit.pk]) + "?" + query)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def _rows(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_sheets_have_the_expected_headers_and_figures(client, personas, figures):
    client.force_login(personas.chair)
    book = _workbook(client, personas.grassroots)
    assert book.sheetnames == ["Xếp loại", "Danh hiệu", "Chỉ tiêu", "Đăng ký thi đua"]
    rows = _rows(book["Xếp loại"])
    flat = [str(c) for row in rows for c in row if c is not None]
    assert any(personas.grassroots.name.upper() in c.upper() for c in flat)
    assert any("2025" in c for c in flat)
    group_row = next(row for row in rows if any(personas.group.name in str(c) for c in row))
    assert 2 in group_row  # two members in the group
    titles = [str(c) for row in _rows(book["Danh hiệu"]) for c in row if c is not None]
    assert "Lao động tiên tiến" in " ".join(titles)
    targets = [str(c) for row in _rows(book["Chỉ tiêu"]) for c in row if c is not None]
    assert figures["target"].name in targets


def test_formula_like_names_are_neutralised(client, personas, figures):
    target = figures["target"]
    target.name = '=HYPERLINK("http://x","bấm")'
    target.save()
    client.force_login(personas.chair)
    book = _workbook(client, personas.grassroots)
    cells = [c for row in book["Chỉ tiêu"].iter_rows() for c in row]
    named = [c for c in cells if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert named
    assert all(c.data_type != "f" for c in named)
    assert all(not c.value.startswith("=") for c in named)


def test_the_full_listing_has_every_unit_of_the_subtree(client, personas, figures):
    client.force_login(personas.officer)
    book = _workbook(client, personas.upper, all=1)
    names = {str(c) for row in _rows(book["Xếp loại"]) for c in row if c is not None}
    assert any(personas.group.name in n for n in names)
    assert any(personas.other_grassroots.name in n for n in names)
