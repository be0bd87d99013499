from django.urls import path

from thidua.organizations import views

app_name = "organizations"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/children/", views.children, name="children"),
    path("<int:pk>/add/", views.create_child, name="create_child"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/move/", views.move, name="move"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/terms/add/", views.term_create, name="term_create"),
    path("clusters/", views.clusters, name="clusters"),
    path("clusters/add/", views.cluster_create, name="cluster_create"),
]
