from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from thidua.core.roles import Action
from thidua.core.scope import get_scope

NAV = [
    ("home", _("Tổng quan")),
    ("organizations:tree", _("Tổ chức")),
    ("members:list", _("Đoàn viên")),
    ("organizations:clusters", _("Cụm, khối")),
    ("movements:list", _("Phong trào")),
    ("initiatives:list", _("Sáng kiến")),
    ("evidence:index", _("Minh chứng")),
    ("evaluation:list", _("Bình xét")),
    ("awards:proposals", _("Khen thưởng")),
    ("reports:home", _("Báo cáo")),
    ("rules:list", _("Quy tắc")),
]
# Shown only to the users whose role permits the action somewhere.
NAV_WITH_ACTION = [("documents:templates", _("Mẫu văn bản"), Action.MANAGE_TEMPLATES)]


def navigation(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    items = []
    scope = get_scope(request.user)
    extra = [(name, label) for name, label, action in NAV_WITH_ACTION if scope.allows_anywhere(action)]
    for name, label in [*NAV, *extra]:
        url = reverse(name)
        active = request.path == url if name == "home" else request.path.startswith(url)
        items.append({"url": url, "label": label, "active": active})
    return {"nav_items": items}
