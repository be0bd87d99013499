"""Import of past award history: all-or-nothing, every bad cell named by row and column letter, re-import = 0 writes."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from thidua.awards.importing import history_import, write_template
from thidua.awards.models import AwardRecord
from thidua.rules.selectors import pack_in_force, titles

pytestmark = pytest.mark.django_db

HEADER = ["STT", "Họ và tên", "Mã đoàn viên", "Mã đơn vị", "Năm", "Mã danh hiệu", "Số quyết định", "Ngày quyết định"]


def _xlsx(tmp_path, rows, name="lich-su.xlsx"):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def _run(user, path, commit=True):
    return history_import(user=user, path=path, filename=path.name, commit=commit)


def test_it_imports_people_and_collectives_then_changes_nothing_on_reimport(tmp_path, personas):
    p = personas
    path = _xlsx(tmp_path, [
        [1, "Nguyễn Trung Hiếu", p.member_record.code, "", 2023, "ldtt", "12/QĐ-CĐS", "15/01/2024"],
        [2, "Nguyễn Trung Hiếu", p.member_record.code, "", 2024, "cstdcs", "7/QĐ-CĐS", "20/01/2025"],
        [3, "", "", p.group.pk, 2024, "tt_ldtt", "8/QĐ-CĐS", ""],
    ])  # fmt: skip
    preview = _run(p.chair, path, commit=False)
    assert (preview.ok, preview.created, preview.committed) == (True, 3, False)
    assert not AwardRecord.objects.exists()
    done = _run(p.chair, path)
    assert done.committed
    assert AwardRecord.objects.count() == 3
    assert AwardRecord.objects.get(unit=p.group).title_name == "Tập thể lao động tiên tiến"
    again = _run(p.chair, path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_every_bad_cell_is_named_and_nothing_is_written(tmp_path, personas):
    p = personas
    path = _xlsx(tmp_path, [
        [1, "", p.member_record.code, "", 2023, "ldtt", "1/QĐ", ""],
        [2, "", "KHONGCO", "", 2023, "ldtt", "", ""],
        [3, "", p.member_record.code, "", "năm ngoái", "ldtt", "", ""],
        [4, "", p.member_record.code, "", 2023, "khong_co", "", ""],
        [5, "", p.member_record.code, "", 2023, "ldtt", "", ""],
        [6, "", p.member_record.code, "", 2023, "cstdcs", "", "31/02/2024"],
        [7, "", p.stranger.code, "", 2023, "ldtt", "", ""],
        [8, "", p.member_record.code, "", 2023, "tt_ldtt", "", ""],
    ])  # fmt: skip
    result = _run(p.chair, path)
    messages = [str(e) for e in result.errors]
    assert not result.committed
    assert not AwardRecord.objects.exists()
    assert "Dòng 3, cột C «Mã đoàn viên»: Không có đoàn viên mã «KHONGCO»" in messages[0]
    assert any(m.startswith("Dòng 4, cột E «Năm»") for m in messages)
    assert any(m.startswith("Dòng 5, cột F «Mã danh hiệu»: Mã «khong_co» không có") for m in messages)
    assert any(m.startswith("Dòng 6, cột F «Mã danh hiệu»: Trùng với dòng 2") for m in messages)
    assert any(m.startswith("Dòng 7, cột H «Ngày quyết định»") for m in messages)
    assert any(m.startswith("Dòng 8, cột C") for m in messages)  # another union's member: outside the scope
    assert any(m.startswith("Dòng 9, cột F") and "dành cho cá nhân" in m for m in messages)
    assert result.error_count == 7


def test_a_changed_decision_number_updates_the_record(tmp_path, personas):
    p = personas
    _run(p.chair, _xlsx(tmp_path, [[1, "", p.member_record.code, "", 2023, "ldtt", "1/QĐ", ""]]))
    result = _run(p.chair, _xlsx(tmp_path, [[1, "", p.member_record.code, "", 2023, "ldtt", "2/QĐ", ""]], "b.xlsx"))
    assert (result.updated, result.created) == (1, 0)
    assert AwardRecord.objects.get().decision_number == "2/QĐ"


def test_a_csv_with_an_unknown_column(tmp_path, personas):
    path = tmp_path / "a.csv"
    path.write_text("Mã đoàn viên,Năm,Mã danh hiệu,Màu sắc\nHN0001,2023,ldtt,đỏ\n", encoding="utf-8")
    result = _run(personas.chair, path)
    assert str(result.errors[0]) == "Dòng 1, cột D «Màu sắc»: Cột này không có trong mẫu nhập."


def test_the_template_lists_the_codes(tmp_path):
    handle = io.BytesIO()
    write_template(handle, titles=titles(pack_in_force(on=__import__("datetime").date(2025, 12, 31))))
    book = load_workbook(io.BytesIO(handle.getvalue()))
    assert book["Khen thưởng"]["C1"].value == "Mã đoàn viên"
    assert "cstdcs" in [row[0].value for row in book["Mã danh hiệu"].iter_rows()]
