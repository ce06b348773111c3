"""URLs of the records on a case; added to casework.urls (same namespace)."""

from django.urls import path

from . import record_views as views

urlpatterns = [
    path("<int:case_id>/approach-plan/", views.approach_plan_view, name="approach_plan"),
    path("<int:case_id>/referrals/new/", views.referral_start_view, name="referral_start"),
    path("<int:case_id>/referrals/<int:referral_id>/child/", views.referral_child_view, name="referral_child"),
    path("<int:case_id>/referrals/<int:referral_id>/answer/", views.referral_answer_view, name="referral_answer"),
    path("<int:case_id>/referrals/<int:referral_id>/started/", views.referral_started_view,
         name="referral_started"),
    path("<int:case_id>/handover/new/", views.handover_create_view, name="handover_create"),
    path("<int:case_id>/handover/<int:handover_id>.pdf", views.handover_download_view, name="handover_download"),
    # The case's id in the address, like the other handover URL: the teacher sees nothing else of the case.
    path("<int:case_id>/handover/<int:handover_id>/received.pdf", views.handover_received_view,
         name="handover_received"),
    path("<int:case_id>/consent/further/", views.further_consent_view, name="further_consent"),
    path("<int:case_id>/messages/", views.message_post_view, name="message_post"),
]
