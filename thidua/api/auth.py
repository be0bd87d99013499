"""How an API request proves who it comes from: a bearer token or the browser's session.

Order matters. The token is tried first: a script sends ``Authorization: Bearer td_…`` and no cookie, so it never
meets the CSRF check. A request that carries a token which does not match is refused (401) rather than falling back
to the session, so a revoked token cannot pass by accident. The session is CSRF-checked for unsafe methods, but only
when it actually identifies a user: an anonymous request gets 401, not a CSRF 403.

Both set ``request.user``, so the scope checks (``visible_to``, ``get_scoped_or_404``) and the history records see
the same user as the pages do.
"""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth
from ninja.utils import check_csrf

from thidua.accounts.services import api_token_authenticate


class TokenAuth(HttpBearer):
    """``Authorization: Bearer td_…``: a token created with POST /api/tokens or in the admin."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(token.strip())
        if user is None:
            raise AuthenticationError(message=_("Khóa API không hợp lệ hoặc đã bị thu hồi."))
        request.user = user
        return user


class SessionAuth(NinjaSessionAuth):
    """Django's login session (the browser, the /api/docs page). Unsafe methods need the CSRF token."""

    def __call__(self, request: HttpRequest) -> Any:
        user = request.user
        if not user.is_authenticated:
            return None
        if self.csrf and not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(403, _("Thiếu hoặc sai mã CSRF (gửi kèm tiêu đề X-CSRFToken)."))
        return user


token_auth = TokenAuth()
session_auth = SessionAuth()
# Every operation uses this unless it narrows it (token creation accepts the session only).
DEFAULT_AUTH = [token_auth, session_auth]
