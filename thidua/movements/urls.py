from django.urls import path

from thidua.movements import views

app_name = "movements"
urlpatterns = [
    path("", views.movement_list, name="list"),
    path("add/", views.create, name="create"),
    path("from-template/", views.from_template, name="from_template"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/launch/", views.transition, {"action": "launch"}, name="launch"),
    path("<int:pk>/close/", views.transition, {"action": "close"}, name="close"),
    path("<int:pk>/recompute/", views.transition, {"action": "recompute"}, name="recompute"),
    path("<int:pk>/groups/add/", views.group_add, name="group_add"),
    path("groups/<int:pk>/items/add/", views.item_add, name="item_add"),
    path("items/<int:pk>/standards/add/", views.standard_add, name="standard_add"),
    path("<int:pk>/criteria/add/", views.criterion_add, name="criterion_add"),
    path("criteria/<int:pk>/edit/", views.criterion_edit, name="criterion_edit"),
    path("criteria/<int:pk>/remove/", views.criterion_remove, name="criterion_remove"),
    path("<int:pk>/phases/add/", views.phase_add, name="phase_add"),
    path("phases/<int:pk>/edit/", views.phase_edit, name="phase_edit"),
    path("phases/<int:pk>/review/", views.phase_review, name="phase_review"),
    path("<int:pk>/targets/add/", views.target_add, name="target_add"),
    path("targets/<int:pk>/edit/", views.target_edit, name="target_edit"),
    path("targets/<int:pk>/manual/", views.target_manual, name="target_manual"),
    path("<int:pk>/dashboard/", views.dashboard, name="dashboard"),
    path("<int:pk>/adoptions/", views.adoptions, name="adoptions"),
    path("<int:pk>/adopt/", views.adopt, name="adopt"),
    path("<int:pk>/register/", views.register, name="register"),
    path("<int:pk>/registrations/", views.registrations, name="registrations"),
    path("<int:pk>/registrations.xlsx", views.registrations_export, name="registrations_export"),
    path("<str:kind>/<int:pk>/remove/", views.part_remove, name="part_remove"),
    path("registrations/<int:pk>/withdraw/", views.registration_withdraw, name="registration_withdraw"),
]
