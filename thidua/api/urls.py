"""The one HTTP API: each app contributes a router from its ``api.py``; this module assembles them.

Every operation requires authentication (``DEFAULT_AUTH``: bearer token, then session) and goes through the same
scope checks, services and selectors as the pages. ``/api/docs`` serves Swagger UI from the static files that
django-ninja ships (no CDN: agency networks are often closed); ``/api/openapi.json`` is the schema.
"""

from ninja import NinjaAPI, Swagger

from thidua.accounts.api import router as accounts_router
from thidua.api.auth import DEFAULT_AUTH
from thidua.api.errors import install_error_handlers
from thidua.awards.api import router as awards_router
from thidua.documents.api import router as documents_router
from thidua.evaluation.api import router as evaluation_router
from thidua.evidence.api import router as evidence_router
from thidua.initiatives.api import router as initiatives_router
from thidua.members.api import router as members_router
from thidua.movements.api import router as movements_router
from thidua.organizations.api import router as organizations_router
from thidua.reports.api import router as reports_router
from thidua.rules.api import router as rules_router

DESCRIPTION = """API của hệ thống Thi Đua.

**Xác thực**: đăng nhập trên trình duyệt (phiên làm việc; các lệnh ghi cần tiêu đề `X-CSRFToken`), hoặc gửi
`Authorization: Bearer td_…` với khóa API tạo ở `POST /api/tokens` hoặc trong trang quản trị.

**Phạm vi**: mỗi tài khoản chỉ thấy các đơn vị và đoàn viên trong phạm vi được phân quyền. Chưa đăng nhập → 401;
ngoài phạm vi → 404; trong phạm vi nhưng không có vai trò phù hợp → 403; dữ liệu không hợp lệ → 422, kèm
`errors` theo từng trường.

Ngày tháng theo ISO 8601 (`YYYY-MM-DD`)."""

api = NinjaAPI(
    title="Thi Đua API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=DEFAULT_AUTH,
    # Served from django-ninja's own static files ("ninja" is in INSTALLED_APPS); no validator badge, which would
    # call validator.swagger.io. Authorisation is not persisted: a token typed on a shared office computer must not
    # stay in its localStorage.
    docs=Swagger(settings={"validatorUrl": None}),
)
install_error_handlers(api)
api.add_router("/", organizations_router)
api.add_router("/members", members_router)
api.add_router("/", accounts_router)
api.add_router("/rules", rules_router)
api.add_router("/movements", movements_router)
api.add_router("/initiatives", initiatives_router)
api.add_router("/evidence", evidence_router)
api.add_router("/evaluation", evaluation_router)
api.add_router("/awards", awards_router)
api.add_router("/documents", documents_router)
api.add_router("/reports", reports_router)
