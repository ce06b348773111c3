from django.urls import path

from . import views

app_name = "surveys"
urlpatterns = [
    path("", views.round_list, name="round_list"),
    path("new/", views.round_create, name="round_create"),
    path("<int:round_id>/", views.round_detail, name="round_detail"),
    path("<int:round_id>/analysis/", views.round_analysis, name="analysis"),
    path("<int:round_id>/export.csv", views.round_export, name="export"),
    path("questionnaires/", views.questionnaire_list, name="questionnaire_list"),
    path("questionnaires/<int:questionnaire_id>/copy/", views.questionnaire_copy, name="questionnaire_copy"),
    path("questionnaires/<int:questionnaire_id>/edit/", views.questionnaire_edit, name="questionnaire_edit"),
    # Respondents: anonymous, reached only through a valid signed link.
    path("link/<str:token>/", views.share, name="share"),
    path("answer/<str:token>/", views.respond, name="respond"),
    path("thanks/", views.thanks, name="thanks"),
]
