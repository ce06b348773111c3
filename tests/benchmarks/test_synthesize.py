"""The synthetic national data is data the app can read: counts as scaled, cases in the states their
timelines and consent logs say, every case's child where the case says."""

import pytest
from django.db import connection
from django.db.models import F

from accounts.models import User
from audit.models import AuditEvent
from benchmarks.synthesize import LONG_TIMELINE_EVENTS, Synthesizer, planned
from casework.models import Case, CaseState
from casework.permissions import may_see_child
from children.models import Child
from consent.models import ConsentEventKind
from consent.validity import consent_state, valid_consents
from observations.models import Visit
from organisations.models import Municipality

SCALE = 0.0005
S = CaseState


@pytest.fixture
def synthesized(db):
    before = {model: model.objects.count() for model in (Municipality, Child, Case, Visit)}
    before[AuditEvent] = AuditEvent.objects.count()
    synth = Synthesizer(scale=SCALE, seed=1)
    synth.run()
    with connection.cursor() as cursor:
        # Foreign keys are deferred to the commit the test never makes: check them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    return synth, before


def test_counts_follow_the_scale(synthesized):
    synth, before = synthesized
    n = planned(SCALE)
    assert Municipality.objects.count() - before[Municipality] == n["municipalities"]
    assert Child.objects.count() - before[Child] == n["children"]
    # The scaled cases, plus the bench specialist's case with the long timeline.
    assert Case.objects.count() - before[Case] == n["cases"] + 1
    assert Visit.objects.count() - before[Visit] >= n["visits"]
    assert AuditEvent.objects.count() - before[AuditEvent] == n["audit"]
    assert set(Case.objects.values_list("state", flat=True)) >= {S.SUBMITTED, S.CLOSED, S.FOLLOW_UP}


def test_every_case_names_a_child_of_its_own_group_and_the_location_sees_her(synthesized):
    synth, _ = synthesized
    cases = Case.objects.filter(request__location_id__in=[loc[0] for loc in synth.locations])
    assert not cases.filter(kind="individual").exclude(child__group_id=F("request__group_id")).exists()
    assert not cases.filter(kind="individual", child__isnull=True).exists()
    assert not cases.filter(kind="group", child__isnull=False).exists()
    for case in cases.filter(kind="individual").select_related("request")[:20]:
        worker = User.objects.get(username=f"pm.{case.request.location_id}")
        assert Child.objects.visible_to(worker).filter(pk=case.child_id).exists()


def test_consent_logs_match_the_case_states(synthesized):
    synth, _ = synthesized
    cases = Case.objects.filter(request__location_id__in=[loc[0] for loc in synth.locations], kind="individual")
    consented = set(valid_consents("observation", "specialist").values_list("child_id", flat=True))
    past_consent = cases.filter(state__in=[S.READY_TO_PLAN, S.PLANNED, S.OBSERVED, S.ADVISED, S.FOLLOW_UP])
    assert past_consent.exists()
    assert {c.child_id for c in past_consent} <= consented
    for case in cases.filter(state=S.AWAITING_CONSENT):
        states = {consent_state(c) for c in case.child.consents.filter(purpose="observation")}
        assert ConsentEventKind.ASKED in states
    for case in cases.filter(outcome="guardians_declined"):
        states = {consent_state(c) for c in case.child.consents.filter(purpose="observation")}
        assert ConsentEventKind.REFUSED in states


def test_the_bench_specialist_has_a_long_timeline_and_sees_its_child(synthesized):
    synth, _ = synthesized
    case = Case.objects.get(pk=synth.long_case)
    specialist = User.objects.get(username="bench.specialist")
    assert case.assigned_to == specialist
    assert case.events.count() >= LONG_TIMELINE_EVENTS
    assert may_see_child(specialist, case)
    assert Case.objects.visible_to(User.objects.get(username="bench.pmer")).filter(pk=case.pk).exists()


def test_bench_identities_per_role_have_a_second_factor_and_see_their_own_municipality(synthesized):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    synth, _ = synthesized
    names = ["pmer", "specialist", "nurse", "coordinator", "programme_coordinator", "privacy_officer",
             "safeguarding_officer", "functional_administrator", "pmer.small", "coordinator.small"]
    for name in names:
        user = User.objects.get(username=f"bench.{name}")
        assert user.memberships.filter(active=True).exists(), name
        assert TOTPDevice.objects.filter(user=user, confirmed=True).exists(), name
    small_worker = User.objects.get(username="bench.pmer.small")
    seen = Child.objects.visible_to(small_worker)
    assert seen.exists()
    assert not seen.filter(pk=Case.objects.get(pk=synth.long_case).child_id).exists()
