"""django-axes as itself, with a name the admin can show in Dutch instead of "Axes".

In a module of its own: next to AccountsConfig in accounts/apps.py it would make Django unsure
which config is the accounts app's, and it would silently use a bare one (without our signals).
"""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _


class LoginAttemptsConfig(AxesAppConfig):
    verbose_name = _("Login attempts")
