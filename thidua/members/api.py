"""API for the member registry: list with filters, details with transfer history, create, update, transfer, leave,
and import from a workbook.

The list uses ``selectors.member_list`` with ``MemberFilters``, the same filter as the list page and the export.
The member in the path is fetched with ``get_scoped_or_404`` for the action (outside the scope → 404, in scope
without the role → 403); a new member's unit is checked the same way.
"""

import datetime
import pathlib
import tempfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile

from thidua.api.errors import ERROR_RESPONSES, ValidationErrorOut
from thidua.api.pagination import Page, PageParams, paginate
from thidua.api.schemas import InputSchema
from thidua.core.permissions import get_scoped_or_404, require_action_somewhere
from thidua.core.roles import Action
from thidua.members import selectors, services
from thidua.members.choices import Gender, MemberStatus, PositionRole
from thidua.members.importing import ImportResult, member_import
from thidua.members.models import Member, MemberTransfer
from thidua.organizations.api import UnitRef
from thidua.organizations.models import Unit

router = Router(tags=["Đoàn viên"])

GENDERS = "male = Nam; female = Nữ"
STATUSES = "; ".join(f"{s.value} = {s.label}" for s in MemberStatus)


# --- schemas -------------------------------------------------------------------------------------------------------


class MemberOut(Schema):
    id: int
    code: str = Field(description="Mã đoàn viên (duy nhất toàn quốc)")
    full_name: str = Field(description="Họ và tên")
    gender: Gender = Field(description=f"Giới tính: {GENDERS}")
    date_of_birth: datetime.date | None = Field(description="Ngày sinh")
    union_joined_on: datetime.date | None = Field(description="Ngày vào công đoàn")
    is_party_member: bool = Field(description="Đảng viên")
    party_joined_on: datetime.date | None = Field(description="Ngày vào Đảng")
    job_title: str = Field(description="Chức vụ, công việc")
    unit: UnitRef = Field(description="Đơn vị đang sinh hoạt (hoặc sinh hoạt sau cùng)")
    status: MemberStatus = Field(description=f"Tình trạng: {STATUSES}")
    status_changed_on: datetime.date | None = Field(description="Ngày đổi tình trạng")
    email: str = Field(description="Thư điện tử")
    phone: str = Field(description="Điện thoại")


class TransferOut(Schema):
    id: int
    member_id: int
    from_unit: UnitRef = Field(description="Từ đơn vị")
    to_unit: UnitRef | None = Field(description="Đến đơn vị (trong hệ thống)")
    to_outside: str = Field(description="Nơi chuyển đến ngoài hệ thống")
    transferred_on: datetime.date = Field(description="Ngày chuyển")
    note: str = Field(description="Ghi chú")
    created_by: str | None = Field(description="Người ghi")

    @staticmethod
    def resolve_created_by(obj: MemberTransfer) -> str | None:
        return str(obj.created_by) if obj.created_by_id else None


class PositionOut(Schema):
    id: int
    role: PositionRole = Field(description="Chức danh")
    unit: UnitRef = Field(description="Đơn vị giữ chức danh")
    term: str = Field(description="Nhiệm kỳ")
    starts_on: datetime.date = Field(description="Từ ngày")
    ends_on: datetime.date | None = Field(description="Đến ngày")

    @staticmethod
    def resolve_term(obj) -> str:
        return obj.term.name


class MemberDetailOut(MemberOut):
    transfers: list[TransferOut] = Field(description="Lịch sử chuyển sinh hoạt, mới nhất trước")
    positions: list[PositionOut] = Field(description="Các chức danh đã và đang giữ")

    @staticmethod
    def resolve_transfers(obj: Member) -> list:
        return list(selectors.member_detail(obj)["transfers"])

    @staticmethod
    def resolve_positions(obj: Member) -> list:
        return list(selectors.member_detail(obj)["positions"])


class MemberPage(Page[MemberOut]):
    pass


class MemberQuery(PageParams):
    unit: int | None = Field(None, description="Đơn vị: gồm đoàn viên của toàn bộ đơn vị trực thuộc")
    status: MemberStatus | None = Field(None, description=f"Tình trạng: {STATUSES}")
    gender: Gender | None = Field(None, description=f"Giới tính: {GENDERS}")
    party: bool | None = Field(None, description="true: chỉ đảng viên; false: chỉ người chưa là đảng viên")
    q: str = Field("", description="Tìm theo họ tên, mã, thư điện tử, điện thoại; không phân biệt dấu")


class MemberIn(InputSchema):
    code: str = Field(min_length=1, max_length=30, description="Mã đoàn viên (duy nhất toàn quốc)")
    full_name: str = Field(min_length=1, max_length=150, description="Họ và tên")
    gender: Gender = Field(description=f"Giới tính: {GENDERS}")
    date_of_birth: datetime.date | None = Field(None, description="Ngày sinh")
    union_joined_on: datetime.date | None = Field(None, description="Ngày vào công đoàn")
    is_party_member: bool = Field(False, description="Đảng viên")
    party_joined_on: datetime.date | None = Field(None, description="Ngày vào Đảng (chỉ với đảng viên)")
    job_title: str = Field("", max_length=150, description="Chức vụ, công việc")
    unit: int = Field(description="Id đơn vị sinh hoạt (bạn cần quyền quản lý đoàn viên ở đó)")
    email: str = Field("", max_length=254, description="Thư điện tử")
    phone: str = Field("", max_length=20, description="Điện thoại")


# Only the fields sent change. The unit changes through /transfer, which keeps the history.
class MemberUpdateIn(InputSchema):
    code: str | None = Field(None, min_length=1, max_length=30, description="Mã đoàn viên")
    full_name: str | None = Field(None, min_length=1, max_length=150, description="Họ và tên")
    gender: Gender | None = Field(None, description=f"Giới tính: {GENDERS}")
    date_of_birth: datetime.date | None = Field(None, description="Ngày sinh")
    union_joined_on: datetime.date | None = Field(None, description="Ngày vào công đoàn")
    is_party_member: bool | None = Field(None, description="Đảng viên")
    party_joined_on: datetime.date | None = Field(None, description="Ngày vào Đảng")
    job_title: str | None = Field(None, max_length=150, description="Chức vụ, công việc")
    email: str | None = Field(None, max_length=254, description="Thư điện tử")
    phone: str | None = Field(None, max_length=20, description="Điện thoại")


# Fields an update may clear with null; the others must keep a value.
NULLABLE = {"date_of_birth", "union_joined_on", "party_joined_on"}
BLANKABLE = {"job_title", "email", "phone"}


class TransferIn(InputSchema):
    to_unit: int | None = Field(None, description="Id đơn vị chuyển đến (trong hệ thống)")
    to_outside: str = Field("", max_length=255, description="Hoặc nơi chuyển đến ngoài hệ thống")
    transferred_on: datetime.date = Field(description="Ngày chuyển")
    note: str = Field("", max_length=255, description="Ghi chú")


class LeaveIn(InputSchema):
    left_on: datetime.date = Field(description="Ngày thôi sinh hoạt")


class ImportErrorOut(Schema):
    row: int = Field(description="Số dòng như chương trình bảng tính hiển thị (tiêu đề = 1; 0: lỗi của cả tệp)")
    column: str = Field(description="Tên cột")
    letter: str = Field(description="Chữ cái của cột, ví dụ C")
    message: str = Field(description="Lỗi")


class ImportChangeOut(Schema):
    column: str = Field(description="Tên cột")
    old: str = Field(description="Giá trị cũ")
    new: str = Field(description="Giá trị mới")


class ImportPreviewOut(Schema):
    row: int = Field(description="Số dòng trong tệp")
    code: str = Field(description="Mã đoàn viên")
    full_name: str = Field(description="Họ và tên")
    unit: str = Field(description="Đơn vị")
    changes: list[ImportChangeOut] = Field(description="Các thay đổi (với đoàn viên đã có)")


class ImportOut(Schema):
    committed: bool = Field(description="Đã ghi vào cơ sở dữ liệu (chỉ khi commit=true và tệp không có lỗi nào)")
    rows: int = Field(description="Số dòng dữ liệu đã đọc")
    created: int = Field(description="Số đoàn viên thêm mới (hoặc sẽ thêm)")
    updated: int = Field(description="Số đoàn viên cập nhật (hoặc sẽ cập nhật)")
    unchanged: int = Field(description="Số đoàn viên không đổi")
    error_count: int = Field(description="Tổng số lỗi (danh sách errors có thể chỉ gồm các lỗi đầu tiên)")
    errors: list[ImportErrorOut] = Field(description="Các ô, dòng hoặc cột sai; có lỗi thì không ghi gì")
    preview_create: list[ImportPreviewOut] = Field(description="Các đoàn viên sẽ thêm (tối đa 50 dòng đầu)")
    preview_update: list[ImportPreviewOut] = Field(description="Các đoàn viên sẽ sửa, với từng thay đổi (tối đa 50)")


IMPORT_DESCRIPTION = """Nhập đoàn viên từ tệp theo mẫu nhập (.xlsx) hoặc CSV (UTF-8), giống trang «Nhập từ Excel».

- Không gửi `commit` (hoặc `commit=false`): chỉ kiểm tra, không ghi gì; kết quả cho biết sẽ thêm, sửa những ai và
  liệt kê mọi ô sai (dòng, cột).
- `commit=true`: ghi cả tệp trong một giao dịch nếu và chỉ nếu tệp không có lỗi nào; có lỗi thì không ghi gì và trả
  về 422 với cùng nội dung.

Mỗi dòng chỉ được thêm hoặc sửa đoàn viên của đơn vị bạn có quyền quản lý đoàn viên."""


# --- endpoints -----------------------------------------------------------------------------------------------------


def _member(request, pk: int, action: str = Action.VIEW) -> Member:
    return get_scoped_or_404(Member.objects.select_related("unit"), request.user, action, pk=pk)


@router.get("", response={200: MemberPage, **ERROR_RESPONSES}, summary="Danh sách đoàn viên",
            description="Đoàn viên trong phạm vi của bạn, xếp theo tên (tên, rồi họ và tên đệm). Đoàn viên chỉ thấy "
            "hồ sơ của chính mình. Đơn vị lọc ngoài phạm vi → 404.")  # fmt: skip
def member_list(request, filters: Query[MemberQuery]):
    member_filters = selectors.MemberFilters(unit=filters.unit, status=filters.status, gender=filters.gender,
                                             party=filters.party, q=filters.q.strip())  # fmt: skip
    return paginate(selectors.member_list(request.user, member_filters), filters)


@router.post("", response={201: MemberDetailOut, **ERROR_RESPONSES}, summary="Thêm đoàn viên")
def member_create(request, payload: MemberIn):
    require_action_somewhere(request.user, Action.CHANGE_MEMBERS)
    unit = get_scoped_or_404(Unit.objects.all(), request.user, Action.CHANGE_MEMBERS, pk=payload.unit)
    member = services.member_create(**{**payload.model_dump(), "unit": unit})
    return Status(201, member)


@router.get("/{int:member_id}", response={200: MemberDetailOut, **ERROR_RESPONSES}, summary="Xem đoàn viên",
            description="Hồ sơ đoàn viên, kèm lịch sử chuyển sinh hoạt và các chức danh.")  # fmt: skip
def member_detail(request, member_id: int):
    return _member(request, member_id)


@router.patch("/{int:member_id}", response={200: MemberDetailOut, **ERROR_RESPONSES}, summary="Sửa thông tin đoàn viên",
              description="Chỉ các trường gửi lên thay đổi; gửi null để xóa ngày. Đổi đơn vị bằng /transfer để giữ "
              "lịch sử.")  # fmt: skip
def member_update(request, member_id: int, payload: MemberUpdateIn):
    member = _member(request, member_id, Action.CHANGE_MEMBERS)
    data = payload.model_dump(exclude_unset=True)
    cleared = sorted(name for name, value in data.items() if value is None and name not in NULLABLE | BLANKABLE)
    if cleared:
        raise ValidationError({name: _("Không được để trống.") for name in cleared})
    data.update({name: "" for name in BLANKABLE if name in data and data[name] is None})
    member = services.member_update(member=member, **data)
    return member


@router.post("/{int:member_id}/transfer", response={201: TransferOut, **ERROR_RESPONSES}, summary="Chuyển sinh hoạt",
             description="Chuyển đoàn viên sang một đơn vị trong hệ thống (bất kỳ đơn vị đang hoạt động nào bạn thấy "
             "được) hoặc ra ngoài hệ thống (to_outside). Lần chuyển được lưu trong lịch sử của đoàn viên.")  # fmt: skip
def member_transfer(request, member_id: int, payload: TransferIn):
    member = _member(request, member_id, Action.CHANGE_MEMBERS)
    to_unit = None
    if payload.to_unit is not None:
        to_unit = Unit.objects.visible_to(request.user).open().filter(pk=payload.to_unit).first()
        if to_unit is None:
            raise ValidationError({"to_unit": _("Đơn vị #{pk} không tồn tại, đã giải thể hoặc ngoài phạm vi của bạn.")
                                   .format(pk=payload.to_unit)})  # fmt: skip
    transfer = services.member_transfer(member=member, transferred_on=payload.transferred_on, to_unit=to_unit,
                                        to_outside=payload.to_outside, note=payload.note, by=request.user)  # fmt: skip
    return Status(201, transfer)


@router.post("/{int:member_id}/leave", response={200: MemberOut, **ERROR_RESPONSES}, summary="Thôi sinh hoạt")
def member_leave(request, member_id: int, payload: LeaveIn):
    member = _member(request, member_id, Action.CHANGE_MEMBERS)
    return services.member_leave(member=member, left_on=payload.left_on)


# A failed commit answers 422 with the import's own report; a malformed request, the usual field errors.
IMPORT_RESPONSES = {**ERROR_RESPONSES, 200: ImportOut, 422: ImportOut | ValidationErrorOut}


@router.post("/import", response=IMPORT_RESPONSES, summary="Nhập đoàn viên từ tệp", description=IMPORT_DESCRIPTION)
def member_import_file(
    request,
    file: File[UploadedFile],
    commit_form: bool = Form(False, alias="commit", description="true: ghi; false: chỉ kiểm tra (mặc định)"),
    commit_query: bool = Query(False, alias="commit", description="Cũng có thể gửi commit trên địa chỉ"),
):
    require_action_somewhere(request.user, Action.CHANGE_MEMBERS)
    commit = commit_form or commit_query
    suffix = pathlib.Path(file.name or "").suffix.lower()
    with tempfile.NamedTemporaryFile(suffix=suffix) as stored:
        for chunk in file.chunks():
            stored.write(chunk)
        stored.flush()
        result: ImportResult = member_import(user=request.user, path=pathlib.Path(stored.name),
                                             filename=file.name or "", commit=commit)  # fmt: skip
    return Status(422 if commit and not result.committed else 200, ImportOut.from_orm(result))
