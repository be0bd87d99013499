from django.urls import path

from thidua.core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("history/<str:label>/<int:pk>/", views.history, name="history"),
]
