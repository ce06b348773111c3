from django.urls import path

from . import views

app_name = "coaching"

urlpatterns = [
    path("", views.moment_list, name="moments"),
    path("new/", views.moment_create, name="moment_create"),
    path("my-growth/", views.growth, name="growth"),
    path("my-growth/self-assessment/", views.self_assessment_create, name="self_assessment_create"),
    path("appointments/", views.appointment_list, name="appointments"),
    path("appointments/new/", views.appointment_create, name="appointment_create"),
    path("appointments/<int:appointment_id>/", views.appointment_detail, name="appointment"),
    path("appointments/<int:appointment_id>/record/", views.appointment_record_view, name="appointment_record"),
    path("appointments/<int:appointment_id>/cancel/", views.appointment_cancel_view, name="appointment_cancel"),
    path("advice/<int:case_id>/<int:advice_id>/feedback/", views.advice_feedback, name="advice_feedback"),
]
