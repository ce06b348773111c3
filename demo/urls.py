from django.urls import path

from . import views

app_name = "demo"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:message_id>/", views.message_detail, name="message"),
]
