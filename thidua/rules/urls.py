from django.urls import path

from thidua.rules import views

app_name = "rules"
urlpatterns = [
    path("", views.pack_list, name="list"),
    path("<int:pk>/", views.pack_detail, name="detail"),
    path("<int:pk>/clone/", views.pack_clone, name="clone"),
    path("entries/<int:pk>/edit/", views.entry_edit, name="entry_edit"),
]
