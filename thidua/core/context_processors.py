from django.urls import reverse
from django.utils.translation import gettext_lazy as _

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


def navigation(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    items = []
    for name, label in NAV:
        url = reverse(name)
        active = request.path == url if name == "home" else request.path.startswith(url)
        items.append({"url": url, "label": label, "active": active})
    return {"nav_items": items}
