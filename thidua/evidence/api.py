"""API for evidence records: activities and their attendance, work projects, media items, office-culture records,
Party introductions and discipline. Each kind has list / create / read / update / delete with the same checks as
the pages: the record (or the unit or member in the body) is fetched through the scope for the action
(``record_evidence``; ``decide`` for discipline): outside the scope → 404, in scope without the role → 403.

Files (minh chứng) are attached on the pages; the API reports their name, size and type.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from thidua.api.errors import ERROR_RESPONSES
from thidua.api.pagination import Page, PageParams, paginate
from thidua.api.schemas import InputSchema
from thidua.core.permissions import get_scoped_or_404, require_action_somewhere
from thidua.core.roles import Action
from thidua.evidence import selectors, services
from thidua.evidence.choices import (
    ActivityKind,
    ConductPolarity,
    ConductRule,
    DisciplineLevel,
    MediaKind,
    PartyOutcome,
)
from thidua.evidence.models import Activity
from thidua.members.models import Member
from thidua.organizations.api import UnitRef
from thidua.organizations.models import Unit

router = Router(tags=["Minh chứng thi đua"])


def _labels(choices) -> str:
    return "; ".join(f"{c.value} = {c.label}" for c in choices)


# --- schemas -------------------------------------------------------------------------------------------------------


class MemberRef(Schema):
    id: int
    code: str = Field(description="Mã đoàn viên")
    full_name: str = Field(description="Họ và tên")


class FileOut(Schema):
    file_name: str = Field(description="Tên tệp minh chứng (rỗng: không có)")
    file_size: int | None = Field(description="Dung lượng (byte)")
    file_type: str = Field(description="Loại tệp")


class ActivityOut(FileOut):
    id: int
    unit: UnitRef = Field(description="Đơn vị tổ chức")
    kind: ActivityKind = Field(description=f"Loại hoạt động: {_labels(ActivityKind)}")
    title: str = Field(description="Tên hoạt động")
    held_on: datetime.date = Field(description="Ngày tổ chức")
    location: str = Field(description="Địa điểm")
    movement_id: int | None = Field(description="Thuộc phong trào")
    note: str = Field(description="Ghi chú")


class ActivityIn(InputSchema):
    unit: int = Field(description="Id đơn vị tổ chức (bạn cần quyền ghi nhận minh chứng ở đó)")
    kind: ActivityKind = Field(description=f"Loại hoạt động: {_labels(ActivityKind)}")
    title: str = Field(min_length=1, max_length=255, description="Tên hoạt động")
    held_on: datetime.date = Field(description="Ngày tổ chức")
    location: str = Field("", max_length=255, description="Địa điểm")
    movement: int | None = Field(None, description="Id phong trào (tùy chọn)")
    note: str = Field("", description="Ghi chú")


class ActivityPatch(InputSchema):
    kind: ActivityKind | None = Field(None, description="Loại hoạt động")
    title: str | None = Field(None, min_length=1, max_length=255, description="Tên hoạt động")
    held_on: datetime.date | None = Field(None, description="Ngày tổ chức")
    location: str | None = Field(None, max_length=255, description="Địa điểm")
    note: str | None = Field(None, description="Ghi chú")


class AttendanceOut(Schema):
    member: MemberRef
    present: bool | None = Field(description="true có mặt, false vắng, null chưa điểm danh")


class AttendanceIn(InputSchema):
    present: list[int] = Field(default_factory=list, description="Id các đoàn viên có mặt")
    absent: list[int] = Field(default_factory=list, description="Id các đoàn viên vắng mặt")


class AttendanceResultOut(Schema):
    present: int = Field(description="Số đoàn viên được ghi có mặt")
    absent: int = Field(description="Số đoàn viên được ghi vắng")


class WorkProjectOut(FileOut):
    id: int
    unit: UnitRef = Field(description="Đơn vị")
    title: str = Field(description="Tên công trình, phần việc")
    dedicated_to: str = Field(description="Chào mừng sự kiện")
    starts_on: datetime.date = Field(description="Từ ngày")
    ends_on: datetime.date | None = Field(description="Đến ngày")
    description: str = Field(description="Mô tả, kết quả")
    participants: list[MemberRef] = Field(description="Đoàn viên tham gia")

    @staticmethod
    def resolve_participants(obj) -> list:
        return list(obj.participants.all())


class WorkProjectIn(InputSchema):
    unit: int = Field(description="Id đơn vị")
    title: str = Field(min_length=1, max_length=255, description="Tên công trình, phần việc")
    dedicated_to: str = Field("", max_length=255, description="Chào mừng sự kiện")
    starts_on: datetime.date = Field(description="Từ ngày")
    ends_on: datetime.date | None = Field(None, description="Đến ngày")
    description: str = Field("", description="Mô tả, kết quả")
    participants: list[int] = Field(default_factory=list, description="Id các đoàn viên tham gia")


class WorkProjectPatch(InputSchema):
    title: str | None = Field(None, min_length=1, max_length=255, description="Tên công trình, phần việc")
    dedicated_to: str | None = Field(None, max_length=255, description="Chào mừng sự kiện")
    starts_on: datetime.date | None = Field(None, description="Từ ngày")
    ends_on: datetime.date | None = Field(None, description="Đến ngày")
    description: str | None = Field(None, description="Mô tả, kết quả")
    participants: list[int] | None = Field(None, description="Id các đoàn viên tham gia (thay cả danh sách)")


class MediaItemOut(FileOut):
    id: int
    unit: UnitRef = Field(description="Đơn vị")
    kind: MediaKind = Field(description=f"Loại: {_labels(MediaKind)}")
    title: str = Field(description="Tiêu đề")
    url: str = Field(description="Đường dẫn")
    published_on: datetime.date = Field(description="Ngày đăng tải")
    publisher: str = Field(description="Nơi đăng")
    authors: list[MemberRef] = Field(description="Tác giả")

    @staticmethod
    def resolve_authors(obj) -> list:
        return list(obj.authors.all())


class MediaItemIn(InputSchema):
    unit: int = Field(description="Id đơn vị")
    kind: MediaKind = Field(description=f"Loại: {_labels(MediaKind)}")
    title: str = Field(min_length=1, max_length=255, description="Tiêu đề")
    url: str = Field(min_length=1, max_length=500, description="Đường dẫn (http/https)")
    published_on: datetime.date = Field(description="Ngày đăng tải")
    publisher: str = Field("", max_length=255, description="Nơi đăng")
    authors: list[int] = Field(default_factory=list, description="Id các đoàn viên là tác giả")


class MediaItemPatch(InputSchema):
    kind: MediaKind | None = Field(None, description="Loại")
    title: str | None = Field(None, min_length=1, max_length=255, description="Tiêu đề")
    url: str | None = Field(None, min_length=1, max_length=500, description="Đường dẫn")
    published_on: datetime.date | None = Field(None, description="Ngày đăng tải")
    publisher: str | None = Field(None, max_length=255, description="Nơi đăng")
    authors: list[int] | None = Field(None, description="Id các tác giả (thay cả danh sách)")


class ConductOut(FileOut):
    id: int
    member: MemberRef
    rule: ConductRule = Field(description=f"Quy định: {_labels(ConductRule)}")
    polarity: ConductPolarity = Field(description=f"Ghi nhận: {_labels(ConductPolarity)}")
    occurred_on: datetime.date = Field(description="Ngày")
    note: str = Field(description="Ghi chú")


class ConductIn(InputSchema):
    member: int = Field(description="Id đoàn viên")
    rule: ConductRule = Field(description=f"Quy định: {_labels(ConductRule)}")
    polarity: ConductPolarity = Field(description=f"Ghi nhận: {_labels(ConductPolarity)}")
    occurred_on: datetime.date = Field(description="Ngày")
    note: str = Field("", description="Ghi chú")


class ConductPatch(InputSchema):
    rule: ConductRule | None = Field(None, description="Quy định")
    polarity: ConductPolarity | None = Field(None, description="Ghi nhận")
    occurred_on: datetime.date | None = Field(None, description="Ngày")
    note: str | None = Field(None, description="Ghi chú")


class PartyOut(Schema):
    id: int
    member: MemberRef
    introduced_on: datetime.date = Field(description="Ngày giới thiệu")
    outcome: PartyOutcome = Field(description=f"Kết quả: {_labels(PartyOutcome)}")
    decided_on: datetime.date | None = Field(description="Ngày có kết quả")
    note: str = Field(description="Ghi chú")


class PartyIn(InputSchema):
    member: int = Field(description="Id đoàn viên")
    introduced_on: datetime.date = Field(description="Ngày giới thiệu")
    outcome: PartyOutcome = Field(PartyOutcome.PENDING, description=f"Kết quả: {_labels(PartyOutcome)}")
    decided_on: datetime.date | None = Field(None, description="Ngày có kết quả (khi đã có kết quả)")
    note: str = Field("", description="Ghi chú")


class PartyPatch(InputSchema):
    introduced_on: datetime.date | None = Field(None, description="Ngày giới thiệu")
    outcome: PartyOutcome | None = Field(None, description="Kết quả")
    decided_on: datetime.date | None = Field(None, description="Ngày có kết quả")
    note: str | None = Field(None, description="Ghi chú")


class DisciplineOut(FileOut):
    id: int
    member: MemberRef
    level: DisciplineLevel = Field(description=f"Hình thức: {_labels(DisciplineLevel)}")
    decision_number: str = Field(description="Số quyết định")
    starts_on: datetime.date = Field(description="Ngày quyết định, có hiệu lực")
    ends_on: datetime.date | None = Field(description="Hết hiệu lực ngày")
    reason: str = Field(description="Lý do")


class DisciplineIn(InputSchema):
    member: int = Field(description="Id đoàn viên (bạn cần quyền quyết định bình xét ở đơn vị của đoàn viên)")
    level: DisciplineLevel = Field(description=f"Hình thức: {_labels(DisciplineLevel)}")
    decision_number: str = Field("", max_length=60, description="Số quyết định")
    starts_on: datetime.date = Field(description="Ngày quyết định, có hiệu lực")
    ends_on: datetime.date | None = Field(None, description="Hết hiệu lực ngày")
    reason: str = Field("", description="Lý do")


class DisciplinePatch(InputSchema):
    level: DisciplineLevel | None = Field(None, description="Hình thức")
    decision_number: str | None = Field(None, max_length=60, description="Số quyết định")
    starts_on: datetime.date | None = Field(None, description="Ngày quyết định")
    ends_on: datetime.date | None = Field(None, description="Hết hiệu lực ngày")
    reason: str | None = Field(None, description="Lý do")


class EvidenceQuery(PageParams):
    unit: int | None = Field(None, description="Đơn vị: gồm toàn bộ đơn vị trực thuộc")
    year: int | None = Field(None, description="Năm")
    kind: str | None = Field(None, description="Loại hoạt động / sản phẩm, quy định văn hóa công sở, hình thức kỷ luật")
    member: int | None = Field(None, description="Id đoàn viên (với bản ghi về một đoàn viên)")


class ActivityPage(Page[ActivityOut]):
    pass


class WorkProjectPage(Page[WorkProjectOut]):
    pass


class MediaItemPage(Page[MediaItemOut]):
    pass


class ConductPage(Page[ConductOut]):
    pass


class PartyPage(Page[PartyOut]):
    pass


class DisciplinePage(Page[DisciplineOut]):
    pass


# --- helpers -------------------------------------------------------------------------------------------------------


def _action(record: str) -> str:
    return Action.DECIDE if record == "discipline" else Action.RECORD_EVIDENCE


def _unit(request, pk: int, action: str) -> Unit:
    return get_scoped_or_404(Unit.objects.all(), request.user, action, pk=pk)


def _member(request, pk: int, action: str) -> Member:
    return get_scoped_or_404(Member.objects.select_related("unit"), request.user, action, pk=pk)


def _members(request, ids: list[int] | None, action: str, field: str) -> list[Member] | None:
    if ids is None:
        return None
    found = {m.pk: m for m in Member.objects.visible_to(request.user, action).filter(pk__in=ids).select_related("unit")}
    missing = [i for i in ids if i not in found]
    if missing:
        raise ValidationError({field: _("Không tìm thấy đoàn viên (id {ids}) trong phạm vi của bạn.").format(
            ids=", ".join(str(i) for i in missing))})  # fmt: skip
    return [found[i] for i in dict.fromkeys(ids)]


def _record(request, record: str, pk: int, action: str = Action.VIEW):
    model = selectors.KINDS[record][0]
    return get_scoped_or_404(model.objects.all(), request.user, action, pk=pk)


def _list(request, record: str, query: EvidenceQuery) -> dict:
    filters = selectors.EvidenceFilters(unit=query.unit, year=query.year, kind=query.kind, member=query.member)
    return paginate(selectors.evidence_list(request.user, record, filters), query)


def _movement(request, pk: int | None):
    if pk is None:
        return None
    from thidua.movements.models import Movement

    return get_scoped_or_404(Movement.objects.all(), request.user, Action.VIEW, pk=pk)


def _patch(payload) -> dict[str, Any]:
    data = payload.model_dump(exclude_unset=True)
    blankable = {"location", "note", "dedicated_to", "description", "publisher", "decision_number", "reason"}
    nullable = {"ends_on", "decided_on", "participants", "authors"}
    cleared = sorted(k for k, v in data.items() if v is None and k not in blankable | nullable)
    if cleared:
        raise ValidationError({k: _("Không được để trống.") for k in cleared})
    return {k: ("" if v is None and k in blankable else v) for k, v in data.items()}


R = ERROR_RESPONSES

# --- activities and attendance -------------------------------------------------------------------------------------


@router.get("/activities", response={200: ActivityPage, **R}, summary="Danh sách hoạt động")
def activity_list(request, query: Query[EvidenceQuery]):
    return _list(request, "activities", query)


@router.post("/activities", response={201: ActivityOut, **R}, summary="Ghi hoạt động")
def activity_create(request, payload: ActivityIn):
    require_action_somewhere(request.user, Action.RECORD_EVIDENCE)
    data = payload.model_dump()
    data["unit"] = _unit(request, payload.unit, Action.RECORD_EVIDENCE)
    data["movement"] = _movement(request, payload.movement)
    return Status(201, services.activity_create(by=request.user, **data))


@router.get("/activities/{int:activity_id}", response={200: ActivityOut, **R}, summary="Xem hoạt động")
def activity_detail(request, activity_id: int):
    return _record(request, "activities", activity_id)


@router.patch("/activities/{int:activity_id}", response={200: ActivityOut, **R}, summary="Sửa hoạt động")
def activity_update(request, activity_id: int, payload: ActivityPatch):
    activity = _record(request, "activities", activity_id, Action.RECORD_EVIDENCE)
    return services.activity_update(activity=activity, **_patch(payload))


@router.delete("/activities/{int:activity_id}", response={204: None, **R}, summary="Xóa hoạt động")
def activity_delete(request, activity_id: int):
    services.activity_delete(activity=_record(request, "activities", activity_id, Action.RECORD_EVIDENCE))
    return Status(204, None)


@router.get("/activities/{int:activity_id}/attendance", response={200: list[AttendanceOut], **R},
            summary="Điểm danh của hoạt động",
            description="Mọi đoàn viên đang sinh hoạt của đơn vị tổ chức (kể cả trực thuộc), theo thứ tự tên.",
            )  # fmt: skip
def attendance_list(request, activity_id: int):
    activity = _record(request, "activities", activity_id, Action.RECORD_EVIDENCE)
    return [{"member": row.member, "present": row.present} for row in selectors.attendance_rows(activity)]


@router.put("/activities/{int:activity_id}/attendance", response={200: AttendanceResultOut, **R},
            summary="Điểm danh hàng loạt",
            description="Ghi có mặt / vắng mặt cho các đoàn viên được liệt kê; người không được liệt kê giữ nguyên. "
            "Mọi id phải là đoàn viên đang sinh hoạt của đơn vị tổ chức, nếu không thì không ghi gì.")  # fmt: skip
def attendance_mark(request, activity_id: int, payload: AttendanceIn):
    activity: Activity = _record(request, "activities", activity_id, Action.RECORD_EVIDENCE)
    present, absent = services.attendance_mark(activity=activity, present=payload.present, absent=payload.absent,
                                               by=request.user)  # fmt: skip
    return {"present": present, "absent": absent}


# --- work projects ---------------------------------------------------------------------------------------------------


@router.get("/projects", response={200: WorkProjectPage, **R}, summary="Danh sách công trình, phần việc")
def project_list(request, query: Query[EvidenceQuery]):
    return _list(request, "projects", query)


@router.post("/projects", response={201: WorkProjectOut, **R}, summary="Ghi công trình, phần việc")
def project_create(request, payload: WorkProjectIn):
    require_action_somewhere(request.user, Action.RECORD_EVIDENCE)
    data = payload.model_dump()
    data["unit"] = _unit(request, payload.unit, Action.RECORD_EVIDENCE)
    data["participants"] = _members(request, payload.participants, Action.VIEW, "participants")
    return Status(201, services.work_project_create(by=request.user, **data))


@router.get("/projects/{int:project_id}", response={200: WorkProjectOut, **R}, summary="Xem công trình, phần việc")
def project_detail(request, project_id: int):
    return _record(request, "projects", project_id)


@router.patch("/projects/{int:project_id}", response={200: WorkProjectOut, **R}, summary="Sửa công trình, phần việc")
def project_update(request, project_id: int, payload: WorkProjectPatch):
    project = _record(request, "projects", project_id, Action.RECORD_EVIDENCE)
    data = _patch(payload)
    if "participants" in data:
        data["participants"] = _members(request, data["participants"] or [], Action.VIEW, "participants")
    return services.work_project_update(project=project, **data)


@router.delete("/projects/{int:project_id}", response={204: None, **R}, summary="Xóa công trình, phần việc")
def project_delete(request, project_id: int):
    services.work_project_delete(project=_record(request, "projects", project_id, Action.RECORD_EVIDENCE))
    return Status(204, None)


# --- media -----------------------------------------------------------------------------------------------------------


@router.get("/media", response={200: MediaItemPage, **R}, summary="Danh sách sản phẩm tuyên truyền")
def media_list(request, query: Query[EvidenceQuery]):
    return _list(request, "media", query)


@router.post("/media", response={201: MediaItemOut, **R}, summary="Ghi sản phẩm tuyên truyền")
def media_create(request, payload: MediaItemIn):
    require_action_somewhere(request.user, Action.RECORD_EVIDENCE)
    data = payload.model_dump()
    data["unit"] = _unit(request, payload.unit, Action.RECORD_EVIDENCE)
    data["authors"] = _members(request, payload.authors, Action.VIEW, "authors")
    return Status(201, services.media_item_create(by=request.user, **data))


@router.get("/media/{int:item_id}", response={200: MediaItemOut, **R}, summary="Xem sản phẩm tuyên truyền")
def media_detail(request, item_id: int):
    return _record(request, "media", item_id)


@router.patch("/media/{int:item_id}", response={200: MediaItemOut, **R}, summary="Sửa sản phẩm tuyên truyền")
def media_update(request, item_id: int, payload: MediaItemPatch):
    item = _record(request, "media", item_id, Action.RECORD_EVIDENCE)
    data = _patch(payload)
    if "authors" in data:
        data["authors"] = _members(request, data["authors"] or [], Action.VIEW, "authors")
    return services.media_item_update(item=item, **data)


@router.delete("/media/{int:item_id}", response={204: None, **R}, summary="Xóa sản phẩm tuyên truyền")
def media_delete(request, item_id: int):
    services.media_item_delete(item=_record(request, "media", item_id, Action.RECORD_EVIDENCE))
    return Status(204, None)


# --- office culture --------------------------------------------------------------------------------------------------


@router.get("/conduct", response={200: ConductPage, **R}, summary="Danh sách ghi nhận văn hóa công sở")
def conduct_list(request, query: Query[EvidenceQuery]):
    return _list(request, "conduct", query)


@router.post("/conduct", response={201: ConductOut, **R}, summary="Ghi nhận văn hóa công sở")
def conduct_create(request, payload: ConductIn):
    require_action_somewhere(request.user, Action.RECORD_EVIDENCE)
    data = {**payload.model_dump(), "member": _member(request, payload.member, Action.RECORD_EVIDENCE)}
    return Status(201, services.conduct_record_create(by=request.user, **data))


@router.get("/conduct/{int:record_id}", response={200: ConductOut, **R}, summary="Xem ghi nhận văn hóa công sở")
def conduct_detail(request, record_id: int):
    return _record(request, "conduct", record_id)


@router.patch("/conduct/{int:record_id}", response={200: ConductOut, **R}, summary="Sửa ghi nhận văn hóa công sở")
def conduct_update(request, record_id: int, payload: ConductPatch):
    record = _record(request, "conduct", record_id, Action.RECORD_EVIDENCE)
    return services.conduct_record_update(record=record, **_patch(payload))


@router.delete("/conduct/{int:record_id}", response={204: None, **R}, summary="Xóa ghi nhận văn hóa công sở")
def conduct_delete(request, record_id: int):
    services.conduct_record_delete(record=_record(request, "conduct", record_id, Action.RECORD_EVIDENCE))
    return Status(204, None)


# --- Party introductions ---------------------------------------------------------------------------------------------


@router.get("/party-introductions", response={200: PartyPage, **R}, summary="Danh sách giới thiệu đoàn viên cho Đảng")
def party_list(request, query: Query[EvidenceQuery]):
    return _list(request, "party", query)


@router.post("/party-introductions", response={201: PartyOut, **R}, summary="Ghi giới thiệu đoàn viên cho Đảng")
def party_create(request, payload: PartyIn):
    require_action_somewhere(request.user, Action.RECORD_EVIDENCE)
    data = {**payload.model_dump(), "member": _member(request, payload.member, Action.RECORD_EVIDENCE)}
    return Status(201, services.party_introduction_create(by=request.user, **data))


@router.get("/party-introductions/{int:introduction_id}", response={200: PartyOut, **R},
            summary="Xem giới thiệu đoàn viên cho Đảng")  # fmt: skip
def party_detail(request, introduction_id: int):
    return _record(request, "party", introduction_id)


@router.patch("/party-introductions/{int:introduction_id}", response={200: PartyOut, **R},
              summary="Sửa giới thiệu đoàn viên cho Đảng (kết quả)")  # fmt: skip
def party_update(request, introduction_id: int, payload: PartyPatch):
    introduction = _record(request, "party", introduction_id, Action.RECORD_EVIDENCE)
    return services.party_introduction_update(introduction=introduction, **_patch(payload))


@router.delete("/party-introductions/{int:introduction_id}", response={204: None, **R},
               summary="Xóa giới thiệu đoàn viên cho Đảng")  # fmt: skip
def party_delete(request, introduction_id: int):
    services.party_introduction_delete(introduction=_record(request, "party", introduction_id,
                                                            Action.RECORD_EVIDENCE))  # fmt: skip
    return Status(204, None)


# --- discipline ------------------------------------------------------------------------------------------------------


@router.get("/disciplines", response={200: DisciplinePage, **R}, summary="Danh sách kỷ luật")
def discipline_list(request, query: Query[EvidenceQuery]):
    return _list(request, "discipline", query)


@router.post("/disciplines", response={201: DisciplineOut, **R}, summary="Ghi kỷ luật",
             description="Chỉ Ban Chấp hành (quyền quyết định bình xét) ghi kỷ luật: kỷ luật trong kỳ bình xét dẫn "
             "đến xếp loại Không hoàn thành nhiệm vụ theo bộ quy tắc.")  # fmt: skip
def discipline_create(request, payload: DisciplineIn):
    require_action_somewhere(request.user, Action.DECIDE)
    data = {**payload.model_dump(), "member": _member(request, payload.member, Action.DECIDE)}
    return Status(201, services.discipline_create(by=request.user, **data))


@router.get("/disciplines/{int:discipline_id}", response={200: DisciplineOut, **R}, summary="Xem kỷ luật")
def discipline_detail(request, discipline_id: int):
    return _record(request, "discipline", discipline_id)


@router.patch("/disciplines/{int:discipline_id}", response={200: DisciplineOut, **R}, summary="Sửa kỷ luật")
def discipline_update(request, discipline_id: int, payload: DisciplinePatch):
    discipline = _record(request, "discipline", discipline_id, Action.DECIDE)
    return services.discipline_update(discipline=discipline, **_patch(payload))


@router.delete("/disciplines/{int:discipline_id}", response={204: None, **R}, summary="Xóa kỷ luật")
def discipline_delete(request, discipline_id: int):
    services.discipline_delete(discipline=_record(request, "discipline", discipline_id, Action.DECIDE))
    return Status(204, None)
