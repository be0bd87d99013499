"""API for movements: plans and their lifecycle, content, versioned criteria, phases and reviews, targets with their
progress, the subtree dashboard, adoption (cascading) and registration.

Same checks and services as the pages: the movement (or the part of it) in the path is fetched with
``get_scoped_or_404`` — outside the scope → 404, in scope without the role → 403; writes need ``manage_movements`` on
the issuing unit; the services' ValidationError becomes a 422 naming each field.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Status, UploadedFile

from thidua.api.errors import ERROR_RESPONSES
from thidua.api.pagination import PageParams, paginate
from thidua.core.permissions import get_scoped_or_404, require_action_somewhere
from thidua.core.roles import Action
from thidua.core.scope import get_scope
from thidua.members.models import Member
from thidua.movements import selectors, services
from thidua.movements.api_schemas import (
    AdoptIn,
    AdoptionOut,
    ContentGroupIn,
    ContentGroupOut,
    ContentItemOut,
    CountOut,
    CriteriaVersionOut,
    CriterionIn,
    CriterionOut,
    CriterionUpdateIn,
    DashboardOut,
    FromTemplateIn,
    ManualIn,
    ManualValueOut,
    MissingPage,
    MovementIn,
    MovementOut,
    MovementPage,
    MovementQuery,
    MovementUpdateIn,
    PhaseIn,
    PhaseOut,
    PhaseUpdateIn,
    ProgressOut,
    RegistrationIn,
    RegistrationOut,
    RegistrationPage,
    RegistrationQuery,
    ReviewIn,
    StandardOut,
    TargetIn,
    TargetOut,
    TargetUpdateIn,
    TemplateOut,
    TextIn,
    TitleOut,
    TitleQuery,
)
from thidua.movements.choices import Subject
from thidua.movements.models import (
    ContentGroup,
    ContentItem,
    Criterion,
    Movement,
    Phase,
    Registration,
    Standard,
    Target,
    TargetProgress,
)
from thidua.movements.progress import applicable_units
from thidua.organizations.models import Cluster, Unit

router = Router(tags=["Phong trào thi đua"])
MANAGE = Action.MANAGE_MOVEMENTS


def _movement(request, pk: int, action: str = Action.VIEW) -> Movement:
    return get_scoped_or_404(Movement.objects.select_related("unit"), request.user, action, pk=pk)


def _part(request, model, pk: int, movement_of, action: str = MANAGE):
    obj = get_object_or_404(model, pk=pk)
    return obj, _movement(request, movement_of(obj), action)


def _units(request, ids: list[int] | None, field: str) -> list[Unit] | None:
    if ids is None:
        return None
    units = list(Unit.objects.visible_to(request.user).filter(pk__in=set(ids)))
    missing = sorted(set(ids) - {u.pk for u in units})
    if missing:
        raise ValidationError({field: _("Đơn vị không tồn tại hoặc ngoài phạm vi của bạn: {ids}.").format(
            ids=", ".join(f"#{pk}" for pk in missing))})  # fmt: skip
    return units


def _cluster(request, pk: int | None) -> Cluster | None:
    if pk is None:
        return None
    cluster = Cluster.objects.visible_to(request.user).filter(pk=pk).first()
    if cluster is None:
        raise ValidationError({"cluster": _("Cụm, khối #{pk} không tồn tại hoặc ngoài phạm vi của bạn.").format(pk=pk)})
    return cluster


def _item(movement: Movement, pk: int | None, field: str) -> ContentItem | None:
    if pk is None:
        return None
    item = ContentItem.objects.filter(pk=pk, group__movement=movement).first()
    if item is None:
        raise ValidationError({field: _("«Nội dung thi đua» #{pk} không thuộc phong trào này.").format(pk=pk)})
    return item


def _require_unit_view(request) -> None:
    if not get_scope(request.user).allows_anywhere(Action.VIEW):
        raise PermissionDenied


# --- movements -------------------------------------------------------------------------------------------------------


@router.get("", response={200: MovementPage, **ERROR_RESPONSES}, summary="Danh sách phong trào",
            description="Phong trào do đơn vị trong phạm vi của bạn ban hành, và phong trào đã phát động có phạm vi "
            "bao gồm đơn vị của bạn (để đăng ký). Dự thảo chỉ người quản lý đơn vị ban hành thấy.")  # fmt: skip
def movement_list(request, filters: Query[MovementQuery]):
    query = selectors.MovementFilters(q=filters.q.strip(), status=filters.status, year=filters.year, unit=filters.unit)
    qs = selectors.movement_list(request.user, query).prefetch_related("scope_units")
    return paginate(qs, filters)


@router.post("", response={201: MovementOut, **ERROR_RESPONSES}, summary="Xây dựng kế hoạch (dự thảo)")
def movement_create(request, payload: MovementIn):
    require_action_somewhere(request.user, MANAGE)
    unit = get_scoped_or_404(Unit.objects.all(), request.user, MANAGE, pk=payload.unit)
    data = payload.model_dump(exclude={"unit", "scope_units", "cluster"})
    data["adopter_kind"] = data["adopter_kind"] or ""
    movement = services.movement_create(
        unit=unit,
        by=request.user,
        scope_units=_units(request, payload.scope_units, "scope_units") or None,
        cluster=_cluster(request, payload.cluster),
        **data,
    )
    return Status(201, movement)


@router.get(
    "/templates",
    response={200: list[TemplateOut], **ERROR_RESPONSES},
    summary="Các kế hoạch mẫu",
    description="Kế hoạch của các bài viết mẫu (Hà Nam 2023, 18/KH-CĐSTNMT, 115/KH-UBND) để tạo nhanh.",
)
def template_list(request):
    return services.templates_available()


@router.post("/from-template", response={201: MovementOut, **ERROR_RESPONSES}, summary="Tạo kế hoạch từ mẫu",
             description="Một lần gọi tạo dự thảo (hoặc phát động ngay với launch=true) đủ nội dung, tiêu chuẩn, các "
             "đợt và chỉ tiêu của mẫu cho đơn vị và năm chọn.")  # fmt: skip
def movement_from_template(request, payload: FromTemplateIn):
    require_action_somewhere(request.user, MANAGE)
    unit = get_scoped_or_404(Unit.objects.all(), request.user, MANAGE, pk=payload.unit)
    movement = services.movement_from_template(key=payload.template, unit=unit, year=payload.year, by=request.user,
                                               plan_number=payload.plan_number, issued_on=payload.issued_on,
                                               signer=payload.signer, launch=payload.launch)  # fmt: skip
    return Status(201, movement)


@router.get("/{int:movement_id}", response={200: MovementOut, **ERROR_RESPONSES}, summary="Xem kế hoạch")
def movement_detail(request, movement_id: int):
    return _movement(request, movement_id)


@router.patch("/{int:movement_id}", response={200: MovementOut, **ERROR_RESPONSES}, summary="Sửa kế hoạch",
              description="Chỉ các trường gửi lên thay đổi. Sau khi phát động không đổi được loại, phạm vi; phong trào "
              "đã kết thúc không sửa được.")  # fmt: skip
def movement_update(request, movement_id: int, payload: MovementUpdateIn):
    movement = _movement(request, movement_id, MANAGE)
    data = payload.model_dump(exclude_unset=True)
    extra = {}
    if "scope_units" in data:
        extra["scope_units"] = _units(request, data.pop("scope_units"), "scope_units")
    if "cluster" in data:
        extra["cluster"] = _cluster(request, data.pop("cluster"))
    if "scope_kind" in data:
        extra["scope_kind"] = data.pop("scope_kind")
    if "adopter_kind" in data:
        data["adopter_kind"] = data["adopter_kind"] or ""
    for name in ("title", "starts_on", "ends_on", "kind"):
        if name in data and data[name] is None:
            raise ValidationError({name: _("Không được để trống.")})
    return services.movement_update(movement=movement, by=request.user, **data, **extra)


@router.post("/{int:movement_id}/launch", response={200: MovementOut, **ERROR_RESPONSES}, summary="Phát động",
             description="Dự thảo → đã phát động. Cần số kế hoạch, ngày ban hành, ít nhất một đợt và một nội dung; "
             "tiến độ chỉ tiêu được tính ngay.")  # fmt: skip
def movement_launch(request, movement_id: int):
    return services.movement_launch(movement=_movement(request, movement_id, MANAGE), by=request.user)


@router.post("/{int:movement_id}/close", response={200: MovementOut, **ERROR_RESPONSES}, summary="Kết thúc",
             description="Đã tổng kết → đã kết thúc; sau đó không sửa, không đăng ký được nữa.")  # fmt: skip
def movement_close(request, movement_id: int):
    return services.movement_close(movement=_movement(request, movement_id, MANAGE), by=request.user)


@router.post("/{int:movement_id}/recompute", response={200: CountOut, **ERROR_RESPONSES},
             summary="Tính lại tiến độ chỉ tiêu",
             description="Đo lại mọi chỉ tiêu từ dữ liệu (một truy vấn nhóm cho mỗi nguồn dữ liệu).")  # fmt: skip
def movement_recompute(request, movement_id: int):
    movement = _movement(request, movement_id, MANAGE)
    return {"rows": services.movement_recompute_progress(movement=movement)}


# --- content and criteria ------------------------------------------------------------------------------------------


@router.get("/{int:movement_id}/contents", response={200: list[ContentGroupOut], **ERROR_RESPONSES},
            summary="Nội dung thi đua", description="Các phần nội dung, nội dung và tiêu chuẩn.")  # fmt: skip
def content_list(request, movement_id: int):
    return selectors.content_groups(_movement(request, movement_id))


@router.post("/{int:movement_id}/content-groups", response={201: ContentGroupOut, **ERROR_RESPONSES},
             summary="Thêm phần nội dung", description="Chỉ khi kế hoạch còn là dự thảo.")  # fmt: skip
def content_group_add(request, movement_id: int, payload: ContentGroupIn):
    movement = _movement(request, movement_id, MANAGE)
    group = services.content_group_add(movement=movement, name=payload.name, subject=payload.subject or "",
                                       description=payload.description)  # fmt: skip
    return Status(201, group)


@router.post("/content-groups/{int:group_id}/items", response={201: ContentItemOut, **ERROR_RESPONSES},
             summary="Thêm nội dung thi đua")  # fmt: skip
def content_item_add(request, group_id: int, payload: TextIn):
    group, _parent = _part(request, ContentGroup, group_id, lambda g: g.movement_id)
    return Status(201, services.content_item_add(group=group, text=payload.text))


@router.post("/content-items/{int:item_id}/standards", response={201: StandardOut, **ERROR_RESPONSES},
             summary="Thêm tiêu chuẩn")  # fmt: skip
def standard_add(request, item_id: int, payload: TextIn):
    item, _parent = _part(request, ContentItem.objects.select_related("group"), item_id,
                             lambda i: i.group.movement_id)  # fmt: skip
    return Status(201, services.standard_add(item=item, text=payload.text))


@router.get(
    "/{int:movement_id}/criteria",
    response={200: list[CriteriaVersionOut], **ERROR_RESPONSES},
    summary="Tiêu chí và các phiên bản",
    description="Các phiên bản tiêu chí, mới nhất trước: ai thay đổi, lúc nào, lý do, thay đổi gì.",
)
def criteria_list(request, movement_id: int):
    return selectors.criteria_versions(_movement(request, movement_id))


@router.post("/{int:movement_id}/criteria", response={201: CriterionOut, **ERROR_RESPONSES}, summary="Thêm tiêu chí",
             description="Với phong trào đã phát động, tạo phiên bản tiêu chí mới (cần reason).")  # fmt: skip
def criterion_add(request, movement_id: int, payload: CriterionIn):
    movement = _movement(request, movement_id, MANAGE)
    data = payload.model_dump(exclude={"item"})
    criterion = services.criterion_add(movement=movement, by=request.user, item=_item(movement, payload.item, "item"),
                                       **data)  # fmt: skip
    return Status(201, criterion)


@router.patch("/criteria/{int:criterion_id}", response={200: CriterionOut, **ERROR_RESPONSES}, summary="Sửa tiêu chí",
              description="Với phong trào đã phát động: tạo phiên bản mới và trả về tiêu chí trong phiên bản đó; "
              "kết quả đã tính giữ phiên bản cũ.")  # fmt: skip
def criterion_update(request, criterion_id: int, payload: CriterionUpdateIn):
    criterion, movement = _part(request, Criterion.objects.select_related("version"), criterion_id,
                                lambda c: c.version.movement_id)  # fmt: skip
    data = payload.model_dump(exclude_unset=True)
    reason = data.pop("reason", "")
    if "item" in data:
        data["item"] = _item(movement, data["item"], "item")
    return services.criterion_update(criterion=criterion, by=request.user, reason=reason, **data)


@router.delete("/criteria/{int:criterion_id}", response={200: CriteriaVersionOut, **ERROR_RESPONSES},
               summary="Bỏ tiêu chí", description="Trả về phiên bản tiêu chí sau khi bỏ.")  # fmt: skip
def criterion_remove(request, criterion_id: int, reason: str = Query("", description="Lý do (bắt buộc sau khi "
                                                                                       "phát động)")):  # fmt: skip
    criterion, _parent = _part(request, Criterion.objects.select_related("version"), criterion_id,
                                  lambda c: c.version.movement_id)  # fmt: skip
    return services.criterion_remove(criterion=criterion, by=request.user, reason=reason)


# --- phases ---------------------------------------------------------------------------------------------------------


@router.get("/{int:movement_id}/phases", response={200: list[PhaseOut], **ERROR_RESPONSES}, summary="Các đợt thi đua")
def phase_list(request, movement_id: int):
    return _movement(request, movement_id).phases.order_by("starts_on")


@router.post(
    "/{int:movement_id}/phases",
    response={201: PhaseOut, **ERROR_RESPONSES},
    summary="Thêm đợt",
    description="Đợt trùng thời gian, ngoài thời gian phong trào, hoặc sau đợt tổng kết bị từ chối.",
)
def phase_add(request, movement_id: int, payload: PhaseIn):
    movement = _movement(request, movement_id, MANAGE)
    return Status(201, services.phase_add(movement=movement, **payload.model_dump()))


@router.patch("/phases/{int:phase_id}", response={200: PhaseOut, **ERROR_RESPONSES}, summary="Sửa đợt")
def phase_update(request, phase_id: int, payload: PhaseUpdateIn):
    phase, _parent = _part(request, Phase, phase_id, lambda ph: ph.movement_id)
    data = {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}
    return services.phase_update(phase=phase, **data)


@router.post("/phases/{int:phase_id}/review", response={200: CountOut, **ERROR_RESPONSES},
             summary="Sơ kết / tổng kết đợt",
             description="Chốt tiến độ mọi chỉ tiêu tại ngày chọn (số liệu chốt không đổi khi dữ liệu thay đổi sau "
             "đó); phong trào chuyển sang «đã sơ kết» hoặc «đã tổng kết».")  # fmt: skip
def phase_review(request, phase_id: int, payload: ReviewIn):
    phase, _parent = _part(request, Phase, phase_id, lambda ph: ph.movement_id)
    return {"rows": services.phase_review(phase=phase, by=request.user, on=payload.on)}


# --- targets --------------------------------------------------------------------------------------------------------


def _with_progress(targets: list[Target], movement: Movement) -> list[Target]:
    rows = {r.target_id: r for r in TargetProgress.objects.filter(target__in=targets, unit=movement.unit_id)
            .select_related("unit")}  # fmt: skip
    for target in targets:
        target.issuer_progress = rows.get(target.pk)
    return targets


@router.get(
    "/{int:movement_id}/targets",
    response={200: list[TargetOut], **ERROR_RESPONSES},
    summary="Chỉ tiêu và tiến độ",
    description="Mỗi chỉ tiêu kèm tiến độ tại đơn vị ban hành (số liệu đã tính; tính lại bằng /recompute).",
)
def target_list(request, movement_id: int):
    movement = _movement(request, movement_id)
    targets = list(movement.targets.prefetch_related("applies_units").order_by("order", "pk"))
    return _with_progress(targets, movement)


def _target_data(request, movement: Movement, data: dict) -> dict:
    if "applies_units" in data:
        data["applies_units"] = _units(request, data["applies_units"], "applies_units")
    if "applies_kind" in data:
        data["applies_kind"] = data["applies_kind"] or ""
    if "content_item" in data:
        data["content_item"] = _item(movement, data["content_item"], "content_item")
    return data


@router.post("/{int:movement_id}/targets", response={201: TargetOut, **ERROR_RESPONSES}, summary="Thêm chỉ tiêu",
             description="Chỉ tiêu không thể (110%, tối thiểu lớn hơn tối đa, thời hạn ngoài phong trào…) bị từ chối "
             "với thông báo nêu tên trường.")  # fmt: skip
def target_add(request, movement_id: int, payload: TargetIn):
    movement = _movement(request, movement_id, MANAGE)
    target = services.target_add(
        movement=movement, by=request.user, **_target_data(request, movement, payload.model_dump())
    )
    return Status(201, _with_progress([target], movement)[0])


@router.patch(
    "/targets/{int:target_id}",
    response={200: TargetOut, **ERROR_RESPONSES},
    summary="Sửa chỉ tiêu",
    description="Chỉ tiêu bắt buộc kế thừa từ kế hoạch cấp trên chỉ được nâng mức, không được hạ.",
)
def target_update(request, target_id: int, payload: TargetUpdateIn):
    target, movement = _part(request, Target, target_id, lambda t: t.movement_id)
    data = _target_data(request, movement, payload.model_dump(exclude_unset=True))
    for name in ("name", "kind", "deadline", "source", "comparison", "applies_to", "mandatory"):
        if name in data and data[name] is None:
            raise ValidationError({name: _("Không được để trống.")})
    target = services.target_update(target=target, by=request.user, **data)
    return _with_progress([target], movement)[0]


@router.get("/targets/{int:target_id}/progress", response={200: list[ProgressOut], **ERROR_RESPONSES},
            summary="Tiến độ theo đơn vị",
            description="Tiến độ tại một đơn vị (mặc định đơn vị ban hành) và các đơn vị ngay dưới nó. Cần vai trò "
            "xem đơn vị; đơn vị ngoài phạm vi của bạn → 404.")  # fmt: skip
def target_progress(request, target_id: int, unit: int | None = Query(None, description="Id đơn vị")):
    target, movement = _part(request, Target, target_id, lambda t: t.movement_id, Action.VIEW)
    _require_unit_view(request)
    node = selectors.dashboard_node(movement, request.user, unit)
    rows = TargetProgress.objects.filter(target=target).filter(unit=node) | TargetProgress.objects.filter(
        target=target, unit_parent_id=node.pk)  # fmt: skip
    return rows.select_related("unit").order_by("-is_rollup", "unit__name")


@router.post("/targets/{int:target_id}/manual", response={201: ManualValueOut, **ERROR_RESPONSES},
             summary="Nhập số liệu chỉ tiêu nhập tay",
             description="Giá trị kèm tệp minh chứng (multipart/form-data), cho một đơn vị chỉ tiêu áp dụng mà bạn "
             "quản lý phong trào.")  # fmt: skip
def target_manual(request, target_id: int, payload: Form[ManualIn], evidence: File[UploadedFile] = None):
    unit, value, note = payload.unit, payload.value, payload.note
    target, movement = _part(request, Target, target_id, lambda t: t.movement_id, Action.VIEW)
    scope = get_scope(request.user)
    refs = {r.pk: r for r in applicable_units(movement, [target])[target.pk]}
    if not any(scope.covers_path(MANAGE, r.path) for r in refs.values()):
        raise PermissionDenied
    if unit not in refs or not scope.covers_path(MANAGE, refs[unit].path):
        raise ValidationError({"unit": _("Chỉ tiêu không áp dụng cho đơn vị #{pk}, hoặc bạn không quản lý đơn vị "
                                         "đó.").format(pk=unit)})  # fmt: skip
    entry = services.manual_value_record(target=target, unit=Unit.objects.get(pk=unit), value=value,
                                         evidence=evidence, note=note, by=request.user)  # fmt: skip
    return Status(201, entry)


# --- dashboard and adoption -----------------------------------------------------------------------------------------


def _cell(row) -> dict | None:
    """A stored progress row (a model instance, or the dashboard's ``Cell``) as the API shows it."""
    if row is None:
        return None
    return {"target_id": row.target_id, "value": row.value, "status": row.status, "units_total": row.units_total,
            "units_achieved": row.units_achieved, "units_behind": row.units_behind}  # fmt: skip


@router.get("/{int:movement_id}/dashboard", response={200: DashboardOut, **ERROR_RESPONSES},
            summary="Theo dõi chỉ tiêu theo đơn vị",
            description="Tiến độ mọi chỉ tiêu tại một đơn vị và từng đơn vị ngay dưới nó; đơn vị chậm lên trước. "
            "Đi xuống bằng ?unit=.")  # fmt: skip
def dashboard(request, movement_id: int, unit: int | None = Query(None, description="Id đơn vị"),
              page: int = Query(1, ge=1, description="Trang")):  # fmt: skip
    movement = _movement(request, movement_id)
    _require_unit_view(request)
    node = selectors.dashboard_node(movement, request.user, unit)
    board = selectors.target_dashboard(movement, node, user=request.user, page=page)
    rows = [{"unit": r.unit, "behind": r.behind, "has_children": r.has_children,
             "cells": [_cell(c) for _t, c in r.cells]} for r in board.rows]  # fmt: skip
    return {"node": node, "targets": [t.pk for t in board.targets], "summary": [_cell(c) for _t, c in board.summary],
            "count": board.page.paginator.count, "page": board.page.number, "pages": board.page.paginator.num_pages,
            "rows": rows}  # fmt: skip


@router.get("/{int:movement_id}/adoptions", response={200: AdoptionOut, **ERROR_RESPONSES},
            summary="Đơn vị đã, chưa xây dựng kế hoạch cụ thể hóa",
            description="Các đơn vị thuộc loại «adopter_kind» trong phạm vi, kế hoạch của họ (nếu có) và tổng hợp "
            "tiến độ các chỉ tiêu kế thừa.")  # fmt: skip
def adoption_overview(request, movement_id: int):
    movement = _movement(request, movement_id)
    _require_unit_view(request)
    overview = selectors.adoption_overview(movement)
    return {
        "kind": overview.kind, "expected": overview.expected, "adopted": overview.adopted,
        "rows": [{"unit": r.unit, "movement_id": r.movement.pk if r.movement else None,
                  "status": r.movement.status if r.movement else None, "counts": dict(r.counts)}
                 for r in overview.rows],
        "targets": [{"target_id": t.target.pk, "numerator": t.numerator, "denominator": t.denominator,
                     "value": t.value, "units": t.units, "achieved": t.achieved} for t in overview.targets],
    }  # fmt: skip


@router.post("/{int:movement_id}/adopt", response={201: MovementOut, **ERROR_RESPONSES},
             summary="Xây dựng kế hoạch cụ thể hóa",
             description="Tạo dự thảo kế hoạch của một đơn vị cấp dưới (bạn quản lý phong trào ở đó) kế thừa nội "
             "dung, tiêu chí, các đợt, chỉ tiêu.")  # fmt: skip
def movement_adopt(request, movement_id: int, payload: AdoptIn):
    movement = _movement(request, movement_id)
    require_action_somewhere(request.user, MANAGE)
    unit = get_scoped_or_404(Unit.objects.all(), request.user, MANAGE, pk=payload.unit)
    child = services.movement_adopt(parent=movement, unit=unit, by=request.user, plan_number=payload.plan_number,
                                    issued_on=payload.issued_on, signer=payload.signer)  # fmt: skip
    return Status(201, child)


# --- registration ---------------------------------------------------------------------------------------------------


@router.get("/{int:movement_id}/titles", response={200: list[TitleOut], **ERROR_RESPONSES},
            summary="Danh hiệu có thể đăng ký",
            description="Theo bộ quy tắc đang áp dụng cho đơn vị ban hành.")  # fmt: skip
def title_list(request, movement_id: int, filters: Query[TitleQuery]):
    movement = _movement(request, movement_id)
    return services.available_titles(movement=movement, subject=filters.subject)


@router.get("/{int:movement_id}/registrations", response={200: RegistrationPage, **ERROR_RESPONSES},
            summary="Danh sách đăng ký thi đua",
            description="Đăng ký trong phong trào và các kế hoạch cụ thể hóa nó, tại một đơn vị trong phạm vi của "
            "bạn.")  # fmt: skip
def registration_list(request, movement_id: int, filters: Query[RegistrationQuery]):
    movement = _movement(request, movement_id)
    _require_unit_view(request)
    unit = selectors.registration_unit(movement, request.user, filters.unit)
    return paginate(selectors.registration_list(request.user, movement, unit=unit), filters)


@router.get(
    "/{int:movement_id}/registrations/missing",
    response={200: MissingPage, **ERROR_RESPONSES},
    summary="Đoàn viên chưa đăng ký",
    description="Đoàn viên đang sinh hoạt của đơn vị chưa đăng ký thi đua.",
)
def registration_missing(request, movement_id: int, filters: Query[RegistrationQuery]):
    movement = _movement(request, movement_id)
    _require_unit_view(request)
    unit = selectors.registration_unit(movement, request.user, filters.unit)
    return paginate(selectors.not_registered(movement, unit), PageParams(page=filters.page,
                                                                         page_size=filters.page_size))  # fmt: skip


@router.post("/{int:movement_id}/registrations", response={201: RegistrationOut, **ERROR_RESPONSES},
             summary="Đăng ký thi đua",
             description="Đoàn viên đăng ký cho chính mình; người quản lý phong trào của đơn vị có thể đăng ký thay "
             "đoàn viên hoặc cho tập thể. Đăng ký lại thì cập nhật đăng ký cũ.")  # fmt: skip
def registration_submit(request, movement_id: int, payload: RegistrationIn):
    movement = _movement(request, movement_id)
    scope = get_scope(request.user)
    member, unit = None, None
    if payload.subject == Subject.INDIVIDUAL:
        if payload.member is None:
            rights = selectors.registration_rights(request.user, movement)
            if rights.member is None:
                raise PermissionDenied
            member = rights.member
        else:
            member = get_scoped_or_404(Member.objects.select_related("unit"), request.user, pk=payload.member)
            own = member.pk in scope.member_ids and scope.allows_anywhere(Action.REGISTER)
            if not own and not scope.covers_path(MANAGE, member.unit.path):
                raise PermissionDenied
    else:
        if payload.unit is None:
            raise ValidationError({"unit": _("Chọn tập thể đăng ký.")})
        unit = get_scoped_or_404(Unit.objects.all(), request.user, MANAGE, pk=payload.unit)
    registration = services.registration_submit(movement=movement, subject=payload.subject, member=member, unit=unit,
                                                title_code=payload.title_code, commitments=payload.commitments,
                                                by=request.user, on=timezone.localdate())  # fmt: skip
    return Status(201, Registration.objects.select_related("unit", "member").get(pk=registration.pk))


# --- removing parts of a plan, withdrawing a registration -------------------------------------------------------------

_NO_CONTENT = {204: None, **ERROR_RESPONSES}


@router.delete("/content-groups/{int:group_id}", response=_NO_CONTENT, summary="Xóa phần nội dung",
               description="Chỉ với kế hoạch dự thảo; xóa cả các nội dung và tiêu chuẩn trong đó.")  # fmt: skip
def content_group_remove(request, group_id: int):
    group, _movement = _part(request, ContentGroup, group_id, lambda g: g.movement_id)
    services.content_remove(obj=group)
    return Status(204, None)


@router.delete("/content-items/{int:item_id}", response=_NO_CONTENT, summary="Xóa nội dung thi đua",
               description="Chỉ với kế hoạch dự thảo.")  # fmt: skip
def content_item_remove(request, item_id: int):
    item, _movement = _part(request, ContentItem.objects.select_related("group"), item_id,
                            lambda i: i.group.movement_id)  # fmt: skip
    services.content_remove(obj=item)
    return Status(204, None)


@router.delete("/standards/{int:standard_id}", response=_NO_CONTENT, summary="Xóa tiêu chuẩn",
               description="Chỉ với kế hoạch dự thảo.")  # fmt: skip
def standard_remove(request, standard_id: int):
    standard, _movement = _part(request, Standard.objects.select_related("item__group"), standard_id,
                                lambda s: s.item.group.movement_id)  # fmt: skip
    services.content_remove(obj=standard)
    return Status(204, None)


@router.delete("/phases/{int:phase_id}", response=_NO_CONTENT, summary="Xóa đợt thi đua",
               description="Không xóa được đợt đã sơ kết / tổng kết, hoặc đợt duy nhất của phong trào "
               "đã phát động.")  # fmt: skip
def phase_remove(request, phase_id: int):
    phase, _movement = _part(request, Phase, phase_id, lambda ph: ph.movement_id)
    services.phase_remove(phase=phase)
    return Status(204, None)


@router.delete("/targets/{int:target_id}", response=_NO_CONTENT, summary="Xóa chỉ tiêu",
               description="Không xóa được chỉ tiêu bắt buộc nhận từ kế hoạch cấp trên.")  # fmt: skip
def target_remove(request, target_id: int):
    target, _movement = _part(request, Target.objects.select_related("parent_target"), target_id,
                              lambda t: t.movement_id)  # fmt: skip
    services.target_remove(target=target)
    return Status(204, None)


@router.delete("/registrations/{int:registration_id}", response=_NO_CONTENT, summary="Rút đăng ký thi đua",
               description="Đoàn viên rút đăng ký của chính mình; người quản lý phong trào của đơn vị rút đăng ký "
               "của đoàn viên hoặc tập thể thuộc đơn vị. Chỉ trong thời hạn đăng ký.")  # fmt: skip
def registration_withdraw(request, registration_id: int):
    registration = get_object_or_404(Registration.objects.select_related("member__unit", "unit", "movement"),
                                     pk=registration_id)  # fmt: skip
    selectors.check_withdraw_right(request.user, registration)
    services.registration_withdraw(registration=registration)
    return Status(204, None)
