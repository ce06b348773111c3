"""Login, second factor, sessions and passwords. Included at the site root by alert4you/urls.py."""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import login_views as views
from . import security_keys
from .access import login_required, public, second_factor_step

urlpatterns = [
    path("login/", public(views.LoginView.as_view()), name="login"),
    path("login/verify/", views.second_factor_verify_view, name="second_factor_verify"),
    path("login/setup/", views.second_factor_setup_view, name="second_factor_setup"),
    # Security keys: the JSON endpoints behind static/js/security-key.js. Logged in with the password
    # is enough; the library refuses to add a key to an account that has a factor but is not verified.
    path("login/key/verify/begin/", second_factor_step(security_keys.AuthenticationBeginView.as_view()),
         name="security_key_verify_begin"),
    path("login/key/verify/complete/", second_factor_step(security_keys.AuthenticationCompleteView.as_view()),
         name="security_key_verify_complete"),
    path("login/key/register/begin/", second_factor_step(security_keys.RegistrationBeginView.as_view()),
         name="security_key_register_begin"),
    path("login/key/register/complete/", second_factor_step(security_keys.RegistrationCompleteView.as_view()),
         name="security_key_register_complete"),
    path("logout/", second_factor_step(auth_views.LogoutView.as_view()), name="logout"),
    path("account/security/", views.security_view, name="security"),
    path("account/recovery-codes/", views.recovery_codes_view, name="recovery_codes"),
    path("account/keys/<int:key_id>/remove/", views.security_key_remove_view, name="security_key_remove"),
    path("account/devices/<int:device_id>/revoke/", views.trusted_device_revoke_view, name="trusted_device_revoke"),
    path("account/password/", login_required(views.PasswordChangeView.as_view()), name="password_change"),
    path("account/keepalive/", views.session_keepalive, name="session_keepalive"),
    path("password-reset/", public(views.PasswordResetView.as_view()), name="password_reset"),
    path("password-reset/sent/", public(views.PasswordResetDoneView.as_view()), name="password_reset_done"),
    path("password-reset/<uidb64>/<token>/", public(views.PasswordResetConfirmView.as_view()),
         name="password_reset_confirm"),
    path("password-reset/done/", public(views.PasswordResetCompleteView.as_view()), name="password_reset_complete"),
]
