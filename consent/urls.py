from django.urls import path

from . import views

app_name = "consent"

urlpatterns = [
    path("case/<int:case_id>/ask/", views.request_create, name="request_create"),
    path("case/<int:case_id>/letter/<int:request_id>/", views.letter, name="letter"),
    path("case/<int:case_id>/disagree/", views.disagree, name="disagree"),
    path("case/<int:case_id>/withdraw/<int:consent_id>/", views.withdraw_recorded, name="withdraw_recorded"),
    path("code/", views.code_entry, name="code"),
    path("g/<str:token>/", views.guardian, name="guardian"),
    path("g/<str:token>/renew/", views.guardian_renew, name="guardian_renew"),
    path("g/<str:token>/renewed/", views.guardian_renewed, name="guardian_renewed"),
    path("g/<str:token>/withdraw/<int:consent_id>/", views.guardian_withdraw, name="guardian_withdraw"),
    path("g/<str:token>/receipt/<int:receipt_id>/", views.guardian_receipt, name="guardian_receipt"),
    path("g/<str:token>/export.json", views.guardian_export, name="guardian_export"),
    path("g/<str:token>/export.pdf", views.guardian_export_pdf, name="guardian_export_pdf"),
]
