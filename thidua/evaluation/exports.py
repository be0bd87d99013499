"""Bảng tổng hợp kết quả bình xét: the summary of a round's results for a unit (the running union or one of its
groups), one row per member with the points of every criterion, grouped by union group with the count of each level,
and the HTXS quota. Written with openpyxl's write-only mode (memory stays flat); text is formula-safe."""

from collections import Counter
from typing import IO

from django.utils import translation
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from thidua.core.spreadsheets import column_letter, safe_cell
from thidua.evaluation import engine, selectors
from thidua.evaluation.choices import Level
from thidua.evaluation.models import CriterionScore, EvaluationRound
from thidua.evaluation.rules import ROUNDING_LABELS
from thidua.members.choices import Gender
from thidua.organizations.models import Unit

SHEET = "Tổng hợp kết quả"
LEVEL_ORDER = [Level.HTXS, Level.HTT, Level.HT, Level.KHT, Level.NOT_RATED]


def _bold(sheet, value):
    cell = WriteOnlyCell(sheet, value=safe_cell(value))
    cell.font = Font(bold=True)
    return cell


def _text(sheet, value):
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=safe_cell(value))
        cell.data_type = "s"
        return cell
    return value


def _level_summary(counts: Counter) -> str:
    return "; ".join(f"{level.label}: {counts.get(level.value, 0)}" for level in LEVEL_ORDER)


def write_summary_xlsx(evaluation_round: EvaluationRound, unit: Unit, handle: IO[bytes]) -> None:
    with translation.override("vi"):
        _write(evaluation_round, unit, handle)


def _write(evaluation_round: EvaluationRound, unit: Unit, handle: IO[bytes]) -> None:
    criteria = selectors.criteria(evaluation_round)
    subs = list(evaluation_round.submissions.filter(unit__path__startswith=unit.path)
                .select_related("member", "unit")
                .order_by("unit__name", "member__sort_key", "member__code"))  # fmt: skip
    points: dict[tuple[int, int], object] = {
        (s, c): v for s, c, v in CriterionScore.objects.filter(submission__in=[s.pk for s in subs])
        .annotate(points=engine.POINTS).values_list("submission_id", "criterion_id", "points")}  # fmt: skip
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET)
    widths = [6, 14, 28, 8, 32, 10] + [12] * len(criteria) + [12, 12, 10, 10, 60]
    for index, width in enumerate(widths):
        sheet.column_dimensions[column_letter(index)].width = width
    sheet.append([_bold(sheet, "BẢNG TỔNG HỢP KẾT QUẢ BÌNH XÉT")])
    sheet.append([_bold(sheet, f"{evaluation_round.name} – {unit.name}")])
    sheet.append([_text(sheet, "Kỳ đánh giá: {start} – {end}; phiên bản tiêu chí v{v}; bộ quy tắc: {pack}".format(
        start=evaluation_round.period_start.strftime("%d/%m/%Y"), end=evaluation_round.period_end.strftime("%d/%m/%Y"),
        v=evaluation_round.criteria_version.number, pack=evaluation_round.rule_pack.name))])  # fmt: skip
    sheet.append([])
    header = ["STT", "Mã đoàn viên", "Họ và tên", "Giới tính", "Tổ công đoàn", "Số tháng công tác"]
    header += [f"{c.code or i + 1}. {c.name} ({c.max_points.normalize():f})" for i, c in enumerate(criteria)]
    header += ["Tổng điểm tự chấm", "Tổng điểm", "Mức theo điểm", "Xếp loại", "Ghi chú"]
    sheet.append([_bold(sheet, h) for h in header])
    everyone: Counter = Counter()
    current = None
    counts: Counter = Counter()
    for number, s in enumerate(subs, start=1):
        if s.unit_id != current:
            if current is not None:
                sheet.append(["", "", _text(sheet, "Cộng tổ: " + _level_summary(counts))])
            current, counts = s.unit_id, Counter()
            sheet.append(["", "", _bold(sheet, s.unit.name)])
        counts[s.level] += 1
        everyone[s.level] += 1
        row = [
            number,
            _text(sheet, s.member.code),
            _text(sheet, s.member.full_name),
            _text(sheet, str(Gender(s.member.gender).label)),
            _text(sheet, s.unit.name),
            s.worked_months,
        ]
        row += [points.get((s.pk, c.pk)) for c in criteria]
        row += [s.self_total, s.total, s.score_level, s.level, _text(sheet, s.level_note)]
        sheet.append(row)
    if current is not None:
        sheet.append(["", "", _text(sheet, "Cộng tổ: " + _level_summary(counts))])
    sheet.append([])
    sheet.append(["", "", _bold(sheet, f"Tổng cộng {len(subs)} đoàn viên: {_level_summary(everyone)}")])  # fmt: skip
    if unit.pk == evaluation_round.unit_id and evaluation_round.status != "draft":
        quota = selectors.quota_status(evaluation_round)
        sheet.append(["", "", _text(sheet, "Chỉ tiêu HTXS: tối đa {allowed} = {ratio}% × {base} người đạt HTT trở lên "
                                    "({rounding}; {citation}).".format(
                                        allowed=quota.allowed, ratio=f"{(quota.ratio * 100).normalize():f}",
                                        base=quota.base, rounding=ROUNDING_LABELS[quota.rounding],
                                        citation=quota.citation))])  # fmt: skip
    workbook.save(handle)
