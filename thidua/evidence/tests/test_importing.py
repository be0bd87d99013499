"""Attendance import: row-level Vietnamese errors, all-or-nothing, the sign-in sheet re-imports."""

import datetime
import io

from openpyxl import Workbook

from thidua.evidence import selectors, services
from thidua.evidence.exports import write_attendance_sheet
from thidua.evidence.importing import attendance_import
from thidua.evidence.models import Attendance
from thidua.members.tests.factories import MemberFactory


def session(p):
    return services.activity_create(unit=p.grassroots, kind="resolution_study", title="Học tập Nghị quyết",
                                    held_on=datetime.date(2025, 3, 3))  # fmt: skip


def xlsx(tmp_path, rows, name="diem-danh.xlsx"):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    path = tmp_path / name
    workbook.save(path)
    return path


def test_a_sign_in_sheet_marks_present_and_absent(personas, tmp_path):
    p = personas
    a = session(p)
    path = xlsx(tmp_path, [["Danh sách điểm danh"], ["STT", "Mã đoàn viên", "Họ và tên", "Có mặt"],
                           [1, "HN0001", "Nguyễn Trung Hiếu", "x"], [2, "HN0002", "tran thi hoa ly", ""]])  # fmt: skip
    result = attendance_import(activity=a, path=path, filename=path.name, by=p.group_leader)
    assert (result.committed, result.present, result.absent, result.errors) == (True, 1, 1, [])
    marks = dict(Attendance.objects.filter(activity=a).values_list("member__code", "present"))
    assert marks == {"HN0001": True, "HN0002": False}


def test_every_bad_row_is_reported_and_nothing_is_written(personas, tmp_path):
    p = personas
    MemberFactory(unit=p.other_group, code="HN0003", full_name="Phạm Thu Hà")
    a = session(p)
    path = xlsx(tmp_path, [["Mã đoàn viên", "Họ và tên", "Có mặt"], ["HN0001", "", "có"], ["QB0001", "", "x"],
                           ["HN0001", "", "x"], ["HN0003", "Nguyễn Văn Sai", "x"], ["", "Ai đó", "x"],
                           ["HN0002", "", "có lẽ"]])  # fmt: skip
    result = attendance_import(activity=a, path=path, filename=path.name)
    assert not result.committed
    assert [str(e) for e in result.errors] == [
        "Dòng 3, cột A «Mã đoàn viên»: Không có đoàn viên đang sinh hoạt mã QB0001 trong «Công đoàn Sở Thông tin và "
        "Truyền thông».",
        "Dòng 4, cột A «Mã đoàn viên»: Mã HN0001 đã có ở dòng 2.",
        "Dòng 5, cột B «Họ và tên»: Mã HN0003 là của «Phạm Thu Hà», không phải «Nguyễn Văn Sai».",
        "Dòng 6, cột A «Mã đoàn viên»: Thiếu mã đoàn viên.",
        "Dòng 7, cột C «Có mặt»: «có lẽ» không hợp lệ; ghi «x» nếu có mặt, để trống nếu vắng.",
    ]
    assert not Attendance.objects.filter(activity=a).exists()


def test_a_csv_without_the_present_column_marks_everyone_listed_present(personas, tmp_path):
    p = personas
    a = session(p)
    path = tmp_path / "diem-danh.csv"
    path.write_text("Mã đoàn viên;Họ và tên\nHN0002;Trần Thị Hoa Lý\n", encoding="utf-8-sig")
    result = attendance_import(activity=a, path=path, filename=path.name)
    assert (result.committed, result.present) == (True, 1)


def test_files_that_cannot_be_read_are_refused(personas, tmp_path):
    p = personas
    a = session(p)
    path = tmp_path / "anh.png"
    path.write_bytes(b"\x89PNG")
    assert "Chỉ nhận tệp Excel" in str(attendance_import(activity=a, path=path, filename=path.name).errors[0])
    path = xlsx(tmp_path, [["Họ và tên"], ["Nguyễn Trung Hiếu"]], name="thieu-cot.xlsx")
    assert str(attendance_import(activity=a, path=path, filename=path.name).errors[0]) == (
        "Không tìm thấy dòng tiêu đề có cột «Mã đoàn viên»."
    )


def test_the_downloaded_sheet_imports_back(personas, tmp_path):
    p = personas
    a = session(p)
    services.attendance_mark(activity=a, present=[p.colleague.pk], absent=[p.member_record.pk])
    handle = io.BytesIO()
    write_attendance_sheet(a, selectors.attendance_rows(a), handle)
    path = tmp_path / "lai.xlsx"
    path.write_bytes(handle.getvalue())
    result = attendance_import(activity=a, path=path, filename=path.name)
    assert (result.committed, result.present, result.absent) == (True, 1, 1)
