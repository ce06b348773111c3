from django.db import transaction

from .models import Municipality, ProgrammeConfiguration
from .presets import PRESETS


@transaction.atomic
def municipality_create(*, name: str, preset: str) -> Municipality:
    """Create a municipality with its own copy of a preset configuration."""
    settings = dict(PRESETS[preset])
    municipality = Municipality.objects.create(name=name, programme_name=settings.pop("programme_name"))
    configuration = ProgrammeConfiguration(municipality=municipality, based_on_preset=preset, **settings)
    configuration.full_clean()
    configuration.save()
    return municipality
