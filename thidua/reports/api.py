"""API of the statistics dashboards (mounted at /api/reports): the figures of a unit's subtree for a year, as the
dashboard shows them (classification, titles, target progress, child units, clusters and blocks, trend, registrations),
and the statistics workbook. Needs ``view`` on the unit: outside the scope → 404, a member's own unit → 403."""

from typing import Any

from django.urls import reverse
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


class ReportOut(Schema):
    unit: dict[str, Any] = Field(description="id, name, kind")
    year: int
    as_of: str = Field(description="Số liệu đến ngày (YYYY-MM-DD)")
    labels: dict[str, Any]
    classification: dict[str, Any] = Field(description="members, rated, not_rated, counts theo mức, shares (%)")
    children: list[dict[str, Any]] = Field(description="Đơn vị trực thuộc: phân loại, khen thưởng, sáng kiến, chỉ tiêu")
    titles: list[dict[str, Any]]
    targets: list[dict[str, Any]] = Field(description="Tiến độ từng chỉ tiêu của các phong trào trong năm")
    target_status_counts: dict[str, int]
    registrations: list[dict[str, Any]]
    clusters: list[dict[str, Any]] = Field(description="Cụm, khối thi đua có đơn vị trong cây")
    trend: list[dict[str, Any]] = Field(description="Năm đang xem và bốn năm trước")
    initiatives: int


@router.get("/units/{int:unit_id}", response={200: ReportOut, **ERROR_RESPONSES},
            summary="Số liệu thống kê của một đơn vị (cả cây trực thuộc) trong năm")  # fmt: skip
def unit_report(request, unit_id: int, query: Query[ReportQuery]):
    unit = selectors.report_unit(request.user, unit_id)
    year = selectors.report_year(query.year)
    report = selectors.unit_report(request.user, unit, year)
    urls = {r.unit.pk: reverse("reports:dashboard", args=[r.unit.pk]) + f"?year={year}"
            for r in report.children}  # fmt: skip
    return selectors.report_data(report, urls=urls)


@router.get("/units/{int:unit_id}/workbook", response={200: None, **ERROR_RESPONSES},
            summary="Sổ thống kê (.xlsx)", description="Các trang: phân loại, danh hiệu, chỉ tiêu, đăng ký thi đua; "
            "ô bắt đầu bằng = + - @ được vô hiệu hóa công thức.")  # fmt: skip
def unit_workbook(request, unit_id: int, query: Query[WorkbookQuery]):
    unit = selectors.report_unit(request.user, unit_id)
    report = selectors.unit_report(request.user, unit, selectors.report_year(query.year), all_units=query.all)
    return xlsx_response(lambda handle: write_workbook(report, handle, all_units=query.all), workbook_filename(report))
