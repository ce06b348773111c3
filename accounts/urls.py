from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.membership_list, name="membership_list"),
    path("new/", views.membership_create_view, name="membership_create"),
    path("<int:membership_id>/end/", views.membership_end_view, name="membership_end"),
]
