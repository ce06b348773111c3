from django.urls import path

from . import views

app_name = "observations"
urlpatterns = [
    path("group-visit/<int:visit_id>/", views.group_visit_view, name="group_visit"),
    path("group-visit/<int:visit_id>/advice/", views.group_visit_advice_view, name="group_visit_advice"),
    path("group-visit/<int:visit_id>/advice/<int:advice_id>/evaluate/", views.group_visit_evaluate_view,
         name="group_visit_evaluate"),
    path("<int:case_id>/plan/", views.visit_plan_view, name="plan"),
    path("<int:case_id>/record/", views.visit_record_view, name="record"),
    path("<int:case_id>/visit/<int:visit_id>/hours/", views.visit_hours_view, name="hours"),
    path("<int:case_id>/advice/", views.advice_give_view, name="advice"),
    path("<int:case_id>/advice/<int:advice_id>/evaluate/", views.advice_evaluate_view, name="evaluate"),
]
