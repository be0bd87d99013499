from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from thidua.api.urls import api

urlpatterns = [
    path("", include("thidua.core.urls")),
    path("", include("thidua.accounts.urls")),
    path("units/", include("thidua.organizations.urls")),
    path("members/", include("thidua.members.urls")),
    path("rules/", include("thidua.rules.urls")),
    path("movements/", include("thidua.movements.urls")),
    path("initiatives/", include("thidua.initiatives.urls")),
    path("evidence/", include("thidua.evidence.urls")),
    path("evaluation/", include("thidua.evaluation.urls")),
    path("awards/", include("thidua.awards.urls")),
    path("documents/", include("thidua.documents.urls")),
    path("reports/", include("thidua.reports.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
