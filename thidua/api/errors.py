"""One JSON shape for every API error, with Vietnamese messages.

    {"detail": "…"}                                   401, 403, 404
    {"detail": "…", "errors": {"field": ["…", …]}}     422

The views raise the same exceptions as the pages (Http404, PermissionDenied, the services' ValidationError); these
handlers turn them into responses. Non-field errors are listed under ``__all__``, as Django's forms do.
"""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import Field


class ErrorOut(Schema):
    detail: str = Field(description="Mô tả lỗi")


class ValidationErrorOut(Schema):
    detail: str = Field(description="Mô tả chung")
    errors: dict[str, list[str]] = Field(description="Tên trường → các thông báo lỗi; lỗi chung nằm ở «__all__»")


# Documented on every operation (the handlers below produce them).
ERROR_RESPONSES: dict[int, type[Schema]] = {
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: ValidationErrorOut,
}


def _invalid(api: NinjaAPI, request: HttpRequest, errors: dict[str, list[str]]) -> HttpResponse:
    return api.create_response(request, {"detail": _("Dữ liệu không hợp lệ."), "errors": errors}, status=422)


def _pydantic_message(error: dict) -> str:
    """A Vietnamese message for the request validation errors people actually make."""
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind == "missing":
        return _("Trường này là bắt buộc.")
    if kind == "extra_forbidden":
        return _("Trường này không có trong lược đồ.")
    if kind.startswith(("date_", "datetime_")):
        return _("Ngày không hợp lệ; dùng định dạng YYYY-MM-DD.")
    if kind.startswith("int_"):
        return _("Phải là số nguyên.")
    if kind.startswith("bool_"):
        return _("Phải là true hoặc false.")
    if kind in ("enum", "literal_error"):
        return _("Giá trị không hợp lệ; chọn một trong: {expected}.").format(expected=ctx.get("expected", ""))
    if kind == "string_too_short":
        return _("Không được để trống.")
    if kind == "string_too_long":
        return _("Tối đa {max_length} ký tự.").format(max_length=ctx.get("max_length"))
    if kind == "greater_than_equal":
        return _("Phải lớn hơn hoặc bằng {ge}.").format(ge=ctx.get("ge"))
    if kind == "less_than_equal":
        return _("Phải nhỏ hơn hoặc bằng {le}.").format(le=ctx.get("le"))
    if kind.startswith("string_"):
        return _("Phải là chuỗi ký tự.")
    if kind.startswith("list_"):
        return _("Phải là một danh sách.")
    if kind == "json_invalid":
        return _("Nội dung gửi lên không phải JSON hợp lệ.")
    return str(error.get("msg", _("Giá trị không hợp lệ.")))


def _field_name(loc) -> str:
    """("body", "payload", "units", 0) → "units.0"; ("query", "page_size") → "page_size"."""
    parts = [str(p) for p in loc[1:]]
    if parts and parts[0] == "payload":
        parts = parts[1:]
    return ".".join(parts) or NON_FIELD_ERRORS


def install_error_handlers(api: NinjaAPI) -> None:
    def not_authenticated(request, exc):
        message = exc.message if exc.message != "Unauthorized" else _("Cần đăng nhập hoặc gửi khóa API.")
        response = api.create_response(request, {"detail": message}, status=401)
        response["WWW-Authenticate"] = 'Bearer realm="api"'
        return response

    def not_found(request, exc):
        return api.create_response(request, {"detail": _("Không tìm thấy, hoặc ngoài phạm vi của bạn.")}, status=404)

    def forbidden(request, exc):
        return api.create_response(request, {"detail": _("Bạn không có quyền thực hiện thao tác này.")}, status=403)

    def service_invalid(request, exc: DjangoValidationError):
        errors = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
        return _invalid(api, request, {field: list(messages) for field, messages in errors.items()})

    def request_invalid(request, exc: NinjaValidationError):
        errors: dict[str, list[str]] = {}
        for error in exc.errors:
            errors.setdefault(_field_name(error.get("loc", ())), []).append(_pydantic_message(error))
        return _invalid(api, request, errors)

    api.add_exception_handler(AuthenticationError, not_authenticated)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(PermissionDenied, forbidden)
    api.add_exception_handler(DjangoValidationError, service_invalid)
    api.add_exception_handler(NinjaValidationError, request_invalid)
