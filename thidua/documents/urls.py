from django.urls import path

from thidua.documents import views

app_name = "documents"
urlpatterns = [
    path("templates/", views.templates, name="templates"),
    path("templates/<str:kind>/download/", views.template_download, name="template_download"),
    path("templates/<str:kind>/upload/", views.template_upload, name="template_upload"),
    path("templates/<str:kind>/reset/", views.template_reset, name="template_reset"),
    path("movements/<int:pk>/", views.movement_documents, name="movement"),
    path("proposals/<int:pk>/", views.proposal_documents, name="proposal"),
    path("decisions/<int:pk>/", views.decision_documents, name="decision"),
    path("sessions/<int:pk>/", views.session_documents, name="session"),
    path("<str:kind>/<int:pk>/issue/", views.issue, name="issue"),
    path("<str:kind>/<int:pk>.<str:fmt>", views.download, name="download"),
]
