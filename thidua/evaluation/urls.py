from django.urls import path

from thidua.evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("", views.round_list, name="list"),
    path("mine/", views.mine, name="mine"),
    path("add/", views.round_create, name="create"),
    path("<int:pk>/", views.round_detail, name="detail"),
    path("<int:pk>/edit/", views.round_edit, name="edit"),
    path("<int:pk>/step/<str:step>/", views.round_step, name="step"),
    path("<int:pk>/review/<int:unit_pk>/", views.review, name="review"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/units/", views.units, name="units"),
    path("<int:pk>/results/", views.publication, name="publication"),
    path("<int:pk>/results.xlsx", views.export, name="export"),
    path("submissions/<int:pk>/", views.submission_detail, name="submission"),
    path("submissions/<int:pk>/self/", views.self_assess, name="self_assess"),
    path("submissions/<int:pk>/attach/", views.attach, name="attach"),
    path("submissions/<int:pk>/review/", views.review_row, name="review_row"),
    path("submissions/<int:pk>/return/", views.return_submission, name="return"),
    path("submissions/<int:pk>/decide/", views.decide_one, name="decide_one"),
    path("submissions/<int:pk>/object/", views.object_result, name="object"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("unit-results/<int:pk>/", views.unit_score, name="unit_score"),
    path("objections/<int:pk>/resolve/", views.resolve, name="resolve"),
    path("clusters/<int:pk>/", views.cluster, name="cluster"),
]
