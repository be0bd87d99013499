from django.urls import path

from thidua.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.home, name="home"),
    path("units/<int:pk>/", views.dashboard, name="dashboard"),
    path("units/<int:pk>/print/", views.print_view, name="print"),
    path("units/<int:pk>/workbook.xlsx", views.workbook, name="workbook"),
]
