from django.urls import path

from . import views

app_name = "coaching"

urlpatterns = [
    path("", views.moment_list, name="moments"),
    path("new/", views.moment_create, name="moment_create"),
    path("my-growth/", views.growth, name="growth"),
    path("my-growth/self-assessment/", views.self_assessment_create, name="self_assessment_create"),
    path("advice/<int:case_id>/<int:advice_id>/feedback/", views.advice_feedback, name="advice_feedback"),
]
