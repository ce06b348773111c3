"""Login, second factor, sessions and passwords. Included at the site root by alert4you/urls.py."""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import login_views as views
from .access import login_required, public, second_factor_step

urlpatterns = [
    path("login/", public(views.LoginView.as_view()), name="login"),
    path("login/verify/", views.second_factor_verify_view, name="second_factor_verify"),
    path("login/setup/", views.second_factor_setup_view, name="second_factor_setup"),
    path("logout/", second_factor_step(auth_views.LogoutView.as_view()), name="logout"),
    path("account/security/", views.security_view, name="security"),
    path("account/recovery-codes/", views.recovery_codes_view, name="recovery_codes"),
    path("account/devices/<int:device_id>/revoke/", views.trusted_device_revoke_view, name="trusted_device_revoke"),
    path("account/password/", login_required(views.PasswordChangeView.as_view()), name="password_change"),
    path("account/keepalive/", views.session_keepalive, name="session_keepalive"),
    path("password-reset/", public(views.PasswordResetView.as_view()), name="password_reset"),
    path("password-reset/sent/", public(views.PasswordResetDoneView.as_view()), name="password_reset_done"),
    path("password-reset/<uidb64>/<token>/", public(views.PasswordResetConfirmView.as_view()),
         name="password_reset_confirm"),
    path("password-reset/done/", public(views.PasswordResetCompleteView.as_view()), name="password_reset_complete"),
]
