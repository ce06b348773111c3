"""Absolute links for what leaves the app: e-mails, letters, QR codes, calendar feeds.

A mail client has no page to resolve a bare path against, so every link that leaves the app is
SITE_URL (the address people reach the app at) plus the path.
"""

from django.conf import settings
from django.urls import reverse


def absolute_url(path_or_name: str, *args, **kwargs) -> str:
    path = path_or_name if path_or_name.startswith("/") else reverse(path_or_name, args=args or None,
                                                                       kwargs=kwargs or None)
    return f"{settings.SITE_URL}{path}"
