from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from accounts.access import login_required, public
from accounts.views import home

from .views import health

urlpatterns = [
    path("", home, name="home"),
    path("health/", health, name="health"),
    path("login/", public(auth_views.LoginView.as_view(redirect_authenticated_user=True)), name="login"),
    path("logout/", login_required(auth_views.LogoutView.as_view()), name="logout"),
    path("i18n/setlang/", public(set_language), name="set_language"),
    path("children/", include("children.urls")),
    path("memberships/", include("accounts.urls")),
    path("audit/", include("audit.urls")),
    path("mailbox/", include("demo.urls")),
    path("admin/", admin.site.urls),
]
