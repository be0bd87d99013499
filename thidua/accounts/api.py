"""API for the signed-in user: who am I, and my API tokens."""

import datetime

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from thidua.accounts.models import ApiToken
from thidua.accounts.services import api_token_create
from thidua.api.auth import session_auth
from thidua.api.errors import ERROR_RESPONSES
from thidua.api.schemas import InputSchema
from thidua.core.scope import get_scope

router = Router(tags=["Tài khoản"])


class MeOut(Schema):
    id: int
    username: str = Field(description="Tên đăng nhập")
    full_name: str = Field(description="Họ và tên")
    is_superuser: bool = Field(description="Quản trị hệ thống")
    roles: list[str] = Field(description="Các vai trò đang được cấp (officer, chair, group_leader, council, member…)")
    member_ids: list[int] = Field(description="Hồ sơ đoàn viên gắn với tài khoản")


class TokenOut(Schema):
    id: int
    name: str = Field(description="Tên gợi nhớ")
    prefix: str = Field(description="Tám ký tự đầu của khóa (sau «td_»), để nhận ra khóa")
    created_at: datetime.datetime = Field(description="Tạo lúc")
    last_used_at: datetime.datetime | None = Field(description="Dùng lần cuối")


class TokenCreatedOut(TokenOut):
    key: str = Field(description="Khóa đầy đủ: chỉ hiện một lần, hãy lưu lại ngay. Gửi kèm «Authorization: Bearer …»")


class TokenIn(InputSchema):
    name: str = Field(min_length=1, max_length=100, description="Tên gợi nhớ, ví dụ «Đồng bộ phần mềm nhân sự»")


@router.get("/me", response={200: MeOut, **ERROR_RESPONSES}, summary="Tài khoản đang dùng")
def me(request):
    scope = get_scope(request.user)
    user = request.user
    return {"id": user.pk, "username": user.username, "full_name": user.full_name, "is_superuser": user.is_superuser,
            "roles": sorted(scope.roles), "member_ids": list(scope.member_ids)}  # fmt: skip


@router.get("/tokens", response={200: list[TokenOut], **ERROR_RESPONSES}, summary="Khóa API của tôi")
def token_list(request):
    return ApiToken.objects.filter(user=request.user).order_by("-created_at")


# The session only: a leaked token must not be able to mint more tokens.
@router.post("/tokens", auth=[session_auth], response={201: TokenCreatedOut, **ERROR_RESPONSES},
             summary="Tạo khóa API",
             description="Tạo khóa API cho chính bạn (chỉ khi đăng nhập trên trình duyệt, không dùng khóa API khác). "
             "Khóa đầy đủ chỉ trả về một lần; hệ thống chỉ lưu mã băm. Khóa có đúng phạm vi và vai trò của "
             "bạn.")  # fmt: skip
def token_create(request, payload: TokenIn):
    token, key = api_token_create(user=request.user, name=payload.name)
    token.key = key
    return Status(201, token)


@router.delete("/tokens/{int:token_id}", response={204: None, **ERROR_RESPONSES}, summary="Thu hồi khóa API")
def token_delete(request, token_id: int):
    get_object_or_404(ApiToken, pk=token_id, user=request.user).delete()
    return Status(204, None)
