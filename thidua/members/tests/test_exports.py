"""Member export and import template: same columns as the import, formula-safe, and an export re-imports cleanly."""

import datetime
import io
from pathlib import Path

import openpyxl
import pytest

from thidua.members.exports import write_import_template, write_members_xlsx
from thidua.members.importing import HEADERS, member_import
from thidua.members.models import Member
from thidua.members.selectors import MemberFilters, member_list
from thidua.members.services import member_create, member_leave

pytestmark = pytest.mark.django_db


def export(user, folder: Path, filters: MemberFilters | None = None) -> Path:
    path = folder / "export.xlsx"
    with path.open("wb") as handle:
        write_members_xlsx(member_list(user, filters or MemberFilters()).iterator(), handle)
    return path


def rows(path: Path, sheet: str | None = None) -> list[tuple]:
    workbook = openpyxl.load_workbook(path)
    return list((workbook[sheet] if sheet else workbook.worksheets[0]).iter_rows(values_only=True))


def test_an_export_reimports_without_changes(personas, tmp_path):
    member_create(code="NK0001", full_name="Phan Thị Ngọc Ánh", gender="female", unit=personas.other_group,
                  date_of_birth=datetime.date(1979, 12, 31), union_joined_on=datetime.date(2001, 2, 3),
                  is_party_member=True, party_joined_on=datetime.date(2009, 9, 2), job_title="=SUM(A1:A3)",
                  email="anh@example.vn", phone="+84 912 000 111")  # fmt: skip
    left = member_create(code="NK0002", full_name="Hồ Văn Đông", gender="male", unit=personas.group,
                         job_title="-giám sát-")  # fmt: skip
    member_leave(member=left, left_on=datetime.date(2026, 6, 30))
    count = member_list(personas.chair, MemberFilters()).count()

    result = member_import(user=personas.chair, path=export(personas.chair, tmp_path), filename="export.xlsx",
                           commit=True)  # fmt: skip

    assert (result.errors, result.created, result.updated, result.unchanged) == ([], 0, 0, count)
    assert Member.objects.get(code="NK0001").job_title == "=SUM(A1:A3)"


def test_the_export_has_the_import_columns_and_real_dates(personas, tmp_path):
    header, *body = rows(export(personas.chair, tmp_path, MemberFilters(q="hoa ly")))

    assert list(header) == HEADERS
    (row,) = body
    values = dict(zip(HEADERS, row, strict=True))
    assert values["Mã đoàn viên"] == "HN0002"
    assert values["Giới tính"] == "Nữ"
    assert values["Đảng viên"] == "x"
    assert values["Ngày vào Đảng"] == datetime.datetime(2015, 5, 19)
    assert (values["Mã đơn vị"], values["Tên đơn vị"]) == (personas.group.pk, personas.group.name)
    assert values["Tình trạng"] == "Đang sinh hoạt"


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@"])
def test_formula_like_values_are_neutralised(personas, tmp_path, prefix):
    member_create(code="NK0003", full_name="Mai Văn Tư", gender="male", unit=personas.group,
                  job_title=prefix + "HYPERLINK(\"http://x\")")  # fmt: skip

    workbook = openpyxl.load_workbook(export(personas.chair, tmp_path, MemberFilters(q="NK0003")))
    cell = workbook.worksheets[0].cell(row=2, column=HEADERS.index("Chức vụ, công việc") + 1)

    assert cell.value == "'" + prefix + 'HYPERLINK("http://x")'
    assert cell.data_type == "s"


def test_an_outsider_exports_only_their_own_members(personas, tmp_path):
    codes = [row[0] for row in rows(export(personas.outsider, tmp_path))[1:]]

    assert codes == ["QB0001"]


def test_the_template_lists_the_units_and_its_example_imports(personas, tmp_path):
    units = [(personas.group.pk, personas.group.name), (personas.other_group.pk, personas.other_group.name)]
    path = tmp_path / "template.xlsx"
    with path.open("wb") as handle:
        write_import_template(units, handle)

    header, _example = rows(path)
    assert list(header) == HEADERS
    assert rows(path, "Đơn vị")[1:] == units
    assert [r[0] for r in rows(path, "Hướng dẫn")[1:]] == HEADERS
    result = member_import(user=personas.chair, path=path, filename="template.xlsx", commit=False)
    assert (result.errors, result.created) == ([], 1)
    assert result.preview_create[0].unit == personas.group.name


def test_it_writes_members_from_a_generator(personas):
    members = (Member(code=f"NK{i}", full_name="Ai Đó", gender="male", unit=personas.group) for i in range(3000))
    handle = io.BytesIO()

    write_members_xlsx(members, handle)

    handle.seek(0)
    sheet = openpyxl.load_workbook(handle, read_only=True).worksheets[0]
    assert sum(1 for _ in sheet.iter_rows()) == 3001
