import importlib

import pytest
from django.apps import apps


def ensure_instruments():
    """The data migration's questionnaires; a transactional test (the browser's live server)
    empties every table afterwards, so later tests load them again the same way."""
    from surveys.models import Questionnaire

    if not Questionnaire.objects.filter(version=1).exists():
        importlib.import_module("surveys.migrations.0002_instruments_2020").load(apps, None)
        importlib.import_module("surveys.migrations.0003_appendix_wording").correct(apps, None)


@pytest.fixture(autouse=True)
def instruments(request):
    if "db" in request.fixturenames or "transactional_db" in request.fixturenames or \
            request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
        ensure_instruments()
