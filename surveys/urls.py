from django.urls import path

from surveys import answering, views

app_name = "surveys"

urlpatterns = [
    path("", views.survey_list, name="list"),
    path("new/", views.survey_new, name="new"),
    path("<int:pk>/", views.survey_detail, name="detail"),
    path("<int:pk>/settings/", views.survey_settings, name="settings"),
    path("<int:pk>/edit/", views.survey_edit, name="edit"),
    path("<int:pk>/publish/", views.survey_publish, name="publish"),
    path("<int:pk>/questions/new/", views.question_form, name="question_new"),
    path("<int:pk>/questions/<int:question_id>/", views.question_form, name="question"),
    path("<int:pk>/questions/<int:question_id>/delete/", views.question_delete, name="question_delete"),
    path("<int:pk>/questions/<int:question_id>/move/", views.question_move, name="question_move"),
    path("<int:pk>/results/", views.survey_results, name="results"),
    path("<int:pk>/export.xlsx", views.survey_export, name="export"),
    path("<int:pk>/qr/", views.survey_qr, name="qr"),
    path("door/", answering.door_list, name="door"),
    path("door/<int:pk>/", answering.door_answer, name="door_answer"),
    path("s/<uuid:public_id>/", answering.answer, name="answer"),
    path("s/<uuid:public_id>/thanks/", answering.thanks, name="thanks"),
]
