"""The statistics workbook opened as an officer would open it."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from thidua.awards.tests import factories as f
from thidua.evaluation.choices import Level
from thidua.movements.models import Registration
from thidua.reports.exports import HEADING_ROW
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


def test_every_sheet_opens_with_the_header_rows_officers_expect(client, personas, figures):
    client.force_login(personas.chair)
    book = _workbook(client, personas.grassroots)
    today = timezone.localdate().strftime("%d/%m/%Y")
    titles = {"Xếp loại": "THỐNG KÊ XẾP LOẠI ĐOÀN VIÊN NĂM 2025",
              "Danh hiệu": "THỐNG KÊ DANH HIỆU THI ĐUA, HÌNH THỨC KHEN THƯỞNG NĂM 2025",
              "Chỉ tiêu": "TIẾN ĐỘ THỰC HIỆN CHỈ TIÊU THI ĐUA NĂM 2025",
              "Đăng ký thi đua": "TÌNH HÌNH ĐĂNG KÝ THI ĐUA NĂM 2025"}  # fmt: skip
    for name, title in titles.items():
        sheet = book[name]
        assert sheet["A1"].value == "CÔNG ĐOÀN VIÊN CHỨC TỈNH"
        assert sheet["A2"].value == "CÔNG ĐOÀN SỞ THÔNG TIN VÀ TRUYỀN THÔNG"
        assert sheet["A2"].font.b
        assert sheet["A4"].value == title
        assert sheet["A5"].value == f"Năm 2025 – số liệu đến ngày {today}"
        assert sheet.cell(row=HEADING_ROW, column=1).value == "STT"


def test_the_classification_sheet_has_a_row_per_child_and_the_total(client, personas, figures):
    client.force_login(personas.chair)
    rows = _rows(_workbook(client, personas.grassroots)["Xếp loại"])
    heading = rows[HEADING_ROW - 1]
    assert heading[:5] == ["STT", "Đơn vị", "Số đoàn viên", "Số được xếp loại", str(Level.HTXS.label)]
    assert heading[5] == "Tỷ lệ HTXS (%)"
    assert heading[-1] == str(Level.NOT_RATED.label)
    body = rows[HEADING_ROW:]
    by_name = {row[1]: row for row in body if row[1]}
    # STT, unit, members, rated, HTXS, %, HTT, %, HT, %, KHT, %, not rated
    assert by_name[personas.group.name] == [1, personas.group.name, 2, 2, 1, 50, 1, 50, 0, 0, 0, 0, 0]
    assert by_name[personas.other_group.name][2:4] == [1, 1]
    assert by_name["Tổng cộng"][2:9] == [3, 3, 1, 33.3, 1, 33.3, 1]


def test_the_titles_sheet_counts_individuals_and_collectives(client, personas, figures):
    client.force_login(personas.chair)
    rows = _rows(_workbook(client, personas.grassroots)["Danh hiệu"])
    by_name = {row[1]: row for row in rows[HEADING_ROW:] if row[1]}
    assert by_name["Lao động tiên tiến"][2:6] == [2, 0, 2, "ldtt"]
    assert by_name["Tập thể lao động tiên tiến"][2:5] == [0, 1, 1]
    assert by_name["Tổng cộng"][2:5] == [2, 1, 3]
    assert by_name[personas.group.name][2:5] == [2, 1, 3]


def test_a_unit_or_title_named_like_a_formula_is_written_as_text(client, personas, figures):
    personas.other_group.name = '=cmd|"/c calc"!A1'
    personas.other_group.save()
    f.award(figures["third"], YEAR, "x", name='=HYPERLINK("http://x","bấm")', scope_unit=personas.other_group)
    client.force_login(personas.chair)
    book = _workbook(client, personas.grassroots)
    for sheet_name, needle in (("Xếp loại", "cmd|"), ("Danh hiệu", "HYPERLINK"), ("Đăng ký thi đua", "cmd|")):
        cells = [c for row in book[sheet_name].iter_rows() for c in row if needle in str(c.value or "")]
        assert cells, sheet_name
        assert all(c.data_type == "s" and c.value.startswith("'=") for c in cells), sheet_name


def test_the_full_listing_is_in_tree_order_and_indented(client, personas, figures):
    client.force_login(personas.officer)
    rows = _rows(_workbook(client, personas.upper, all=1)["Xếp loại"])
    names = [row[1] for row in rows[HEADING_ROW:] if isinstance(row[0], int)]
    indent = "\u00a0\u00a0"
    assert names == [personas.upper.name, indent + personas.grassroots.name, indent * 2 + personas.group.name,
                     indent * 2 + personas.other_group.name, indent + personas.other_grassroots.name]  # fmt: skip


def test_the_registration_sheet_counts_registered_members(client, personas, figures):
    Registration.objects.create(movement=figures["movement"], subject="individual", member=personas.member_record,
                                unit=personas.group, title_code="ldtt", title_name="Lao động tiên tiến",
                                registered_on=datetime.date(YEAR, 2, 1))  # fmt: skip
    client.force_login(personas.chair)
    sheet = _workbook(client, personas.grassroots)["Đăng ký thi đua"]
    assert sheet["A6"].value == "Phong trào: Phong trào thi đua năm 2025"
    by_name = {row[1]: row for row in _rows(sheet)[HEADING_ROW:] if row[1]}
    assert by_name[personas.group.name][2:6] == [2, 1, 1, 50]
    assert by_name["Tổng cộng – 01/KH-CĐSTTTT"][2:6] == [3, 1, 2, 33.3]
