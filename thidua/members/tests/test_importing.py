"""The member import service: every bad cell named by row and column, all-or-nothing, idempotent, scoped."""

import csv
import datetime
from pathlib import Path

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from thidua.members import importing
from thidua.members.choices import MemberStatus
from thidua.members.importing import COLUMNS, HEADERS, RowError, member_import
from thidua.members.models import Member
from thidua.organizations.services import unit_close, unit_create

pytestmark = pytest.mark.django_db

LETTER = {c.key: openpyxl.utils.get_column_letter(i + 1) for i, c in enumerate(COLUMNS)}
HEADER = {c.key: c.header for c in COLUMNS}


def member_row(home, /, **values) -> list:
    """A valid row in COLUMNS order for a member of unit ``home``; keyword arguments override cells by column key."""
    row = {
        "code": "NK0001",
        "full_name": "Phạm Thị Thu Hà",
        "gender": "Nữ",
        "date_of_birth": "05/09/1992",
        "union_joined_on": "01/10/2016",
        "is_party_member": "",
        "party_joined_on": "",
        "job_title": "Kế toán",
        "unit": home.pk if home is not None else "",
        "unit_name": home.name if home is not None else "",
        "email": "ha.pham@example.vn",
        "phone": "0912000111",
        "status": "",
    }
    row.update(values)
    return [row[c.key] for c in COLUMNS]


def write_xlsx(folder: Path, rows: list[list], *, header: list | None = None, name: str = "members.xlsx") -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADERS if header is None else header)
    for row in rows:
        sheet.append(row)
    path = folder / name
    workbook.save(path)
    return path


def write_csv(folder: Path, rows: list[list], *, bom: bool = True, delimiter: str = ",", header=None) -> Path:
    path = folder / "members.csv"
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(HEADERS if header is None else header)
        writer.writerows(rows)
    return path


def run(user, path: Path, *, commit: bool = True):
    return member_import(user=user, path=path, filename=path.name, commit=commit)


def only_error(result) -> RowError:
    assert len(result.errors) == 1, result.errors
    return result.errors[0]


# -- creating and updating -----------------------------------------------------------------------------------------


def test_it_creates_members_with_their_history(personas, tmp_path):
    path = write_xlsx(tmp_path, [
        member_row(personas.group),
        member_row(personas.other_group, code="NK0002", full_name="  Lê   Văn Tám ", gender="Nam",
                   date_of_birth=datetime.date(1980, 1, 31), is_party_member="x",
                   party_joined_on=datetime.datetime(2005, 5, 19)),
    ])  # fmt: skip

    result = run(personas.chair, path)

    assert (result.created, result.updated, result.unchanged, result.errors) == (2, 0, 0, [])
    assert result.committed
    ha = Member.objects.get(code="NK0001")
    assert (ha.full_name, ha.gender, ha.unit, ha.status) == ("Phạm Thị Thu Hà", "female", personas.group, "active")
    assert (ha.date_of_birth, ha.union_joined_on) == (datetime.date(1992, 9, 5), datetime.date(2016, 10, 1))
    assert (ha.email, ha.phone, ha.job_title, ha.is_party_member) == ("ha.pham@example.vn", "0912000111", "Kế toán",
                                                                      False)  # fmt: skip
    tam = Member.objects.get(code="NK0002")
    assert tam.full_name == "Lê Văn Tám"
    assert (tam.is_party_member, tam.party_joined_on) == (True, datetime.date(2005, 5, 19))
    assert Member.objects.search("le van tam").get() == tam
    record = ha.history.get()
    assert (record.history_type, record.history_user) == ("+", personas.chair)
    assert "members.xlsx" in record.history_change_reason


def test_the_preview_writes_nothing(personas, tmp_path):
    path = write_xlsx(
        tmp_path,
        [
            member_row(personas.group),
            member_row(personas.group, code="HN0002", full_name="Trần Thị Hoa Lý", gender="Nữ"),
        ],
    )
    before = Member.objects.count()

    result = run(personas.chair, path, commit=False)

    assert (result.created, result.updated, result.committed) == (1, 1, False)
    assert [(p.row, p.code, p.full_name, p.unit) for p in result.preview_create] == [
        (2, "NK0001", "Phạm Thị Thu Hà", personas.group.name)
    ]
    assert Member.objects.count() == before
    assert Member.objects.get(code="HN0002").job_title == ""


def test_it_updates_only_the_rows_that_changed_and_lists_the_changes(personas, tmp_path):
    colleague = personas.colleague
    stamp = Member.objects.get(code="HN0001").updated_at
    path = write_xlsx(tmp_path, [
        member_row(personas.group, code="HN0001", full_name="Nguyễn Trung Hiếu", gender="Nam",
                   date_of_birth="01/01/1988", union_joined_on="", job_title="", email="", phone=""),
        member_row(personas.group, code="HN0002", full_name="Trần Thị Hoa Lý", gender="Nữ", date_of_birth="",
                   union_joined_on="", is_party_member="Có", party_joined_on="19/05/2015", job_title="Thủ quỹ",
                   email="", phone=""),
    ])  # fmt: skip

    preview = run(personas.chair, path, commit=False)
    assert (preview.created, preview.updated, preview.unchanged) == (0, 1, 1)
    (change,) = preview.preview_update
    assert (change.row, change.code) == (3, "HN0002")
    assert [(c.column, c.old, c.new) for c in change.changes] == [("Chức vụ, công việc", "—", "Thủ quỹ")]

    result = run(personas.chair, path)
    assert result.committed
    colleague.refresh_from_db()
    assert colleague.job_title == "Thủ quỹ"
    assert colleague.history.order_by("-history_date").first().history_type == "~"
    assert colleague.history.order_by("-history_date").first().history_user == personas.chair
    assert Member.objects.get(code="HN0001").updated_at == stamp  # the unchanged row was not written


def test_every_column_can_be_updated_and_the_search_keys_follow(personas, tmp_path):
    first = write_xlsx(tmp_path, [member_row(personas.group, is_party_member="x", party_joined_on="03/02/2012"),
                                  member_row(personas.group, code="NK0002")])  # fmt: skip
    run(personas.chair, first)
    second = write_xlsx(tmp_path, [
        member_row(personas.group, full_name="Phạm Thu Hằng", gender="Nữ", date_of_birth="", union_joined_on="",
                   is_party_member="", party_joined_on="", job_title="", email="hang@example.vn", phone=""),
        member_row(personas.group, code="NK0002", date_of_birth="06/09/1992", job_title="Thủ quỹ"),
    ], name="second.xlsx")  # fmt: skip

    result = run(personas.chair, second)

    assert (result.updated, result.errors) == (2, [])
    ha = Member.objects.get(code="NK0001")
    assert (ha.full_name, ha.date_of_birth, ha.union_joined_on, ha.is_party_member, ha.party_joined_on) == (
        "Phạm Thu Hằng", None, None, False, None)  # fmt: skip
    assert (ha.job_title, ha.email, ha.phone) == ("", "hang@example.vn", "")
    assert Member.objects.search("pham thu hang").get() == ha
    assert Member.objects.search("hang@example").get() == ha
    # The sort key followed the new name: "Hà" (NK0002) now comes before "Hằng" (the code broke the former tie).
    in_order = Member.objects.filter(code__startswith="NK").in_name_order().values_list("code", flat=True)
    assert list(in_order) == ["NK0002", "NK0001"]
    latest = ha.history.order_by("-history_id").first()
    assert (latest.history_type, latest.full_name, latest.is_party_member) == ("~", "Phạm Thu Hằng", False)
    other = Member.objects.get(code="NK0002")
    assert (other.date_of_birth, other.job_title) == (datetime.date(1992, 9, 6), "Thủ quỹ")


def test_an_empty_optional_cell_clears_the_detail(personas, tmp_path):
    path = write_xlsx(tmp_path, [member_row(personas.group)])
    run(personas.chair, path)
    path = write_xlsx(tmp_path, [member_row(personas.group, email="", phone="")], name="again.xlsx")

    result = run(personas.chair, path, commit=False)

    changes = {c.column: (c.old, c.new) for c in result.preview_update[0].changes}
    assert changes == {"Thư điện tử": ("ha.pham@example.vn", "—"), "Điện thoại": ("0912000111", "—")}


def test_reimporting_the_same_file_writes_nothing(personas, tmp_path):
    path = write_xlsx(tmp_path, [member_row(personas.group, code=f"NK{i:04d}") for i in range(5)])
    run(personas.chair, path)
    history = Member.history.count()

    with CaptureQueriesContext(connection) as queries:
        result = run(personas.chair, path)

    assert (result.created, result.updated, result.unchanged, result.errors) == (0, 0, 5, [])
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == []
    assert Member.history.count() == history


# -- bad cells -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("code", "", "không được để trống"),
        ("code", "X" * 31, "30"),
        ("full_name", "   ", "không được để trống"),
        ("gender", "", "không được để trống"),
        ("gender", "Nữa", "«Nữa» không phải giới tính"),
        ("date_of_birth", "31/02/1990", "«31/02/1990» không phải ngày hợp lệ"),
        ("date_of_birth", 1990, "«1990» không phải ngày hợp lệ"),
        ("union_joined_on", "01/01/1980", "Ngày vào công đoàn không thể trước ngày sinh."),
        ("is_party_member", "có thể", "«có thể» không hợp lệ"),
        ("party_joined_on", "01/01/2020", "Chỉ ghi ngày vào Đảng cho đảng viên."),
        ("unit", "Tổ 1", "«Tổ 1» không phải mã đơn vị"),
        ("unit", 999999, "Không có đơn vị mã 999999 trong phạm vi"),
        ("unit_name", "Tổ Không Có", "không khớp với tên «Tổ Không Có»"),
        ("email", "ha.pham@", "email"),
        ("phone", "0" * 21, "20"),
        ("status", "Đã thôi sinh hoạt", "Đoàn viên mới phải ở tình trạng «Đang sinh hoạt»."),
        ("status", "nghỉ", "«nghỉ» không phải tình trạng"),
    ],
)
def test_each_bad_cell_is_named_by_row_and_column(personas, tmp_path, key, value, message):
    good = member_row(personas.group, code="NK0009")
    path = write_xlsx(tmp_path, [good, member_row(personas.group, **{key: value})])

    result = run(personas.chair, path)

    error = only_error(result)
    assert (error.row, error.column, error.letter) == (3, HEADER[key], LETTER[key])
    assert message in error.message
    assert f"Dòng 3, cột {LETTER[key]} «{HEADER[key]}»" in str(error)
    assert not result.committed
    assert not Member.objects.filter(code="NK0009").exists()  # all or nothing


def test_every_bad_cell_of_a_row_is_reported(personas, tmp_path):
    path = write_xlsx(tmp_path, [member_row(personas.group, gender="?", date_of_birth="hôm qua", email="@",
                                            unit="", unit_name="")])  # fmt: skip

    result = run(personas.chair, path, commit=False)

    assert [(e.row, e.column) for e in result.errors] == [
        (2, "Giới tính"), (2, "Ngày sinh"), (2, "Mã đơn vị"), (2, "Thư điện tử"),
    ]  # fmt: skip


def test_a_duplicate_code_names_both_rows(personas, tmp_path):
    path = write_xlsx(tmp_path, [member_row(personas.group), member_row(personas.group, code="NK0002"),
                                 member_row(personas.other_group, full_name="Người Khác")])  # fmt: skip

    error = only_error(run(personas.chair, path))

    assert (error.row, error.column) == (4, "Mã đoàn viên")
    assert "trùng với dòng 2" in error.message


def test_nothing_is_written_when_a_later_batch_fails(personas, tmp_path, monkeypatch):
    monkeypatch.setattr(importing, "CHUNK_ROWS", 2)
    rows = [member_row(personas.group, code=f"NK{i:04d}") for i in range(5)]
    rows.append(member_row(personas.group, code="NK9999", gender="x"))
    path = write_xlsx(tmp_path, rows)

    result = run(personas.chair, path)

    assert (result.committed, result.created, result.error_count) == (False, 5, 1)
    assert not Member.objects.filter(code__startswith="NK").exists()
    assert not Member.history.filter(code__startswith="NK").exists()


def test_many_bad_cells_are_counted_and_the_first_ones_listed(personas, tmp_path, monkeypatch):
    monkeypatch.setattr(importing, "MAX_REPORTED_ERRORS", 3)
    path = write_xlsx(tmp_path, [member_row(personas.group, code=f"NK{i}", gender="?") for i in range(5)])

    result = run(personas.chair, path)

    assert (len(result.errors), result.error_count) == (3, 5)


def test_empty_rows_are_skipped_and_rows_keep_their_spreadsheet_numbers(personas, tmp_path):
    path = write_xlsx(tmp_path, [member_row(personas.group), [None] * len(COLUMNS), ["", "  "],
                                 member_row(personas.group, code="NK0002", gender="?")])  # fmt: skip

    result = run(personas.chair, path, commit=False)

    assert result.rows == 2
    assert only_error(result).row == 5


# -- headers and files -----------------------------------------------------------------------------------------------


def test_missing_and_unknown_headers_are_reported(personas, tmp_path):
    header = [h for h in HEADERS if h != "Giới tính"] + ["Ghi chú"]
    path = write_xlsx(tmp_path, [], header=header)

    result = run(personas.chair, path)

    messages = [(e.row, e.column, e.message) for e in result.errors]
    assert (1, "Giới tính", "Thiếu cột «Giới tính» trong dòng tiêu đề.") in messages
    unknown = next(e for e in result.errors if e.column == "Ghi chú")
    assert (unknown.row, unknown.letter) == (1, openpyxl.utils.get_column_letter(len(header)))
    assert "Dòng tiêu đề cần có các cột: Mã đoàn viên, Họ và tên, Giới tính" in result.errors[-1].message
    missing = next(e for e in result.errors if e.column == "Giới tính")
    assert str(missing) == "Dòng 1, cột «Giới tính»: Thiếu cột «Giới tính» trong dòng tiêu đề."


def test_headers_match_in_any_order_without_accents_and_below_a_title(personas, tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["DANH SÁCH ĐOÀN VIÊN"])
    sheet.append([])
    sheet.append(
        [
            "STT",
            "ma don vi",
            "HO VA TEN",
            "Mã đoàn viên *",
            "Giới tính",
            "Ngày sinh",
            "Ngày vào công đoàn",
            "Đảng viên",
            "Ngày vào Đảng",
            "Chức vụ, công việc",
            "Thư điện tử",
            "Điện thoại",
        ]
    )
    sheet.append([1, personas.group.pk, "Đỗ Minh Quân", "NK0100", "Nam", "", "", "", "", "", "", ""])
    sheet.append([2, personas.group.pk, "Vũ Thị Lan", "NK0101", "Nữ", "bad", "", "", "", "", "", ""])  # fmt: skip
    path = tmp_path / "title.xlsx"
    workbook.save(path)

    result = run(personas.chair, path, commit=False)

    error = only_error(result)
    assert (error.row, error.column, error.letter) == (5, "Ngày sinh", "F")
    assert result.created == 1


def test_column_letters_follow_the_sheet_when_data_starts_right_of_a(personas, tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([None, *HEADERS])
    sheet.append([None, *member_row(personas.group, gender="?")])
    path = tmp_path / "shifted.xlsx"
    workbook.save(path)

    error = only_error(run(personas.chair, path))

    assert (error.row, error.letter) == (2, "D")


@pytest.mark.parametrize("bom", [True, False])
@pytest.mark.parametrize("delimiter", [",", ";"])
def test_it_reads_utf8_csv_with_or_without_bom(personas, tmp_path, bom, delimiter):
    row = member_row(personas.group, full_name="Đặng Thị Ánh Tuyết", unit=str(personas.group.pk))
    path = write_csv(tmp_path, [row], bom=bom, delimiter=delimiter)

    result = run(personas.chair, path)

    assert result.committed, result.errors
    assert Member.objects.get(code="NK0001").full_name == "Đặng Thị Ánh Tuyết"


def test_a_csv_error_names_row_and_column(personas, tmp_path):
    path = write_csv(tmp_path, [member_row(personas.group), member_row(personas.group, code="NK2", gender="Nu ")])
    assert run(personas.chair, path).committed  # "Nu" without accents is accepted

    path = write_csv(tmp_path, [member_row(personas.group, code="NK3", date_of_birth="1992-13-01")])
    error = only_error(run(personas.chair, path))
    assert (error.row, error.column, error.letter) == (2, "Ngày sinh", "D")


def test_a_csv_that_is_not_utf8_is_refused(personas, tmp_path):
    path = tmp_path / "members.csv"
    text = ",".join(HEADERS) + "\n" + ",".join(str(v) for v in member_row(personas.group)) + "\n"
    path.write_bytes(text.encode("cp1258", errors="replace"))

    error = only_error(run(personas.chair, path))

    assert (error.row, "UTF-8" in error.message) == (0, True)


@pytest.mark.parametrize("name", ["members.xls", "members.txt", "members"])
def test_unknown_extensions_are_refused(personas, tmp_path, name):
    path = write_xlsx(tmp_path, [member_row(personas.group)], name=name)

    error = only_error(run(personas.chair, path))

    assert ".xlsx" in error.message
    assert not Member.objects.filter(code="NK0001").exists()


def test_files_over_the_limit_are_refused(personas, tmp_path, settings):
    settings.THIDUA_IMPORT_MAX_BYTES = 1000
    path = write_xlsx(tmp_path, [member_row(personas.group)])

    assert "vượt giới hạn" in only_error(run(personas.chair, path)).message


def test_a_broken_xlsx_is_reported(personas, tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")

    assert "Không đọc được tệp Excel" in only_error(run(personas.chair, path)).message


@pytest.mark.parametrize("rows", [[], [[None, ""]]])
def test_a_file_without_data_rows_is_reported(personas, tmp_path, rows):
    path = write_xlsx(tmp_path, rows)

    assert "không có dòng dữ liệu" in only_error(run(personas.chair, path)).message


# -- values ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime.date(1992, 9, 5), datetime.date(1992, 9, 5)),
        (datetime.datetime(1992, 9, 5, 0, 0), datetime.date(1992, 9, 5)),
        ("5/9/1992", datetime.date(1992, 9, 5)),
        ("05-09-1992", datetime.date(1992, 9, 5)),
        ("1992-09-05", datetime.date(1992, 9, 5)),
        ("05/09/1992 00:00:00", datetime.date(1992, 9, 5)),
        ("", None),
    ],
)
def test_dates_may_be_real_dates_or_day_month_year(personas, tmp_path, value, expected):
    path = write_xlsx(tmp_path, [member_row(personas.group, date_of_birth=value, union_joined_on="")])

    assert run(personas.chair, path).committed
    assert Member.objects.get(code="NK0001").date_of_birth == expected


@pytest.mark.parametrize(
    ("value", "expected"), [("x", True), ("X", True), ("Có", True), ("co", True), (True, True), ("Không", False),
                            ("", False), (False, False)]
)  # fmt: skip
def test_party_membership_values(personas, tmp_path, value, expected):
    path = write_xlsx(tmp_path, [member_row(personas.group, is_party_member=value)])

    assert run(personas.chair, path).committed
    assert Member.objects.get(code="NK0001").is_party_member is expected


def test_numbers_typed_into_text_columns_keep_their_digits(personas, tmp_path):
    path = write_xlsx(tmp_path, [member_row(personas.group, code=123456, phone=912000111)])

    assert run(personas.chair, path).committed
    assert Member.objects.get(code="123456").phone == "912000111"


def test_formula_neutralised_values_come_back_as_typed(personas, tmp_path):
    path = write_xlsx(tmp_path, [member_row(personas.group, job_title="'=1+2", phone="'+84912000111")])

    assert run(personas.chair, path).committed
    member = Member.objects.get(code="NK0001")
    assert (member.job_title, member.phone) == ("=1+2", "+84912000111")


# -- units and scope -------------------------------------------------------------------------------------------------


def test_the_unit_may_be_given_by_its_exact_name(personas, tmp_path):
    path = write_xlsx(tmp_path, [member_row(None, unit="", unit_name=" tổ văn  phòng ")])

    assert run(personas.chair, path).committed
    assert Member.objects.get(code="NK0001").unit == personas.other_group


def test_an_ambiguous_unit_name_asks_for_the_unit_id(personas, tmp_path):
    unit_create(name="Tổ Văn phòng", kind="group", parent=personas.upper)
    path = write_xlsx(tmp_path, [member_row(None, unit="", unit_name="Tổ Văn phòng")])

    error = only_error(run(personas.officer, path))

    assert (error.column, "Có 2 đơn vị tên «Tổ Văn phòng»" in error.message) == ("Tên đơn vị", True)


def test_a_dissolved_unit_of_the_same_name_does_not_make_the_name_ambiguous(personas, tmp_path):
    unit_close(unit=personas.other_group, closed_on=datetime.date(2026, 1, 1), reason="Sáp nhập")
    successor = unit_create(name="Tổ Văn phòng", kind="group", parent=personas.grassroots)
    path = write_xlsx(tmp_path, [member_row(None, unit="", unit_name="Tổ Văn phòng")])

    assert run(personas.chair, path).committed
    assert Member.objects.get(code="NK0001").unit == successor


def test_a_unit_outside_the_scope_is_a_cell_error(personas, tmp_path):
    path = write_xlsx(tmp_path, [member_row(personas.other_grassroots)])

    error = only_error(run(personas.chair, path))

    assert (error.row, error.column) == (2, "Mã đơn vị")
    assert f"Không có đơn vị mã {personas.other_grassroots.pk} trong phạm vi" in error.message


def test_a_role_without_member_management_can_import_into_no_unit(personas, tmp_path):
    path = write_xlsx(tmp_path, [member_row(personas.group)])

    assert only_error(run(personas.group_leader, path)).column == "Mã đơn vị"


def test_a_code_registered_outside_the_scope_is_never_touched(personas, tmp_path):
    stranger = personas.stranger
    path = write_xlsx(tmp_path, [member_row(personas.group, code=stranger.code, full_name="Lê Văn An")])

    error = only_error(run(personas.chair, path))

    assert (error.column, "ngoài phạm vi" in error.message) == ("Mã đoàn viên", True)
    stranger.refresh_from_db()
    assert stranger.unit == personas.other_grassroots


def test_a_unit_change_must_go_through_a_transfer(personas, tmp_path):
    path = write_xlsx(tmp_path, [member_row(personas.other_group, code="HN0001", full_name="Nguyễn Trung Hiếu",
                                            gender="Nam", date_of_birth="01/01/1988")])  # fmt: skip

    error = only_error(run(personas.chair, path))

    assert (error.column, error.letter) == ("Mã đơn vị", LETTER["unit"])
    assert "Chuyển sinh hoạt" in error.message
    assert Member.objects.get(code="HN0001").unit == personas.group


def test_members_cannot_be_added_to_a_closed_unit(personas, tmp_path):
    unit_close(unit=personas.other_group, closed_on=datetime.date(2026, 1, 1), reason="Sáp nhập")
    path = write_xlsx(tmp_path, [member_row(personas.other_group)])

    error = only_error(run(personas.chair, path))

    assert (error.column, "đã giải thể" in error.message) == ("Mã đơn vị", True)


def test_the_status_column_cannot_change_a_status(personas, tmp_path):
    path = write_xlsx(tmp_path, [member_row(personas.group, code="HN0001", full_name="Nguyễn Trung Hiếu",
                                            gender="Nam", date_of_birth="01/01/1988", union_joined_on="",
                                            job_title="", email="", phone="", status="Đã thôi sinh hoạt")])  # fmt: skip

    error = only_error(run(personas.chair, path))

    assert (error.column, "Tình trạng hiện tại là «Đang sinh hoạt»" in error.message) == ("Tình trạng", True)
    assert Member.objects.get(code="HN0001").status == MemberStatus.ACTIVE
