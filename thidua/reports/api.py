"""API of the statistics dashboards (mounted at /api/reports): the figures of a unit's subtree for a year, as the
dashboard shows them (classification, titles, target progress, child units, clusters and blocks, trend, registrations),
the comparison of the child units alone, the trend alone, and the statistics workbook. Needs ``view`` on the unit:
outside the scope → 404, a member's own unit → 403."""

from typing import Any

from ninja import Field, Query, Router, Schema

from thidua.api.errors import ERROR_RESPONSES
from thidua.core.spreadsheets import xlsx_response
from thidua.reports import selectors
from thidua.reports.exports import workbook_filename, write_workbook

router = Router(tags=["Báo cáo, thống kê"])


class ReportQuery(Schema):
    year: int | None = Field(None, description="Năm (mặc định: năm hiện tại)")


class WorkbookQuery(ReportQuery):
    all: bool = Field(False, description="true: liệt kê mọi đơn vị trong cây (không chỉ đơn vị trực thuộc)")


class UnitRef(Schema):
    id: int
    name: str = Field(description="Tên đơn vị")
    kind: str = Field(description="Loại đơn vị")


class SplitOut(Schema):
    members: int = Field(description="Số đoàn viên đang sinh hoạt")
    rated: int = Field(description="Số đoàn viên được xếp loại (HTXS, HTT, HT, KHT)")
    not_rated: int = Field(description="Số đoàn viên không xếp loại")
    counts: dict[str, int] = Field(description="Mức (HTXS, HTT, HT, KHT, not_rated) → số đoàn viên")
    shares: dict[str, float | None] = Field(description="Mức → tỷ lệ % trên số được xếp loại")


class TargetCountsOut(Schema):
    total: int = Field(description="Số chỉ tiêu áp dụng tại đơn vị")
    achieved: int = Field(description="Số chỉ tiêu đã đạt")
    behind: int = Field(description="Số chỉ tiêu chậm hoặc không đạt")


class ChildOut(Schema):
    id: int
    name: str
    url: str = Field(description="Trang thống kê của đơn vị (xem chi tiết cấp dưới)")
    has_children: bool = Field(description="Đơn vị còn có đơn vị trực thuộc")
    classification: SplitOut
    awards_individual: int
    awards_collective: int
    initiatives: int = Field(description="Sáng kiến đăng ký trong năm")
    targets: TargetCountsOut


class YearOut(Schema):
    year: int
    classification: SplitOut
    awards_individual: int
    awards_collective: int
    initiatives_submitted: int
    initiatives_recognised: int


class ReportOut(Schema):
    unit: UnitRef
    year: int
    as_of: str = Field(description="Số liệu đến ngày (YYYY-MM-DD)")
    labels: dict[str, Any]
    classification: SplitOut
    children: list[ChildOut] = Field(description="Đơn vị trực thuộc: phân loại, khen thưởng, sáng kiến, chỉ tiêu")
    titles: list[dict[str, Any]]
    targets: list[dict[str, Any]] = Field(description="Tiến độ từng chỉ tiêu của các phong trào trong năm")
    target_status_counts: dict[str, int]
    registrations: list[dict[str, Any]]
    clusters: list[dict[str, Any]] = Field(description="Cụm, khối thi đua có đơn vị trong cây")
    trend: list[YearOut] = Field(description="Năm đang xem và bốn năm trước")
    initiatives: int


class ComparisonOut(Schema):
    unit: UnitRef
    year: int
    children: list[ChildOut]


class TrendOut(Schema):
    unit: UnitRef
    years: list[YearOut] = Field(description="Năm đang xem và bốn năm trước, năm cũ trước")


@router.get("/units/{int:unit_id}", response={200: ReportOut, **ERROR_RESPONSES},
            summary="Số liệu thống kê của một đơn vị (cả cây trực thuộc) trong năm")  # fmt: skip
def unit_report(request, unit_id: int, query: Query[ReportQuery]):
    unit = selectors.report_unit(request.user, unit_id)
    report = selectors.unit_report(request.user, unit, selectors.report_year(query.year))
    return selectors.report_data(report, urls=selectors.drill_down_urls(report))


@router.get("/units/{int:unit_id}/children", response={200: ComparisonOut, **ERROR_RESPONSES},
            summary="So sánh các đơn vị trực thuộc trong năm")  # fmt: skip
def unit_children(request, unit_id: int, query: Query[ReportQuery]):
    unit = selectors.report_unit(request.user, unit_id)
    year = selectors.report_year(query.year)
    rows = selectors.children_comparison(unit, year)
    urls = {r.unit.pk: selectors.dashboard_url(r.unit, year) for r in rows}
    return {"unit": selectors.unit_data(unit), "year": year, "children": selectors.children_data(rows, urls)}


@router.get("/units/{int:unit_id}/trend", response={200: TrendOut, **ERROR_RESPONSES},
            summary="Xu hướng qua các năm (năm đang xem và bốn năm trước)")  # fmt: skip
def unit_trend(request, unit_id: int, query: Query[ReportQuery]):
    unit = selectors.report_unit(request.user, unit_id)
    rows = selectors.trend_rows(unit, selectors.report_year(query.year))
    return {"unit": selectors.unit_data(unit), "years": selectors.trend_data(rows)}


@router.get("/units/{int:unit_id}/workbook", response={200: None, **ERROR_RESPONSES},
            summary="Sổ thống kê (.xlsx)", description="Các trang: phân loại, danh hiệu, chỉ tiêu, đăng ký thi đua; "
            "ô bắt đầu bằng = + - @ được vô hiệu hóa công thức.")  # fmt: skip
def unit_workbook(request, unit_id: int, query: Query[WorkbookQuery]):
    unit = selectors.report_unit(request.user, unit_id)
    report = selectors.unit_report(request.user, unit, selectors.report_year(query.year), all_units=query.all)
    return xlsx_response(lambda handle: write_workbook(report, handle, all_units=query.all), workbook_filename(report))
