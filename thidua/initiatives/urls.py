from django.urls import path

from thidua.initiatives import import_views, views

app_name = "initiatives"
urlpatterns = [
    path("", views.initiative_list, name="list"),
    path("mine/", views.my_initiatives, name="mine"),
    path("add/", views.initiative_create, name="create"),
    path("similar/", views.similar_panel, name="similar_panel"),
    path("<int:pk>/", views.initiative_detail, name="detail"),
    path("<int:pk>/edit/", views.initiative_edit, name="edit"),
    path("<int:pk>/submit/", views.initiative_submit, name="submit"),
    path("<int:pk>/attachments/add/", views.attachment_add, name="attachment_add"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/remove/", views.attachment_remove, name="attachment_remove"),
    path("review/", views.review_queue, name="queue"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/review/council/", views.start_review, name="start_review"),
    path("<int:pk>/review/score/", views.score, name="score"),
    path("<int:pk>/review/recognise/", views.recognise, name="recognise"),
    path("<int:pk>/review/return/", views.return_initiative, name="return"),
    path("<int:pk>/review/reject/", views.reject, name="reject"),
    path("<int:pk>/review/forward/", views.forward, name="forward"),
    path("councils/", views.councils, name="councils"),
    path("councils/add/", views.council_create, name="council_create"),
    path("import/", import_views.import_upload, name="import"),
    path("import/template.xlsx", import_views.import_template, name="import_template"),
    path("export.xlsx", import_views.export_xlsx, name="export"),
]
