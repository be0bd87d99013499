"""API for rule packs: list and read packs, the pack in force for a unit on a date, clone a pack for an
organisation, edit a value of an organisation's pack."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from ninja import Field, Query, Router, Schema, Status

from thidua.api.errors import ERROR_RESPONSES
from thidua.api.schemas import InputSchema
from thidua.core.permissions import get_scoped_or_404, require_action_somewhere
from thidua.core.roles import Action
from thidua.organizations.models import Unit
from thidua.rules import selectors, services
from thidua.rules.models import RuleEntry, RulePack

router = Router(tags=["Bộ quy tắc"])


class EntryOut(Schema):
    id: int
    kind: str = Field(description="parameter | scale | title | salary")
    key: str = Field(description="Khóa, ví dụ evaluation.htxs_quota_ratio")
    name: str
    value: Any
    citation: str = Field(description="Căn cứ pháp lý")
    unverified: bool = Field(description="Chưa kiểm chứng với văn bản gốc")
    note: str
    effective_from: datetime.date
    effective_to: datetime.date | None


class PackOut(Schema):
    id: int
    code: str
    name: str
    citation: str
    effective_from: datetime.date
    effective_to: datetime.date | None
    owner_id: int | None = Field(description="Đơn vị áp dụng; trống = toàn quốc")
    based_on_id: int | None
    shipped: bool = Field(description="Bộ gốc chỉ đọc")


class PackDetailOut(PackOut):
    entries: list[EntryOut]

    @staticmethod
    def resolve_entries(pack: RulePack) -> list[RuleEntry]:
        # The in-force endpoint narrows the entries to the date asked; otherwise every entry of the pack.
        if hasattr(pack, "entries_in_force"):
            return pack.entries_in_force
        return list(pack.entries.order_by("kind", "pk"))


class CloneIn(InputSchema):
    owner: int = Field(description="Đơn vị áp dụng bản sao")
    code: str
    name: str
    effective_from: datetime.date | None = None


class EntryIn(InputSchema):
    value: Any
    citation: str
    unverified: bool = False
    note: str = ""
    effective_to: datetime.date | None = None


class InForceQuery(Schema):
    on: datetime.date = Field(description="Ngày xét")
    unit: int | None = Field(None, description="Đơn vị (để tìm bộ quy tắc riêng của đơn vị cấp trên)")


@router.get("/packs", response={200: list[PackOut], **ERROR_RESPONSES}, summary="Danh sách bộ quy tắc")
def pack_list(request):
    return list(selectors.packs_visible(request.user))


@router.get("/packs/{pack_id}", response={200: PackDetailOut, **ERROR_RESPONSES}, summary="Một bộ quy tắc")
def pack_detail(request, pack_id: int):
    return get_scoped_or_404(RulePack.objects.all(), request.user, pk=pack_id)


@router.get("/in-force", response={200: PackDetailOut, **ERROR_RESPONSES}, summary="Bộ quy tắc có hiệu lực")
def pack_in_force(request, query: Query[InForceQuery]):
    unit = get_scoped_or_404(Unit.objects.all(), request.user, pk=query.unit) if query.unit else None
    try:
        pack = selectors.pack_in_force(on=query.on, unit=unit)
    except selectors.RuleMissing as error:
        raise ValidationError({"on": str(error)}) from error
    pack.entries_in_force = list(pack.entries.in_force(query.on).order_by("kind", "pk"))
    return pack


@router.post("/packs/{pack_id}/clone", response={201: PackOut, **ERROR_RESPONSES}, summary="Sao bộ quy tắc")
def pack_clone(request, pack_id: int, payload: CloneIn):
    pack = get_scoped_or_404(RulePack.objects.all(), request.user, pk=pack_id)
    require_action_somewhere(request.user, Action.MANAGE_RULES)
    owner = get_scoped_or_404(Unit.objects.all(), request.user, Action.MANAGE_RULES, pk=payload.owner)
    clone = services.pack_clone(pack=pack, owner=owner, code=payload.code, name=payload.name,
                                effective_from=payload.effective_from)  # fmt: skip
    return Status(201, clone)


@router.patch("/entries/{entry_id}", response={200: EntryOut, **ERROR_RESPONSES}, summary="Sửa một giá trị")
def entry_update(request, entry_id: int, payload: EntryIn):
    entry = get_scoped_or_404(RuleEntry.objects.select_related("pack"), request.user, Action.MANAGE_RULES,
                              pk=entry_id)  # fmt: skip
    return services.entry_update(entry=entry, **payload.dict())
