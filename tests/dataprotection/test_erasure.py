"""Retention and erasure of case data (issue 15, item 6): a closed case's data goes a configurable
number of years after closing (per municipality), with a dry run that lists what would go; what
the law asks to keep stays (the access log, with the erasure's own row); nothing else is touched."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from audit.models import AuditBasis, AuditEvent
from casework.models import Case, CaseEvent, CaseState, ObservationRequest
from children.models import Child, Guardian
from consent.models import Consent
from dataprotection.models import Erasure
from dataprotection.services import case_erasure_plan, expired_case_data_erase
from dataprotection.tasks import erase_expired_case_data
from observations.models import Advice, Visit
from organisations.models import Municipality
from safeguarding.models import MeldcodePath

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo_data", stdout=io.StringIO())


def closed_long_ago(case, years, days=30):
    when = timezone.now() - datetime.timedelta(days=365 * years + days)
    Case.objects.filter(pk=case.pk).update(closed_at=when)
    return when


def closed_case(municipality, *, lonely=True):
    """A closed individual case of the municipality whose child has no other case and no meldcode path."""
    for case in Case.objects.filter(state=CaseState.CLOSED, kind="individual",
                                    request__location__district__municipality=municipality).order_by("pk"):
        others = Case.objects.filter(child_id=case.child_id).exclude(pk=case.pk).exists()
        meldcode = MeldcodePath.objects.filter(child_id=case.child_id).exists()
        if not lonely or not (others or meldcode):
            return case
    pytest.skip(f"the demo has no closed case in {municipality} to erase")


def test_a_dry_run_lists_what_would_go_and_erases_nothing(demo):
    hoogeveen = Municipality.objects.get(name="Hoogeveen")
    case = closed_case(hoogeveen)
    closed_long_ago(case, years=hoogeveen.case_retention_years)
    before = (Case.objects.count(), Visit.objects.count(), Child.objects.count())
    out = io.StringIO()
    call_command("erase_expired_case_data", "--dry-run", stdout=out)
    text = out.getvalue()
    assert f"#{case.pk}" in text and "Hoogeveen" in text
    assert (Case.objects.count(), Visit.objects.count(), Child.objects.count()) == before
    assert not Erasure.objects.exists()
    assert [item.case_id for item in case_erasure_plan()] == [case.pk]


def test_the_job_erases_the_case_data_and_the_child_and_keeps_the_log(demo):
    hoogeveen = Municipality.objects.get(name="Hoogeveen")
    case = closed_case(hoogeveen)
    child_id, request_id = case.child_id, case.request_id
    visits = list(Visit.objects.filter(case=case).values_list("pk", flat=True))
    closed_long_ago(case, years=hoogeveen.case_retention_years)
    log_before = AuditEvent.objects.filter(child_id=child_id).count()
    other_cases = Case.objects.exclude(pk=case.pk).count()

    erase_expired_case_data.apply()

    assert not Case.objects.filter(pk=case.pk).exists()
    assert not ObservationRequest.objects.filter(pk=request_id).exists()
    assert not CaseEvent.objects.filter(case_id=case.pk).exists()
    assert not Visit.objects.filter(pk__in=visits).exists()
    assert not Advice.objects.filter(case_id=case.pk).exists()
    assert not Child.objects.filter(pk=child_id).exists()
    assert not Guardian.objects.filter(child_id=child_id).exists()
    assert not Consent.objects.filter(child_id=child_id).exists()
    assert Case.objects.count() == other_cases
    # The access log keeps every row about her, and says who erased what, when and why.
    rows = AuditEvent.objects.filter(child_id=child_id)
    assert rows.filter(basis=AuditBasis.RETENTION, action="delete").count() == 2  # the case, and the child
    assert rows.count() == log_before + 2
    erasure = Erasure.objects.get()
    assert (erasure.case_id, erasure.child_id, erasure.child_erased, erasure.municipality_id) == (
        case.pk, child_id, True, hoogeveen.pk)
    assert erasure.counts["visits"] == len(visits)


def test_a_case_within_its_retention_stays(demo):
    hoogeveen = Municipality.objects.get(name="Hoogeveen")
    case = closed_case(hoogeveen)
    closed_long_ago(case, years=hoogeveen.case_retention_years, days=-30)
    assert expected_case_data_erase_count() == 0
    assert Case.objects.filter(pk=case.pk).exists()


def expected_case_data_erase_count():
    return len(expired_case_data_erase())


def test_retention_is_the_municipalitys(demo):
    hoogeveen = Municipality.objects.get(name="Hoogeveen")
    case = closed_case(hoogeveen)
    closed_long_ago(case, years=3)
    hoogeveen.case_retention_years = 5
    hoogeveen.save()
    assert case_erasure_plan() == []
    hoogeveen.case_retention_years = 2
    hoogeveen.save()
    assert [item.case_id for item in case_erasure_plan()] == [case.pk]


def test_open_cases_never_go_however_old(demo):
    case = Case.objects.exclude(state=CaseState.CLOSED).order_by("pk").first()
    Case.objects.filter(pk=case.pk).update(opened_at=timezone.now() - datetime.timedelta(days=365 * 30))
    expired_case_data_erase()
    assert Case.objects.filter(pk=case.pk).exists()


def test_a_child_with_another_case_or_a_meldcode_path_stays_with_it(demo):
    hoogeveen = Municipality.objects.get(name="Hoogeveen")
    case = closed_case(hoogeveen)
    closed_long_ago(case, years=hoogeveen.case_retention_years)
    path = MeldcodePath.objects.order_by("pk").first()
    MeldcodePath.objects.filter(pk=path.pk).update(child_id=case.child_id)
    expired_case_data_erase()
    assert not Case.objects.filter(pk=case.pk).exists()
    assert Child.objects.filter(pk=case.child_id).exists()
    assert Erasure.objects.get().child_erased is False


def test_running_twice_erases_once(demo):
    hoogeveen = Municipality.objects.get(name="Hoogeveen")
    closed_long_ago(closed_case(hoogeveen), years=hoogeveen.case_retention_years)
    assert len(expired_case_data_erase()) == 1
    assert expired_case_data_erase() == []
    assert Erasure.objects.count() == 1
