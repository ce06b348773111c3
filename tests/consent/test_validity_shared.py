"""valid_consent_exists builds each question once a day and shares it (consent/validity.py): the
answer must still come from the log on every use, so a withdrawal counts on the very next query."""

import pytest

from children.models import Child
from consent.services import paper_consent_withdraw
from consent.validity import valid_consent_exists
from tests.casework.conftest import cw  # noqa: F401
from tests.consent.factories import consent_for

pytestmark = pytest.mark.django_db


def test_a_shared_question_reads_the_log_each_time(cw):  # noqa: F811
    child = cw.children_a[0]
    consent = consent_for(child)

    def consented():
        question = valid_consent_exists("pk", "observation", "specialist")
        return Child.objects.filter(pk=child.pk).filter(question).exists()

    assert valid_consent_exists("pk", "observation", "specialist") is valid_consent_exists(
        "pk", "observation", "specialist")
    assert consented()
    assert not Child.objects.filter(pk=child.pk).exclude(valid_consent_exists("pk", "observation", "specialist")) \
        .exists()
    paper_consent_withdraw(consent=consent, by=cw.pmer_a)
    assert not consented()
    assert Child.objects.filter(pk=child.pk).filter(~valid_consent_exists("pk", "observation", "specialist")).exists()
