"""The consent texts in Arabic, Turkish, Polish and Ukrainian (issue 16), written by the guardian
helper in consent/texts.py."""

from django.db import migrations

from consent.texts import TEXTS, forwards  # noqa: F401 - TEXTS marks it for tests/browser seed_consent_texts


class Migration(migrations.Migration):
    dependencies = [("consent", "0009_consent_lookup_indexes")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
