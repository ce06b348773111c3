from django.urls import path

from . import views

app_name = "scheduling"
urlpatterns = [
    path("budgets/", views.budget_list, name="budgets"),
    path("budgets/set/", views.budget_set_view, name="budget_set"),
    path("budgets/transfer/", views.budget_transfer_view, name="budget_transfer"),
    path("plans/", views.plan_list, name="plans"),
    path("plans/<int:plan_id>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:plan_id>/visits/<int:item_id>/", views.plan_item_change_view, name="plan_item"),
    path("plans/<int:plan_id>/publish/", views.plan_publish_view, name="plan_publish"),
    path("plans/<int:plan_id>/again/", views.plan_work_out_again_view, name="plan_again"),
    path("evaluation/", views.evaluation_view, name="evaluation"),
    path("calendar/", views.schedule_view, name="schedule"),
    path("agenda/", views.agenda, name="agenda"),
    path("agenda/<int:item_id>/record/", views.record_held_view, name="record_held"),
    path("walk-in/new/", views.walk_in_create_view, name="walk_in_create"),
    path("walk-in/<int:item_id>/", views.walk_in_detail_view, name="walk_in_detail"),
    path("walk-in/<int:item_id>/notice/", views.walk_in_notice_view, name="walk_in_notice"),
    path("walk-in/for-parents/<str:token>/", views.walk_in_public_view, name="walk_in_public"),
    path("availability/", views.availability_view, name="availability"),
    path("availability/away/<int:period_id>/", views.blocked_period_change_view, name="blocked_change"),
    path("availability/away/<int:period_id>/remove/", views.blocked_period_remove_view, name="blocked_remove"),
    path("feed/renew/", views.feed_renew_view, name="feed_renew"),
    path("feed/<str:token>.ics", views.feed_view, name="feed"),
]
