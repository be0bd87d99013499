"""Page-number pagination for list endpoints: ``?page=2&page_size=100``, with the total count.

Written out rather than ninja's ``@paginate`` so a view can decorate the page's rows (member counts over the subtree,
one grouped query per page) before they are serialised.
"""

import math
from collections.abc import Callable
from typing import Generic, TypeVar

from django.conf import settings
from django.db.models import QuerySet
from ninja import Schema
from pydantic import Field

MAX_PAGE_SIZE = 500

T = TypeVar("T")


class PageParams(Schema):
    """Query parameters shared by every paginated list."""

    page: int = Field(1, ge=1, description="Số trang, bắt đầu từ 1")
    page_size: int | None = Field(
        None, ge=1, le=MAX_PAGE_SIZE, description="Số dòng mỗi trang (mặc định theo cấu hình, tối đa 500)"
    )


class Page(Schema, Generic[T]):
    count: int = Field(description="Tổng số dòng khớp bộ lọc")
    page: int = Field(description="Trang hiện tại")
    page_size: int = Field(description="Số dòng mỗi trang")
    pages: int = Field(description="Tổng số trang")
    items: list[T] = Field(description="Các dòng của trang này")


def paginate(queryset: QuerySet, params: PageParams, prepare: Callable[[list], list] | None = None) -> dict:
    """One page of ``queryset``; a page past the end is empty. ``prepare`` decorates the page's rows."""
    size = params.page_size or settings.THIDUA_PAGE_SIZE
    count = queryset.count()
    start = (params.page - 1) * size
    items = list(queryset[start : start + size]) if start < count else []
    if prepare is not None:
        items = prepare(items)
    return {"count": count, "page": params.page, "page_size": size, "pages": max(1, math.ceil(count / size)),
            "items": items}  # fmt: skip
