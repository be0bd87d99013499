"""API for the organisation tree: units, their terms of office, and emulation clusters.

Same checks as the pages: the unit in the path (or the parent or organiser in the body) is fetched with
``get_scoped_or_404`` for the action, so outside the scope → 404 and in scope without the role → 403.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from thidua.api.errors import ERROR_RESPONSES
from thidua.api.pagination import Page, PageParams, paginate
from thidua.api.schemas import InputSchema
from thidua.core.permissions import get_scoped_or_404, require_action_somewhere
from thidua.core.roles import Action
from thidua.core.scope import get_scope
from thidua.organizations import selectors, services
from thidua.organizations.choices import ClusterKind, UnitKind
from thidua.organizations.models import Cluster, Term, Unit

router = Router(tags=["Đơn vị"])

KINDS = "; ".join(f"{k.value} = {k.label}" for k in UnitKind)


# --- schemas -------------------------------------------------------------------------------------------------------


class UnitRef(Schema):
    id: int
    name: str = Field(description="Tên đơn vị")


class UnitOut(Schema):
    id: int
    name: str = Field(description="Tên đơn vị")
    short_name: str = Field(description="Tên viết tắt")
    kind: UnitKind = Field(description=f"Loại đơn vị: {KINDS}")
    parent_id: int | None = Field(description="Đơn vị cấp trên")
    agency_id: int | None = Field(description="Cơ quan, đơn vị nhà nước nơi công đoàn được thành lập")
    path: str = Field(description="Chuỗi id từ gốc, ví dụ /1/5/12/")
    closed_on: datetime.date | None = Field(description="Ngày giải thể / sáp nhập (nếu đã đóng)")
    member_count: int = Field(description="Số đoàn viên đang sinh hoạt trong toàn bộ đơn vị (kể cả trực thuộc)")


class UnitChildOut(UnitOut):
    has_children: bool = Field(description="Còn đơn vị trực thuộc đang hoạt động")


class UnitDetailOut(UnitOut):
    closed_reason: str = Field(description="Lý do giải thể / sáp nhập")
    ancestors: list[UnitRef] = Field(description="Các đơn vị cấp trên trong phạm vi của bạn, từ gốc xuống")
    can_manage: bool = Field(description="Bạn có quyền quản lý tổ chức của đơn vị này")


class UnitPage(Page[UnitOut]):
    pass


class UnitQuery(PageParams):
    parent: int | None = Field(None, description="Chỉ các đơn vị trực thuộc trực tiếp đơn vị này")
    subtree_of: int | None = Field(None, description="Đơn vị này và mọi đơn vị bên dưới")
    kind: UnitKind | None = Field(None, description="Loại đơn vị")
    q: str = Field("", description="Tìm theo tên hoặc tên viết tắt, không phân biệt dấu")
    include_closed: bool = Field(False, description="Gồm cả đơn vị đã giải thể")


class UnitCreateIn(InputSchema):
    name: str = Field(min_length=1, max_length=255, description="Tên đơn vị")
    kind: UnitKind = Field(description=f"Loại đơn vị: {KINDS}")
    parent: int | None = Field(None, description="Id đơn vị cấp trên (bắt buộc, trừ quản trị hệ thống)")
    short_name: str = Field("", max_length=40, description="Tên viết tắt, ví dụ CĐSTNMT")
    agency: int | None = Field(None, description="Id cơ quan, đơn vị nhà nước")


class UnitUpdateIn(InputSchema):
    name: str | None = Field(None, min_length=1, max_length=255, description="Tên đơn vị mới")
    short_name: str | None = Field(None, max_length=40, description="Tên viết tắt")
    agency: int | None = Field(None, description="Id cơ quan, đơn vị nhà nước (null để bỏ)")


class UnitMoveIn(InputSchema):
    new_parent: int = Field(description="Id đơn vị cấp trên mới; toàn bộ đơn vị trực thuộc và đoàn viên đi cùng")


class UnitCloseIn(InputSchema):
    closed_on: datetime.date = Field(description="Ngày giải thể / sáp nhập")
    reason: str = Field("", max_length=255, description="Lý do")


class UnitCloseOut(Schema):
    closed: int = Field(description="Số đơn vị đã đóng (đơn vị này và các đơn vị trực thuộc)")


class TermOut(Schema):
    id: int
    unit_id: int
    name: str = Field(description="Nhiệm kỳ, ví dụ 2023 - 2028")
    starts_on: datetime.date = Field(description="Từ ngày")
    ends_on: datetime.date = Field(description="Đến ngày")


class TermIn(InputSchema):
    name: str = Field(min_length=1, max_length=50, description="Nhiệm kỳ, ví dụ 2023 - 2028")
    starts_on: datetime.date = Field(description="Từ ngày")
    ends_on: datetime.date = Field(description="Đến ngày")


class ClusterOut(Schema):
    id: int
    name: str = Field(description="Tên cụm/khối")
    kind: ClusterKind = Field(description="cluster = Cụm thi đua; block = Khối thi đua")
    year: int = Field(description="Năm")
    organizer: UnitRef = Field(description="Đơn vị tổ chức")
    leader: UnitRef | None = Field(description="Cụm trưởng / khối trưởng")
    units: list[UnitRef] = Field(description="Đơn vị thành viên")

    @staticmethod
    def resolve_units(obj: Cluster) -> list[Unit]:
        return list(obj.units.all())


class ClusterIn(InputSchema):
    name: str = Field(min_length=1, max_length=255, description="Tên cụm/khối")
    kind: ClusterKind = Field(ClusterKind.CLUSTER, description="cluster = Cụm thi đua; block = Khối thi đua")
    year: int = Field(ge=2000, le=2100, description="Năm")
    organizer: int = Field(description="Id đơn vị tổ chức (chấm điểm, xếp hạng)")
    units: list[int] = Field(min_length=1, description="Id các đơn vị thành viên")
    leader: int | None = Field(None, description="Id cụm trưởng / khối trưởng (một trong các đơn vị thành viên)")


class ClusterQuery(Schema):
    year: int | None = Field(None, description="Chỉ các cụm/khối của năm này")


# --- helpers -------------------------------------------------------------------------------------------------------


def _unit(request, pk: int, action: str = Action.VIEW) -> Unit:
    return get_scoped_or_404(Unit.objects.all(), request.user, action, pk=pk)


def _detail(request, unit: Unit) -> Unit:
    """A unit decorated for UnitDetailOut, as the unit page shows it."""
    scope = get_scope(request.user)
    unit = selectors.with_member_counts([unit])[0]
    unit.ancestors = [a for a in selectors.unit_ancestors(unit) if scope.covers_path(Action.VIEW, a.path)]
    unit.can_manage = scope.covers_path(Action.MANAGE_UNITS, unit.path)
    return unit


def _referenced_unit(user, pk: int | None, field: str, action: str = Action.VIEW) -> Unit | None:
    """A unit named in the body (not the object acted on): unknown or out of reach is a 422 on that field."""
    if pk is None:
        return None
    unit = Unit.objects.visible_to(user, action).filter(pk=pk).first()
    if unit is None:
        raise ValidationError({field: _("Đơn vị #{pk} không tồn tại hoặc ngoài phạm vi của bạn.").format(pk=pk)})
    return unit


# --- units ---------------------------------------------------------------------------------------------------------


@router.get("/units", response={200: UnitPage, **ERROR_RESPONSES}, summary="Danh sách đơn vị",
            description="Các đơn vị trong phạm vi của bạn, theo tên, kèm số đoàn viên đang sinh hoạt của toàn bộ đơn "
            "vị (kể cả trực thuộc). Đơn vị lọc (parent, subtree_of) ngoài phạm vi → 404.")  # fmt: skip
def unit_list(request, filters: Query[UnitQuery]):
    qs = selectors.unit_list(request.user, selectors.UnitFilters(
        parent=filters.parent, subtree_of=filters.subtree_of, kind=filters.kind, q=filters.q.strip(),
        include_closed=filters.include_closed,
    ))  # fmt: skip
    return paginate(qs, filters, prepare=selectors.with_member_counts)


@router.post("/units", response={201: UnitDetailOut, **ERROR_RESPONSES}, summary="Thêm đơn vị",
             description="Thêm đơn vị trực thuộc «parent» (cần quyền quản lý tổ chức ở đó). Chỉ quản trị hệ thống "
             "mới thêm được đơn vị gốc (không có parent).")  # fmt: skip
def unit_create(request, payload: UnitCreateIn):
    if payload.parent is None:
        if not get_scope(request.user).is_superuser:
            raise ValidationError({"parent": _("Chọn đơn vị cấp trên.")})
        parent = None
    else:
        parent = _unit(request, payload.parent, Action.MANAGE_UNITS)
    agency = _referenced_unit(request.user, payload.agency, "agency")
    unit = services.unit_create(name=payload.name, kind=payload.kind, parent=parent, short_name=payload.short_name,
                                agency=agency)  # fmt: skip
    return Status(201, _detail(request, unit))


@router.get("/units/{int:unit_id}", response={200: UnitDetailOut, **ERROR_RESPONSES}, summary="Xem đơn vị")
def unit_detail(request, unit_id: int):
    return _detail(request, _unit(request, unit_id))


@router.patch("/units/{int:unit_id}", response={200: UnitDetailOut, **ERROR_RESPONSES}, summary="Đổi tên đơn vị",
              description="Đổi tên, tên viết tắt hoặc cơ quan của đơn vị; chỉ các trường gửi lên thay đổi. Lịch sử "
              "giữ tên cũ.")  # fmt: skip
def unit_update(request, unit_id: int, payload: UnitUpdateIn):
    unit = _unit(request, unit_id, Action.MANAGE_UNITS)
    data = payload.model_dump(exclude_unset=True)
    if data.get("name", "") is None:
        raise ValidationError({"name": _("Không được để trống.")})
    agency = _referenced_unit(request.user, data["agency"], "agency") if "agency" in data else unit.agency
    short_name = (data["short_name"] or "") if "short_name" in data else unit.short_name
    unit = services.unit_update(unit=unit, name=data.get("name", unit.name), short_name=short_name, agency=agency)
    return _detail(request, unit)


@router.post("/units/{int:unit_id}/move", response={200: UnitDetailOut, **ERROR_RESPONSES}, summary="Chuyển đơn vị",
             description="Chuyển đơn vị cùng toàn bộ đơn vị trực thuộc và đoàn viên về trực thuộc một đơn vị khác mà "
             "bạn quản lý.")  # fmt: skip
def unit_move(request, unit_id: int, payload: UnitMoveIn):
    unit = _unit(request, unit_id, Action.MANAGE_UNITS)
    new_parent = _referenced_unit(request.user, payload.new_parent, "new_parent", Action.MANAGE_UNITS)
    unit = services.unit_move(unit=unit, new_parent=new_parent)
    return _detail(request, unit)


@router.post("/units/{int:unit_id}/close", response={200: UnitCloseOut, **ERROR_RESPONSES}, summary="Giải thể đơn vị",
             description="Đóng đơn vị và các đơn vị trực thuộc (giải thể hoặc sáp nhập). Không đóng được khi còn "
             "đoàn viên đang sinh hoạt.")  # fmt: skip
def unit_close(request, unit_id: int, payload: UnitCloseIn):
    unit = _unit(request, unit_id, Action.MANAGE_UNITS)
    return {"closed": services.unit_close(unit=unit, closed_on=payload.closed_on, reason=payload.reason)}


@router.get("/units/{int:unit_id}/children", response={200: list[UnitChildOut], **ERROR_RESPONSES},
            summary="Đơn vị trực thuộc", description="Các đơn vị trực thuộc trực tiếp, kèm số đoàn viên (như khi "
            "mở một nhánh trên trang cây tổ chức).")  # fmt: skip
def unit_children(request, unit_id: int, include_closed: bool = False):
    return selectors.unit_children(_unit(request, unit_id), include_closed=include_closed)


# --- terms ---------------------------------------------------------------------------------------------------------


@router.get("/units/{int:unit_id}/terms", response={200: list[TermOut], **ERROR_RESPONSES}, summary="Các nhiệm kỳ")
def term_list(request, unit_id: int):
    return Term.objects.filter(unit=_unit(request, unit_id)).order_by("-starts_on")


@router.post("/units/{int:unit_id}/terms", response={201: TermOut, **ERROR_RESPONSES}, summary="Thêm nhiệm kỳ")
def term_create(request, unit_id: int, payload: TermIn):
    unit = _unit(request, unit_id, Action.MANAGE_UNITS)
    term = services.term_create(unit=unit, name=payload.name, starts_on=payload.starts_on, ends_on=payload.ends_on)
    return Status(201, term)


# --- clusters ------------------------------------------------------------------------------------------------------


@router.get("/clusters", response={200: list[ClusterOut], **ERROR_RESPONSES}, summary="Cụm, khối thi đua",
            tags=["Cụm, khối thi đua"],
            description="Các cụm, khối do đơn vị trong phạm vi của bạn tổ chức hoặc tham gia.")  # fmt: skip
def cluster_list(request, filters: Query[ClusterQuery]):
    return selectors.clusters_visible(request.user, filters.year)


@router.post("/clusters", response={201: ClusterOut, **ERROR_RESPONSES}, summary="Lập cụm, khối thi đua",
             tags=["Cụm, khối thi đua"],
             description="Lập cụm, khối do một đơn vị bạn quản lý tổ chức; các đơn vị thành viên cũng phải trong "
             "phạm vi bạn quản lý.")  # fmt: skip
def cluster_create(request, payload: ClusterIn):
    require_action_somewhere(request.user, Action.MANAGE_UNITS)
    organizer = _unit(request, payload.organizer, Action.MANAGE_UNITS)
    wanted = set(payload.units)
    units = list(Unit.objects.visible_to(request.user, Action.MANAGE_UNITS).filter(pk__in=wanted))
    missing = sorted(wanted - {u.pk for u in units})
    if missing:
        raise ValidationError({"units": _("Đơn vị không tồn tại hoặc ngoài phạm vi của bạn: {ids}.").format(
            ids=", ".join(f"#{pk}" for pk in missing))})  # fmt: skip
    leader = None
    if payload.leader is not None:
        leader = next((u for u in units if u.pk == payload.leader), None)
        if leader is None:
            raise ValidationError({"leader": _("Cụm trưởng phải là một đơn vị thành viên của cụm/khối.")})
    cluster = services.cluster_create(name=payload.name, kind=payload.kind, year=payload.year, organizer=organizer,
                                      units=units, leader=leader)  # fmt: skip
    return Status(201, cluster)
