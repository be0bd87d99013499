"""Sổ thống kê thi đua: the statistics workbook of a unit (and its subtree) for a year.

Four sheets — «Xếp loại», «Danh hiệu», «Chỉ tiêu», «Đăng ký thi đua» — each opening with the header rows officers
expect: the parent union and the issuing unit (capitals, the unit in bold), the title in capitals with the year, the
date the figures were read, the column headings, then the rows and a bold totals row. Rows are the unit's child units
(the default) or every unit of the subtree in tree order, indented (``all_units``).

Written with openpyxl's write-only mode, so memory stays flat for a province's 3,600 units; every text cell goes
through :func:`thidua.core.spreadsheets.safe_cell` (a name starting with "=" is written as "'=…", never a formula).
"""

from typing import IO

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from thidua.core.spreadsheets import column_letter, safe_cell
from thidua.evaluation.choices import Level
from thidua.movements.choices import BEHIND, ProgressStatus
from thidua.movements.templatetags.movement_tags import amount, threshold
from thidua.reports.selectors import RATED, Report, Split, UnitRow

SHEETS = ("Xếp loại", "Danh hiệu", "Chỉ tiêu", "Đăng ký thi đua")
HEADING_ROW = 7  # the row of the first table's column headings


def workbook_filename(report: Report) -> str:
    short = report.unit.short_name or f"don-vi-{report.unit.pk}"
    return f"thong-ke-thi-dua-{short}-{report.year}.xlsx"


def write_workbook(report: Report, handle: IO[bytes], *, all_units: bool = False) -> None:
    with translation.override("vi"):
        workbook = Workbook(write_only=True)
        _classification_sheet(workbook, report, all_units)
        _titles_sheet(workbook, report, all_units)
        _targets_sheet(workbook, report)
        _registrations_sheet(workbook, report, all_units)
        workbook.save(handle)


# --- cells ----------------------------------------------------------------------------------------------------------


class _Writer:
    def __init__(self, sheet):
        self.sheet = sheet

    def cell(self, value, *, bold: bool = False, italic: bool = False, wrap: bool = False):
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, str):
            cell = WriteOnlyCell(self.sheet, value=safe_cell(value))
            cell.data_type = "s"  # text stays text, even "'=…"
        else:
            cell = WriteOnlyCell(self.sheet, value=value)
        if bold or italic:
            cell.font = Font(bold=bold, italic=italic)
        if wrap:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        return cell

    def row(self, values, *, bold: bool = False, wrap: bool = False) -> None:
        self.sheet.append([self.cell(v, bold=bold, wrap=wrap) for v in values])

    def blank(self) -> None:
        self.sheet.append([])

    def widths(self, widths) -> None:
        for index, width in enumerate(widths):
            self.sheet.column_dimensions[column_letter(index)].width = width


def _sheet(workbook, name: str, report: Report, title: str, widths, note: str = "") -> _Writer:
    """A sheet with the header rows: parent union, issuing unit, blank, title, as-of date, a note or blank (1–6)."""
    w = _Writer(workbook.create_sheet(name))
    w.widths(widths)
    parent = report.unit.parent
    w.row([parent.name.upper() if parent else ""])
    w.row([report.unit.name.upper()], bold=True)
    w.blank()
    w.row([title.upper()], bold=True)
    w.sheet.append([w.cell(_("Năm {year} – số liệu đến ngày {date}").format(
        year=report.year, date=report.as_of.strftime("%d/%m/%Y")), italic=True)])  # fmt: skip
    if note:
        w.row([note], bold=True)
    else:
        w.blank()
    return w


def _label(row: UnitRow) -> str:
    return "\u00a0\u00a0" * row.depth + row.unit.name


def _unit_rows(report: Report, all_units: bool) -> list[UnitRow]:
    return report.all_units if all_units else report.children


# --- «Xếp loại» -----------------------------------------------------------------------------------------------------


def _split_cells(split: Split) -> list:
    cells: list = [split.members, split.rated]
    for level in RATED:
        cells += [split.count(level), split.share(level)]
    return [*cells, split.not_rated]


def _classification_sheet(workbook, report: Report, all_units: bool) -> None:
    w = _sheet(workbook, SHEETS[0], report, _("Thống kê xếp loại đoàn viên năm {year}").format(year=report.year),
               [6, 48, 12, 12] + [10, 10] * 4 + [12])  # fmt: skip
    heading = [_("STT"), _("Đơn vị"), _("Số đoàn viên"), _("Số được xếp loại")]
    for level in RATED:
        heading += [str(level.label), _("Tỷ lệ {level} (%)").format(level=level.value)]
    w.row([*heading, str(Level.NOT_RATED.label)], bold=True, wrap=True)
    number = 0
    for number, row in enumerate(_unit_rows(report, all_units), start=1):
        w.row([number, _label(row), *_split_cells(row.split)])
    if report.direct is not None and not all_units:
        w.row([number + 1, _("Đoàn viên sinh hoạt trực tiếp tại {unit}").format(unit=report.unit.name),
               *_split_cells(report.direct)])  # fmt: skip
    w.row(["", _("Tổng cộng"), *_split_cells(report.split)], bold=True)
    w.blank()
    w.row(["", _("Tỷ lệ tính trên số đoàn viên được xếp loại trong các đợt bình xét cả năm đã chốt kết quả.")])


# --- «Danh hiệu» ----------------------------------------------------------------------------------------------------


def _titles_sheet(workbook, report: Report, all_units: bool) -> None:
    w = _sheet(workbook, SHEETS[1], report,
               _("Thống kê danh hiệu thi đua, hình thức khen thưởng năm {year}").format(year=report.year),
               [6, 48, 12, 12, 12, 24])  # fmt: skip
    w.row([_("STT"), _("Danh hiệu, hình thức khen thưởng"), _("Cá nhân"), _("Tập thể"), _("Cộng"), _("Mã")],
          bold=True)  # fmt: skip
    for number, t in enumerate(report.titles, start=1):
        w.row([number, t.name, t.individual, t.collective, t.total, t.code])
    w.row(["", _("Tổng cộng"), report.awards_individual, report.awards_collective,
           report.awards_individual + report.awards_collective], bold=True)  # fmt: skip
    w.blank()
    w.row([_("STT"), _("Đơn vị"), _("Cá nhân"), _("Tập thể"), _("Cộng")], bold=True)
    for number, row in enumerate(_unit_rows(report, all_units), start=1):
        w.row([number, _label(row), row.awards_individual, row.awards_collective, row.awards])


# --- «Chỉ tiêu» -----------------------------------------------------------------------------------------------------


def _targets_sheet(workbook, report: Report) -> None:
    w = _sheet(workbook, SHEETS[2], report,
               _("Tiến độ thực hiện chỉ tiêu thi đua năm {year}").format(year=report.year),
               [6, 28, 60, 12, 12, 12, 20, 12, 12, 12, 20, 14])  # fmt: skip
    w.row([_("STT"), _("Phong trào (kế hoạch)"), _("Chỉ tiêu"), _("Mức"), _("Thời hạn"), _("Kết quả"),
           _("Tình trạng"), _("Số đơn vị áp dụng"), _("Số đơn vị đạt"), _("Số đơn vị chậm"),
           _("Số liệu sơ kết, tổng kết gần nhất"), _("Số liệu đến ngày")], bold=True, wrap=True)  # fmt: skip
    for number, t in enumerate(report.targets, start=1):
        final = ""
        if t.final_status:
            label = ProgressStatus(t.final_status).label
            final = f"{t.final_phase}: {amount(t.final_value, t.target)} ({label})"
        movement = f"{t.movement.plan_number} – {t.movement.title}" \
            if t.movement.plan_number else t.movement.title  # fmt: skip
        w.row([number, movement, t.target.name, threshold(t.target), t.target.deadline.strftime("%d/%m/%Y"),
               amount(t.progress.value, t.target), str(ProgressStatus(t.progress.status).label),
               t.progress.units_total, t.progress.units_achieved, t.progress.units_behind, final,
               t.progress.as_of.strftime("%d/%m/%Y")], wrap=True)  # fmt: skip
    counts = report.target_status_counts
    behind = sum(counts[s] for s in BEHIND)
    w.row(["", _("Tổng cộng"), _("{n} chỉ tiêu: {achieved} đã đạt, {behind} chậm hoặc không đạt").format(
        n=len(report.targets), achieved=counts[ProgressStatus.ACHIEVED], behind=behind)], bold=True)  # fmt: skip


# --- «Đăng ký thi đua» ----------------------------------------------------------------------------------------------


def _share(members: int, registered: int) -> float | None:
    return round(registered * 100 / members, 1) if members else None


def _registrations_sheet(workbook, report: Report, all_units: bool) -> None:
    first = (
        _("Phong trào: {title}").format(title=report.registrations[0].movement.title) if report.registrations else ""
    )
    w = _sheet(workbook, SHEETS[3], report, _("Tình hình đăng ký thi đua năm {year}").format(year=report.year),
               [6, 48, 12, 12, 12, 14], note=first)  # fmt: skip
    heading = [_("STT"), _("Đơn vị"), _("Số đoàn viên"), _("Đã đăng ký"), _("Chưa đăng ký"), _("Tỷ lệ đăng ký (%)")]
    if not report.registrations:
        w.row(heading, bold=True)
        w.row(["", _("Không có phong trào thi đua nào của năm bao trùm đơn vị.")])
        return
    for index, block in enumerate(report.registrations):
        if index:
            w.blank()
            w.row([_("Phong trào: {title}").format(title=block.movement.title)], bold=True)
        w.row(heading, bold=True)
        for number, row in enumerate(_unit_rows(report, all_units), start=1):
            members, registered = block.at(row.unit.path)
            w.row([number, _label(row), members, registered, members - registered, _share(members, registered)])
        members, registered = block.at(report.unit.path)
        w.row(["", _("Tổng cộng – {title}").format(title=block.movement.plan_number or block.movement.title),
               members, registered, members - registered, _share(members, registered)], bold=True)  # fmt: skip
        if block.titles:
            w.row(["", _("Danh hiệu đăng ký"), _("Cá nhân"), _("Tập thể")], bold=True)
            for t in block.titles:
                w.row(["", t.name, t.individual, t.collective])
