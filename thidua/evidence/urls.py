from django.urls import path

from thidua.evidence import views

app_name = "evidence"
urlpatterns = [
    path("", views.record_list, {"record": "activities"}, name="index"),
    path("activities/<int:pk>/", views.activity_detail, name="activity"),
    path("activities/<int:pk>/attendance/", views.attendance_save, name="attendance"),
    path("activities/<int:pk>/attendance/<int:member_pk>/", views.attendance_toggle, name="attendance_toggle"),
    path("activities/<int:pk>/attendance/import/", views.attendance_upload, name="attendance_import"),
    path("activities/<int:pk>/attendance.xlsx", views.attendance_sheet, name="attendance_sheet"),
    path("<str:record>/", views.record_list, name="list"),
    path("<str:record>/add/", views.record_create, name="create"),
    path("<str:record>/<int:pk>/edit/", views.record_edit, name="edit"),
    path("<str:record>/<int:pk>/delete/", views.record_delete, name="delete"),
    path("<str:record>/<int:pk>/file/", views.record_file, name="file"),
]
