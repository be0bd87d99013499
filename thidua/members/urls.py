from django.urls import path

from thidua.members import import_views, views

app_name = "members"
urlpatterns = [
    path("", views.member_list, name="list"),
    path("add/", views.member_create, name="create"),
    path("<int:pk>/", views.member_detail, name="detail"),
    path("<int:pk>/edit/", views.member_edit, name="edit"),
    path("<int:pk>/transfer/", views.member_transfer, name="transfer"),
    path("<int:pk>/leave/", views.member_leave, name="leave"),
    path("terms/<int:term_pk>/positions/add/", views.position_assign, name="position_assign"),
    path("import/", import_views.import_upload, name="import"),
    path("import/template.xlsx", import_views.import_template, name="import_template"),
    path("export.xlsx", import_views.export_xlsx, name="export"),
]
