"""Security keys (WebAuthn) as a second factor, on django-otp-webauthn's JSON endpoints.

The library does the cryptography (py_webauthn) and stores each key as a django-otp device, so
`request.user.is_verified()` works for a key as for the app. These subclasses add what the house
needs around it: a new session key once the second factor is in, recovery codes with a first key,
the trusted-device choice, the security log and the notice e-mail. static/js/security-key.js is the
browser side; the library's own bundled scripts are not used because they need its JavaScript
translation catalogue and cannot carry the "trust this device" choice.
"""

import json
from urllib.parse import urlencode

from django.http import JsonResponse
from django.urls import reverse
from django_otp_webauthn import views as webauthn_views
from django_otp_webauthn.models import WebAuthnCredential

from .login_views import RECOVERY_CODES_SESSION_KEY
from .two_factor import security_key_registered, trusted_device_create


def _safe_next(view) -> str:
    return view.get_redirect_url() or reverse("home")


class RegistrationBeginView(webauthn_views.BeginCredentialRegistrationView):
    pass


class RegistrationCompleteView(webauthn_views.CompleteCredentialRegistrationView):
    """After the library stored the key: log it, tell her, and on a first factor show recovery codes."""

    get_redirect_url = webauthn_views.CompleteCredentialAuthenticationView.get_redirect_url
    get_success_url_allowed_hosts = webauthn_views.CompleteCredentialAuthenticationView.get_success_url_allowed_hosts
    success_url_allowed_hosts = set()

    def post(self, *args, **kwargs):
        was_verified = self.request.user.is_verified()
        response = super().post(*args, **kwargs)
        if response.status_code != 200:
            return response
        credential_id = json.loads(response.content)["id"]
        credential = WebAuthnCredential.objects.get(pk=credential_id, user=self.request.user)
        codes = security_key_registered(credential=credential, request=self.request)
        next_url = _safe_next(self)
        if not was_verified:
            # The session just became verified with the new key: a fresh session key, as after a code.
            self.request.session.cycle_key()
        if codes is not None:
            self.request.session[RECOVERY_CODES_SESSION_KEY] = codes
            redirect_url = f"{reverse('recovery_codes')}?{urlencode({'next': next_url})}"
        else:
            redirect_url = reverse("security")
        return JsonResponse({"id": credential.pk, "redirect_url": redirect_url})


class AuthenticationBeginView(webauthn_views.BeginCredentialAuthenticationView):
    pass


class AuthenticationCompleteView(webauthn_views.CompleteCredentialAuthenticationView):
    """The key as the second step after the password; `?trust=1` marks this browser as trusted."""

    def post(self, *args, **kwargs):
        response = super().post(*args, **kwargs)
        if response.status_code != 200:
            return response
        self.request.session.cycle_key()
        if self.request.GET.get("trust") == "1":
            trusted_device_create(request=self.request, response=response,
                                  label=self.request.META.get("HTTP_USER_AGENT", "")[:200])
        return response
