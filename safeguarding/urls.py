from django.urls import path

from . import views

app_name = "safeguarding"
urlpatterns = [
    path("", views.path_list, name="list"),
    path("start/<int:child_id>/", views.path_start, name="start"),
    path("<int:path_id>/", views.path_detail, name="detail"),
    path("<int:path_id>/step/<slug:step>/", views.step_add, name="step_add"),
    path("<int:path_id>/close/", views.path_close, name="close"),
]
