"""Bench settings only: the app's URLs plus the floor view."""

from django.urls import include, path

from . import views

urlpatterns = [
    path("bench/floor/", views.floor, name="bench_floor"),
    path("", include("alert4you.urls")),
]
handler500 = "alert4you.views.server_error"
