from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export/<slug:table>.csv", views.export_csv, name="export_csv"),
    path("export/dashboard.pdf", views.export_pdf, name="export_pdf"),
]
