from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObservationsConfig(AppConfig):
    name = "observations"
    verbose_name = _("Observations")

    def ready(self):
        from casework import workflow
        from casework.services import case_advanced

        from .services import visits_cancel_on_case_change

        case_advanced.connect(visits_cancel_on_case_change, dispatch_uid="observations.cancel_planned_visits")
        # The case's timeline names the event this app writes there.
        workflow.EVENT_LABELS.setdefault("visits_cancelled", _("Planned visits cancelled"))
