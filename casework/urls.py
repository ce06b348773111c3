from django.urls import path

from . import views

app_name = "casework"
urlpatterns = [
    path("", views.my_requests, name="my_requests"),
    path("new/", views.request_create_view, name="request_create"),
    path("caseload/", views.caseload, name="caseload"),
    path("overview/", views.overview, name="overview"),
    path("<int:case_id>/", views.case_detail, name="detail"),
    path("<int:case_id>/advance/", views.case_advance_view, name="advance"),
    path("<int:case_id>/consent/", views.consent_record_view, name="consent"),
    path("<int:case_id>/assign/", views.case_assign_view, name="assign"),
]

# Approach plan, referrals, handover and messages (casework/record_urls.py).
from .record_urls import urlpatterns as record_urlpatterns  # noqa: E402

urlpatterns += record_urlpatterns
