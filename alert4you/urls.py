from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from accounts.access import public
from accounts.views import home

from .views import health

urlpatterns = [
    path("", home, name="home"),
    path("health/", health, name="health"),
    path("", include("accounts.login_urls")),
    path("i18n/setlang/", public(set_language), name="set_language"),
    path("children/", include("children.urls")),
    path("requests/", include("casework.urls")),
    path("visits/", include("observations.urls")),
    path("memberships/", include("accounts.urls")),
    path("audit/", include("audit.urls")),
    path("surveys/", include("surveys.urls")),
    path("meldcode/", include("safeguarding.urls")),
    path("mailbox/", include("demo.urls")),
    path("schedule/", include("scheduling.urls")),
    path("notifications/", include("notifications.urls")),
    path("consent/", include("consent.urls")),
    path("monitoring/", include("monitoring.urls")),
    path("coaching/", include("coaching.urls")),
    path("admin/", admin.site.urls),
]

# 400, 403 and 404 use Django's handlers with the app's templates (templates/400.html, ...).
handler500 = "alert4you.views.server_error"
