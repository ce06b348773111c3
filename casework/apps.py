from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = _("Casework")

    def ready(self):
        from consent.signals import consent_changed

        from .services import on_consent_changed

        # Consent announces a change; casework decides what it means for the child's cases.
        consent_changed.connect(on_consent_changed, dispatch_uid="casework.cases_follow_consent")
