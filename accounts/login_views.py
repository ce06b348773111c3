"""Logging in with two factors, trusted devices, password reset and change, the security page."""

from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp_webauthn.models import WebAuthnCredential

from .access import login_required, second_factor_step
from .forms import ChangePasswordForm, LoginForm, ResetPasswordForm, SecondFactorForm, TotpSetupForm
from .models import SecurityEvent, TrustedDevice
from .two_factor import (
    has_second_factor,
    has_security_key,
    has_totp_app,
    recovery_codes_create,
    second_factor_verify,
    security_event_record,
    security_key_remove,
    security_notice_send,
    totp_device_confirm,
    totp_device_pending,
    totp_secret_display,
    trusted_device_create,
    trusted_device_login,
    trusted_device_revoke,
)

RECOVERY_CODES_SESSION_KEY = "recovery_codes_to_show"


def _next_url(request) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return wanted
    return reverse("home")


def _with_next(url_name, next_url) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


def _device_label(request) -> str:
    return request.META.get("HTTP_USER_AGENT", "")[:200]


class LoginView(auth_views.LoginView):
    """Step one: the password. A trusted browser then goes straight on; others give a second factor."""

    form_class = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        auth_login(self.request, user)
        next_url = self.get_success_url()
        if trusted_device_login(request=self.request, user=user):
            return HttpResponseRedirect(next_url)
        step = "second_factor_verify" if has_second_factor(user) else "second_factor_setup"
        return redirect(_with_next(step, next_url))


def _after_second_factor(request, form, target):
    """A new session key once the second factor is in; the trusted-device cookie when asked for."""
    request.session.cycle_key()
    response = redirect(target)
    if form.cleaned_data.get("trust_device"):
        trusted_device_create(request=request, response=response, label=_device_label(request))
    return response


@second_factor_step
@require_http_methods(["GET", "POST"])
def second_factor_verify_view(request):
    next_url = _next_url(request)
    if request.user.is_verified():
        return redirect(next_url)
    if not has_second_factor(request.user):
        return redirect(_with_next("second_factor_setup", next_url))
    form = SecondFactorForm(request.POST or None, has_app=has_totp_app(request.user),
                            has_key=has_security_key(request.user))
    if request.method == "POST" and form.is_valid():
        if second_factor_verify(user=request.user, token=form.cleaned_data["token"], request=request):
            return _after_second_factor(request, form, next_url)
        form.add_error("token", _("This code is not right, or it came too soon after a wrong one. "
                                  "Wait for a new code in your app and try again."))
    return render(request, "registration/second_factor_verify.html", {
        "form": form, "next": next_url, "has_app": has_totp_app(request.user),
        "has_key": has_security_key(request.user),
    })


@second_factor_step
@require_http_methods(["GET", "POST"])
def second_factor_setup_view(request):
    next_url = _next_url(request)
    if has_second_factor(request.user):
        return redirect(_with_next("second_factor_verify", next_url))
    device = totp_device_pending(user=request.user)
    form = TotpSetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = totp_device_confirm(device=device, token=form.cleaned_data["token"], request=request)
        if codes is not None:
            request.session[RECOVERY_CODES_SESSION_KEY] = codes
            return _after_second_factor(request, form, _with_next("recovery_codes", next_url))
        form.add_error("token", _("This code is not right. Check that the time on your phone is correct and "
                                  "type the code your app shows now."))
    qr = segno.make(device.config_url, error="m")
    return render(request, "registration/second_factor_setup.html", {
        "form": form, "next": next_url, "qr_data_uri": qr.svg_data_uri(scale=5, border=2),
        "secret": totp_secret_display(device),
    })


@login_required
@require_http_methods(["GET", "POST"])
def recovery_codes_view(request):
    """Shows new recovery codes once: after setting up the app, or when she asks for new ones."""
    if request.method == "POST":
        request.session[RECOVERY_CODES_SESSION_KEY] = recovery_codes_create(user=request.user)
        security_notice_send(user=request.user, what=_("New recovery codes were made; the old ones no longer work."))
        return redirect("recovery_codes")
    codes = request.session.pop(RECOVERY_CODES_SESSION_KEY, None)
    return render(request, "registration/recovery_codes.html", {"codes": codes, "next": _next_url(request)})


@login_required
def security_view(request):
    devices = TrustedDevice.objects.filter(user=request.user, revoked_at__isnull=True).order_by("-created_at")
    keys = WebAuthnCredential.objects.filter(user=request.user, confirmed=True).order_by("created_at")
    return render(request, "accounts/security.html", {
        "devices": devices, "current_device_id": request.session.get("trusted_device_id"), "keys": keys,
        "has_app": has_totp_app(request.user),
    })


@login_required
@require_POST
def security_key_remove_view(request, key_id):
    key = get_object_or_404(WebAuthnCredential.objects.filter(user=request.user), pk=key_id)
    try:
        security_key_remove(credential=key, by=request.user, request=request)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The security key was removed."))
    return redirect("security")


@login_required
@require_POST
def trusted_device_revoke_view(request, device_id):
    device = get_object_or_404(TrustedDevice.objects.filter(user=request.user, revoked_at__isnull=True), pk=device_id)
    trusted_device_revoke(device=device, by=request.user, request=request)
    messages.success(request, _("This device is no longer trusted."))
    return redirect("security")


@login_required
def session_keepalive(request):
    """The idle warning's "stay logged in": any request counts as activity."""
    return HttpResponse(status=204)


class _PasswordChangedNotice:
    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.user
        security_event_record(kind=SecurityEvent.Kind.PASSWORD_CHANGED, subject=user, by=user, request=self.request)
        security_notice_send(user=user, what=_("Your password was changed."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    form_class = ResetPasswordForm
    email_template_name = "registration/password_reset_email.txt"

    @property
    def extra_email_context(self):
        # The link opens from a mail client: on SITE_URL, not on the Host header of whoever asked
        # (which anyone can set, and which is "127.0.0.1" behind some proxies).
        return {"site_url": settings.SITE_URL}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "timeout_minutes": settings.PASSWORD_RESET_TIMEOUT // 60}


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    pass


class PasswordResetConfirmView(_PasswordChangedNotice, auth_views.PasswordResetConfirmView):
    pass


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    pass


class PasswordChangeView(_PasswordChangedNotice, auth_views.PasswordChangeView):
    form_class = ChangePasswordForm
    success_url = reverse_lazy("security")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response

