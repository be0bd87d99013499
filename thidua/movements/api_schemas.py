"""Request and response schemas of the movements API (thidua/movements/api.py)."""

import datetime
from decimal import Decimal

from ninja import Field, Schema

from thidua.api.pagination import Page, PageParams
from thidua.api.schemas import InputSchema
from thidua.movements.choices import (
    AppliesTo,
    Comparison,
    CriterionMethod,
    MovementKind,
    MovementStatus,
    ProgressStatus,
    ReviewKind,
    ScopeKind,
    Subject,
    TargetKind,
    TargetSource,
)
from thidua.organizations.api import UnitRef
from thidua.organizations.choices import UnitKind


def _values(choices) -> str:
    return "; ".join(f"{c.value} = {c.label}" for c in choices)


STATUSES = _values(MovementStatus)
PROGRESS = _values(ProgressStatus)


# --- movements -------------------------------------------------------------------------------------------------------


class MovementOut(Schema):
    id: int
    unit: UnitRef = Field(description="Đơn vị ban hành")
    parent_id: int | None = Field(description="Kế hoạch cấp trên mà kế hoạch này cụ thể hóa")
    plan_number: str = Field(description="Số kế hoạch, ví dụ 18/KH-CĐSTNMT")
    issued_on: datetime.date | None = Field(description="Ngày ban hành")
    signer: str = Field(description="Người ký")
    signer_title: str = Field(description="Chức vụ người ký")
    title: str = Field(description="Tên phong trào")
    theme: str = Field(description="Chủ đề")
    purpose: str = Field(description="Mục đích, yêu cầu")
    kind: MovementKind = Field(description=f"Loại: {_values(MovementKind)}")
    starts_on: datetime.date = Field(description="Từ ngày")
    ends_on: datetime.date = Field(description="Đến ngày")
    scope_kind: ScopeKind = Field(description=f"Phạm vi: {_values(ScopeKind)}")
    scope_units: list[UnitRef] = Field(description="Các đơn vị gốc của phạm vi (mỗi đơn vị gồm cả đơn vị trực thuộc)")
    cluster_id: int | None = Field(description="Cụm, khối thi đua (phạm vi theo cụm, khối)")
    adopter_kind: str = Field(description="Loại đơn vị cấp dưới phải xây dựng kế hoạch cụ thể hóa")
    registration_opens_on: datetime.date | None = Field(description="Mở đăng ký từ")
    registration_closes_on: datetime.date | None = Field(description="Hạn đăng ký")
    status: MovementStatus = Field(description=f"Trạng thái: {STATUSES}")
    launched_at: datetime.datetime | None = Field(description="Phát động lúc")
    closed_at: datetime.datetime | None = Field(description="Kết thúc lúc")
    progress_computed_at: datetime.datetime | None = Field(description="Tiến độ chỉ tiêu được tính lần cuối lúc")

    @staticmethod
    def resolve_scope_units(obj) -> list:
        return list(obj.scope_units.all())


class MovementPage(Page[MovementOut]):
    pass


class MovementQuery(PageParams):
    q: str = Field("", description="Tìm theo tên phong trào hoặc số kế hoạch")
    status: MovementStatus | None = Field(None, description=f"Trạng thái: {STATUSES}")
    year: int | None = Field(None, description="Phong trào diễn ra trong năm này")
    unit: int | None = Field(None, description="Do đơn vị này hoặc đơn vị trực thuộc ban hành")


class MovementIn(InputSchema):
    unit: int = Field(description="Id đơn vị ban hành (bạn cần quyền quản lý phong trào ở đó)")
    title: str = Field(min_length=1, max_length=500, description="Tên phong trào")
    starts_on: datetime.date = Field(description="Từ ngày")
    ends_on: datetime.date = Field(description="Đến ngày")
    kind: MovementKind = Field(MovementKind.ANNUAL, description=f"Loại: {_values(MovementKind)}")
    plan_number: str = Field("", max_length=60, description="Số kế hoạch (bắt buộc khi phát động)")
    issued_on: datetime.date | None = Field(None, description="Ngày ban hành (bắt buộc khi phát động)")
    signer: str = Field("", max_length=150, description="Người ký")
    signer_title: str = Field("", max_length=150, description="Chức vụ người ký")
    theme: str = Field("", description="Chủ đề")
    purpose: str = Field("", description="Mục đích, yêu cầu")
    scope_kind: ScopeKind = Field(ScopeKind.SUBTREE, description=f"Phạm vi: {_values(ScopeKind)}")
    scope_units: list[int] = Field(
        [], description="Id các đơn vị trong phạm vi (phạm vi «units»; «subtree»: một đơn vị, mặc định đơn vị ban hành)"
    )
    cluster: int | None = Field(None, description="Id cụm, khối (phạm vi «cluster»)")
    adopter_kind: UnitKind | None = Field(None, description="Loại đơn vị cấp dưới phải xây dựng kế hoạch")
    registration_opens_on: datetime.date | None = Field(None, description="Mở đăng ký từ")
    registration_closes_on: datetime.date | None = Field(None, description="Hạn đăng ký")


class MovementUpdateIn(InputSchema):
    title: str | None = Field(None, min_length=1, max_length=500, description="Tên phong trào")
    starts_on: datetime.date | None = Field(None, description="Từ ngày")
    ends_on: datetime.date | None = Field(None, description="Đến ngày")
    kind: MovementKind | None = Field(None, description="Loại (chỉ khi còn dự thảo)")
    plan_number: str | None = Field(None, max_length=60, description="Số kế hoạch")
    issued_on: datetime.date | None = Field(None, description="Ngày ban hành")
    signer: str | None = Field(None, max_length=150, description="Người ký")
    signer_title: str | None = Field(None, max_length=150, description="Chức vụ người ký")
    theme: str | None = Field(None, description="Chủ đề")
    purpose: str | None = Field(None, description="Mục đích, yêu cầu")
    scope_kind: ScopeKind | None = Field(None, description="Phạm vi (chỉ khi còn dự thảo)")
    scope_units: list[int] | None = Field(None, description="Id các đơn vị trong phạm vi (chỉ khi còn dự thảo)")
    cluster: int | None = Field(None, description="Id cụm, khối (chỉ khi còn dự thảo)")
    adopter_kind: UnitKind | None = Field(None, description="Loại đơn vị cấp dưới phải xây dựng kế hoạch")
    registration_opens_on: datetime.date | None = Field(None, description="Mở đăng ký từ")
    registration_closes_on: datetime.date | None = Field(None, description="Hạn đăng ký")


class TemplateOut(Schema):
    key: str = Field(description="Mã mẫu")
    name: str = Field(description="Tên mẫu")
    source: str = Field(description="Nguồn (bài viết, kế hoạch gốc)")
    default_year: int = Field(description="Năm của kế hoạch gốc")
    notes: list[str] = Field(description="Lưu ý khi áp dụng")
    groups: int = Field(description="Số phần nội dung")
    items: int = Field(description="Số nội dung thi đua")
    phases: int = Field(description="Số đợt")
    targets: int = Field(description="Số chỉ tiêu")


class FromTemplateIn(InputSchema):
    template: str = Field(description="Mã mẫu (GET /api/movements/templates)")
    unit: int = Field(description="Id đơn vị ban hành")
    year: int = Field(ge=2000, le=2100, description="Năm của phong trào (năm đầu với phong trào nhiều năm)")
    plan_number: str | None = Field(None, max_length=60, description="Số kế hoạch (mặc định: số trong mẫu nếu có)")
    issued_on: datetime.date | None = Field(None, description="Ngày ban hành")
    signer: str | None = Field(None, max_length=150, description="Người ký")
    launch: bool = Field(False, description="Phát động ngay")


class CountOut(Schema):
    rows: int = Field(description="Số dòng tiến độ đã tính / số liệu đã chốt")


# --- content and criteria --------------------------------------------------------------------------------------------


class StandardOut(Schema):
    id: int
    text: str = Field(description="Tiêu chuẩn")


class ContentItemOut(Schema):
    id: int
    text: str = Field(description="Nội dung thi đua")
    standards: list[StandardOut] = Field(description="Các tiêu chuẩn")

    @staticmethod
    def resolve_standards(obj) -> list:
        return list(obj.standards.all())


class ContentGroupOut(Schema):
    id: int
    name: str = Field(description="Tên phần nội dung, ví dụ «Về chuyên môn»")
    subject: str = Field(description="Đối tượng: individual = Cá nhân; collective = Tập thể; rỗng: chung")
    description: str = Field(description="Mô tả")
    items: list[ContentItemOut] = Field(description="Các nội dung")

    @staticmethod
    def resolve_items(obj) -> list:
        return list(obj.items.all())


class ContentGroupIn(InputSchema):
    name: str = Field(min_length=1, max_length=255, description="Tên phần nội dung")
    subject: Subject | None = Field(None, description="Đối tượng: individual | collective")
    description: str = Field("", description="Mô tả")


class TextIn(InputSchema):
    text: str = Field(min_length=1, description="Nội dung")


class CriterionOut(Schema):
    id: int
    version: int = Field(description="Số phiên bản tiêu chí chứa tiêu chí này")
    origin_id: int | None = Field(description="Tiêu chí gốc ở phiên bản trước (cùng một tiêu chí qua các phiên bản)")
    item_id: int | None = Field(description="Nội dung thi đua")
    code: str = Field(description="Mã")
    name: str = Field(description="Tiêu chí")
    max_points: Decimal = Field(description="Điểm tối đa")
    method: CriterionMethod = Field(description=f"Cách đo: {_values(CriterionMethod)}")
    metric_key: str = Field(description="Nguồn dữ liệu (khóa đại lượng)")
    metric_params: dict = Field(description="Tham số nguồn dữ liệu")
    target_value: Decimal | None = Field(description="Mức đạt điểm tối đa")
    deduction_points: Decimal | None = Field(description="Điểm trừ mỗi vi phạm")

    @staticmethod
    def resolve_version(obj) -> int:
        return obj.version.number


class CriteriaVersionOut(Schema):
    id: int
    number: int = Field(description="Phiên bản")
    author: str | None = Field(description="Người thay đổi")
    reason: str = Field(description="Lý do thay đổi")
    change: str = Field(description="Nội dung thay đổi")
    created_at: datetime.datetime = Field(description="Lúc thay đổi")
    criteria: list[CriterionOut] = Field(description="Các tiêu chí của phiên bản")

    @staticmethod
    def resolve_author(obj) -> str | None:
        return str(obj.author) if obj.author_id else None

    @staticmethod
    def resolve_criteria(obj) -> list:
        return list(obj.criteria.all())


class CriterionIn(InputSchema):
    name: str = Field(min_length=1, max_length=500, description="Tiêu chí")
    max_points: Decimal = Field(description="Điểm tối đa")
    method: CriterionMethod = Field(CriterionMethod.MANUAL, description=f"Cách đo: {_values(CriterionMethod)}")
    item: int | None = Field(None, description="Id nội dung thi đua")
    code: str = Field("", max_length=20, description="Mã")
    metric_key: str = Field("", max_length=80, description="Nguồn dữ liệu (cách đo count, share, indicator, deduction)")
    metric_params: dict = Field({}, description="Tham số nguồn dữ liệu")
    target_value: Decimal | None = Field(None, description="Mức đạt điểm tối đa")
    deduction_points: Decimal | None = Field(None, description="Điểm trừ mỗi vi phạm")
    reason: str = Field("", description="Lý do thay đổi (bắt buộc khi phong trào đã phát động: tạo phiên bản mới)")


class CriterionUpdateIn(InputSchema):
    name: str | None = Field(None, min_length=1, max_length=500, description="Tiêu chí")
    max_points: Decimal | None = Field(None, description="Điểm tối đa")
    method: CriterionMethod | None = Field(None, description="Cách đo")
    item: int | None = Field(None, description="Id nội dung thi đua")
    code: str | None = Field(None, max_length=20, description="Mã")
    metric_key: str | None = Field(None, max_length=80, description="Nguồn dữ liệu")
    metric_params: dict | None = Field(None, description="Tham số nguồn dữ liệu")
    target_value: Decimal | None = Field(None, description="Mức đạt điểm tối đa")
    deduction_points: Decimal | None = Field(None, description="Điểm trừ mỗi vi phạm")
    reason: str = Field("", description="Lý do thay đổi (bắt buộc khi phong trào đã phát động)")


# --- phases ---------------------------------------------------------------------------------------------------------


class PhaseOut(Schema):
    id: int
    number: int = Field(description="Đợt số")
    name: str = Field(description="Tên đợt")
    starts_on: datetime.date = Field(description="Từ ngày")
    ends_on: datetime.date = Field(description="Đến ngày")
    review_kind: ReviewKind = Field(description=f"Hình thức: {_values(ReviewKind)}")
    review_due: datetime.date = Field(description="Thời gian sơ kết / tổng kết")
    review_note: str = Field(description="Ghi chú về sơ kết / tổng kết")
    reviewed_on: datetime.date | None = Field(description="Số liệu chốt ngày (sau khi sơ kết / tổng kết)")


class PhaseIn(InputSchema):
    starts_on: datetime.date = Field(description="Từ ngày")
    ends_on: datetime.date = Field(description="Đến ngày")
    review_due: datetime.date = Field(description="Thời gian sơ kết / tổng kết")
    review_kind: ReviewKind = Field(ReviewKind.MIDTERM, description=f"Hình thức: {_values(ReviewKind)}")
    name: str = Field("", max_length=150, description="Tên đợt (mặc định «Đợt n»)")
    review_note: str = Field("", max_length=255, description="Ghi chú")


class PhaseUpdateIn(InputSchema):
    starts_on: datetime.date | None = Field(None, description="Từ ngày")
    ends_on: datetime.date | None = Field(None, description="Đến ngày")
    review_due: datetime.date | None = Field(None, description="Thời gian sơ kết / tổng kết")
    review_kind: ReviewKind | None = Field(None, description="Hình thức")
    name: str | None = Field(None, max_length=150, description="Tên đợt")
    review_note: str | None = Field(None, max_length=255, description="Ghi chú")


class ReviewIn(InputSchema):
    on: datetime.date | None = Field(None, description="Số liệu chốt ngày (mặc định hôm nay)")


# --- targets --------------------------------------------------------------------------------------------------------


class ProgressOut(Schema):
    unit: UnitRef = Field(description="Đơn vị")
    is_rollup: bool = Field(description="Tổng hợp từ các đơn vị cấp dưới mà chỉ tiêu áp dụng")
    numerator: float = Field(description="Tử số (số đếm được)")
    denominator: float | None = Field(description="Mẫu số (tổng thể, với chỉ tiêu tỷ lệ)")
    value: float | None = Field(description="Giá trị: phần trăm với chỉ tiêu tỷ lệ, số lượng với chỉ tiêu số lượng")
    projected: float | None = Field(description="Dự báo đến thời hạn (tuyến tính)")
    status: ProgressStatus = Field(description=f"Tình trạng: {PROGRESS}")
    units_total: int = Field(description="Số đơn vị áp dụng (ở dòng tổng hợp)")
    units_achieved: int = Field(description="Số đơn vị đã đạt")
    units_behind: int = Field(description="Số đơn vị chậm (có nguy cơ hoặc không đạt)")
    as_of: datetime.date = Field(description="Số liệu đến ngày")


class TargetOut(Schema):
    id: int
    name: str = Field(description="Chỉ tiêu")
    content_item_id: int | None = Field(description="Nội dung thi đua")
    kind: TargetKind = Field(description=f"Loại: {_values(TargetKind)}")
    source: TargetSource = Field(description=f"Cách đo: {_values(TargetSource)}")
    comparison: Comparison = Field(description=f"So sánh: {_values(Comparison)}")
    metric_key: str = Field(description="Nguồn dữ liệu (khóa đại lượng, xem docs/movements.md)")
    metric_params: dict = Field(description="Tham số nguồn dữ liệu")
    population_key: str = Field(description="Nguồn dữ liệu của tổng thể (chỉ tiêu tỷ lệ)")
    population_params: dict = Field(description="Tham số tổng thể")
    target_min: Decimal | None = Field(description="Mức tối thiểu (phần trăm với chỉ tiêu tỷ lệ)")
    target_max: Decimal | None = Field(description="Mức tối đa")
    period_start: datetime.date | None = Field(description="Tính từ ngày (rỗng: từ ngày bắt đầu phong trào)")
    deadline: datetime.date = Field(description="Thời hạn")
    applies_to: AppliesTo = Field(description=f"Áp dụng cho: {_values(AppliesTo)}")
    applies_kind: str = Field(description="Loại đơn vị áp dụng (applies_to = each_kind)")
    applies_units: list[UnitRef] = Field(description="Các đơn vị áp dụng (applies_to = listed)")
    mandatory: bool = Field(description="Bắt buộc với cấp dưới: kế hoạch cụ thể hóa chỉ được nâng")
    parent_target_id: int | None = Field(description="Chỉ tiêu của kế hoạch cấp trên")
    progress: ProgressOut | None = Field(description="Tiến độ tại đơn vị ban hành (dòng riêng hoặc tổng hợp)")

    @staticmethod
    def resolve_applies_units(obj) -> list:
        return list(obj.applies_units.all())

    @staticmethod
    def resolve_progress(obj):
        return getattr(obj, "issuer_progress", None)


class TargetIn(InputSchema):
    name: str = Field(min_length=1, description="Chỉ tiêu (nguyên văn kế hoạch)")
    kind: TargetKind = Field(description=f"Loại: {_values(TargetKind)}")
    deadline: datetime.date = Field(description="Thời hạn (trong thời gian của phong trào)")
    source: TargetSource = Field(TargetSource.METRIC, description=f"Cách đo: {_values(TargetSource)}")
    comparison: Comparison = Field(Comparison.AT_LEAST, description=f"So sánh: {_values(Comparison)}")
    target_min: Decimal | None = Field(None, description="Mức tối thiểu (phần trăm 0–100 với chỉ tiêu tỷ lệ)")
    target_max: Decimal | None = Field(None, description="Mức tối đa")
    metric_key: str = Field("", max_length=80, description="Nguồn dữ liệu")
    metric_params: dict = Field({}, description="Tham số nguồn dữ liệu")
    population_key: str = Field("", max_length=80, description="Nguồn dữ liệu của tổng thể")
    population_params: dict = Field({}, description="Tham số tổng thể")
    period_start: datetime.date | None = Field(None, description="Tính từ ngày")
    applies_to: AppliesTo = Field(AppliesTo.ISSUER, description=f"Áp dụng cho: {_values(AppliesTo)}")
    applies_kind: UnitKind | None = Field(None, description="Loại đơn vị (applies_to = each_kind)")
    applies_units: list[int] = Field([], description="Id các đơn vị (applies_to = listed)")
    mandatory: bool = Field(False, description="Bắt buộc với cấp dưới")
    content_item: int | None = Field(None, description="Id nội dung thi đua")


class TargetUpdateIn(InputSchema):
    name: str | None = Field(None, min_length=1, description="Chỉ tiêu")
    kind: TargetKind | None = Field(None, description="Loại")
    deadline: datetime.date | None = Field(None, description="Thời hạn")
    source: TargetSource | None = Field(None, description="Cách đo")
    comparison: Comparison | None = Field(None, description="So sánh")
    target_min: Decimal | None = Field(None, description="Mức tối thiểu")
    target_max: Decimal | None = Field(None, description="Mức tối đa")
    metric_key: str | None = Field(None, max_length=80, description="Nguồn dữ liệu")
    metric_params: dict | None = Field(None, description="Tham số nguồn dữ liệu")
    population_key: str | None = Field(None, max_length=80, description="Nguồn dữ liệu của tổng thể")
    population_params: dict | None = Field(None, description="Tham số tổng thể")
    period_start: datetime.date | None = Field(None, description="Tính từ ngày")
    applies_to: AppliesTo | None = Field(None, description="Áp dụng cho")
    applies_kind: UnitKind | None = Field(None, description="Loại đơn vị")
    applies_units: list[int] | None = Field(None, description="Id các đơn vị")
    mandatory: bool | None = Field(None, description="Bắt buộc với cấp dưới")
    content_item: int | None = Field(None, description="Id nội dung thi đua")


class ManualIn(Schema):
    unit: int = Field(description="Id đơn vị")
    value: Decimal = Field(description="Giá trị (phần trăm với chỉ tiêu tỷ lệ)")
    note: str = Field("", max_length=255, description="Ghi chú")


class ManualValueOut(Schema):
    id: int
    target_id: int
    unit: UnitRef = Field(description="Đơn vị")
    value: Decimal = Field(description="Giá trị")
    note: str = Field(description="Ghi chú")
    evidence: str = Field(description="Tên tệp minh chứng")

    @staticmethod
    def resolve_evidence(obj) -> str:
        return obj.evidence.name


# --- dashboard and adoption -----------------------------------------------------------------------------------------


class CellOut(Schema):
    target_id: int
    value: float | None = Field(description="Giá trị")
    status: ProgressStatus = Field(description="Tình trạng")
    units_total: int
    units_achieved: int
    units_behind: int


class DashboardRowOut(Schema):
    unit: UnitRef
    behind: int = Field(description="Số chỉ tiêu chậm")
    has_children: bool = Field(description="Có số liệu của đơn vị cấp dưới (xem tiếp với ?unit=)")
    cells: list[CellOut | None] = Field(description="Theo thứ tự chỉ tiêu (null: chỉ tiêu không áp dụng)")


class DashboardOut(Schema):
    node: UnitRef = Field(description="Đơn vị đang xem")
    targets: list[int] = Field(description="Id các chỉ tiêu, theo thứ tự cột")
    summary: list[CellOut | None] = Field(description="Tại đơn vị đang xem, theo thứ tự chỉ tiêu")
    count: int = Field(description="Số đơn vị trực thuộc có số liệu")
    page: int
    pages: int
    rows: list[DashboardRowOut] = Field(description="Đơn vị trực thuộc, đơn vị có nhiều chỉ tiêu chậm lên trước")


class AdoptionRowOut(Schema):
    unit: UnitRef
    movement_id: int | None = Field(description="Kế hoạch cụ thể hóa của đơn vị (null: chưa xây dựng)")
    status: MovementStatus | None = Field(description="Trạng thái kế hoạch đó")
    counts: dict[str, int] = Field(description="Số chỉ tiêu theo tình trạng, tại đơn vị")


class TargetRollupOut(Schema):
    target_id: int
    numerator: float
    denominator: float
    value: float | None = Field(description="Tổng hợp: tỷ lệ chung hoặc tổng số lượng")
    units: int = Field(description="Số đơn vị có chỉ tiêu kế thừa")
    achieved: int = Field(description="Số đơn vị đã đạt")


class AdoptionOut(Schema):
    kind: str = Field(description="Loại đơn vị phải xây dựng kế hoạch")
    expected: int
    adopted: int
    rows: list[AdoptionRowOut]
    targets: list[TargetRollupOut]


class AdoptIn(InputSchema):
    unit: int = Field(description="Id đơn vị xây dựng kế hoạch (bạn cần quyền quản lý phong trào ở đó)")
    plan_number: str = Field("", max_length=60, description="Số kế hoạch")
    issued_on: datetime.date | None = Field(None, description="Ngày ban hành")
    signer: str = Field("", max_length=150, description="Người ký")


# --- registration ---------------------------------------------------------------------------------------------------


class RegistrationOut(Schema):
    id: int
    movement_id: int
    subject: Subject = Field(description="Đối tượng: individual = Cá nhân; collective = Tập thể")
    member_id: int | None = Field(description="Đoàn viên (cá nhân)")
    member_name: str | None = Field(description="Họ và tên")
    unit: UnitRef = Field(description="Đơn vị (của đoàn viên, hoặc chính tập thể)")
    title_code: str = Field(description="Mã danh hiệu trong bộ quy tắc")
    title_name: str = Field(description="Danh hiệu đăng ký")
    commitments: str = Field(description="Nội dung cam kết")
    registered_on: datetime.date = Field(description="Ngày đăng ký")

    @staticmethod
    def resolve_member_name(obj) -> str | None:
        return obj.member.full_name if obj.member_id else None


class RegistrationPage(Page[RegistrationOut]):
    pass


class RegistrationQuery(PageParams):
    unit: int | None = Field(None, description="Đơn vị (mặc định: đơn vị cao nhất bạn thấy trong phạm vi)")


class RegistrationIn(InputSchema):
    subject: Subject = Field(description="individual: đoàn viên; collective: tập thể")
    title_code: str = Field(min_length=1, max_length=60, description="Mã danh hiệu (GET …/titles)")
    commitments: str = Field("", description="Nội dung cam kết")
    member: int | None = Field(
        None, description="Id đoàn viên (mặc định: chính bạn); người quản lý phong trào của đơn vị có thể đăng ký thay"
    )
    unit: int | None = Field(None, description="Id tập thể (subject = collective)")


class MissingMemberOut(Schema):
    id: int
    code: str = Field(description="Mã đoàn viên")
    full_name: str = Field(description="Họ và tên")
    unit: UnitRef = Field(description="Đơn vị")


class MissingPage(Page[MissingMemberOut]):
    pass


class TitleOut(Schema):
    code: str = Field(description="Mã danh hiệu")
    name: str = Field(description="Tên danh hiệu")
    subject: str = Field(description="individual | collective")


class TitleQuery(Schema):
    subject: Subject = Field(Subject.INDIVIDUAL, description="individual | collective")
