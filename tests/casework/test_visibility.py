"""Issue 15 item 1: one visibility rule for a child reached through a case, the same on every path.

The rule (docs/visibility.md, `casework.visibility`): an assigned specialist, or the case's youth
nurse, sees the child of an individual case she is on, open or closed, while the guardians'
consent for the observation covers her party. Closing keeps it (she stays accountable for what she
advised, read-only); withdrawal or expiry of that consent ends it at once, on every path.

Each path × open/closed case × consent valid/withdrawn, for the specialist and for the nurse."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.records import approach_plan_create, handover_create
from children.models import Child
from consent.models import PaperConsent
from consent.services import paper_consent_withdraw
from observations.services import visit_plan, visit_record_held
from tests.casework.factories import fake_request
from tests.casework.record_helpers import ask_about_distinct_child, close, consented_case
from tests.consent.factories import consent_for

pytestmark = pytest.mark.django_db

NAME = "Jolijntje Quakkelaar"
NOTES = "Speelt vooral alleen bij de bouwhoek."
GOAL = "Samen spelen in de bouwhoek"


def _when(days, hour=10):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def scene(cw, *, closed, consent):
    """A case with a held observation, an approach plan and a handover, then closed or not, then the
    guardians' consent kept or withdrawn."""
    case = consented_case(cw)
    specialist = cw.fixed_specialist
    visit_plan(request=fake_request(specialist), case=case, kind="observation", starts_at=_when(2),
               place="Groepsruimte", by=specialist)
    case.refresh_from_db()
    visit_record_held(request=fake_request(specialist), case=case, kind="observation",
                      held_at=timezone.now() - datetime.timedelta(hours=1), hours=[(specialist, 2)],
                      notes=NOTES, by=specialist)
    case.refresh_from_db()
    approach_plan_create(request=fake_request(specialist), case=case, by=specialist, goals_group=GOAL)
    handover = handover_create(request=fake_request(specialist), case=case, school_name="Obs De Regenboog",
                               by=specialist)
    if closed:
        close(case, cw.pmer_a)
    if consent == "withdrawn":
        paper_consent_withdraw(consent=PaperConsent.objects.get(child=case.child), by=cw.pmer_a)
    case.refresh_from_db()
    return case, handover


STATES = [(closed, consent) for closed in (False, True) for consent in ("valid", "withdrawn")]
IDS = [f"{'closed' if c else 'open'}-{k}" for c, k in STATES]


def _reader(cw, who):
    return {"specialist": cw.fixed_specialist, "nurse": cw.fixed_nurse}[who]


@pytest.mark.parametrize("who", ["specialist", "nurse"])
@pytest.mark.parametrize(("closed", "consent"), STATES, ids=IDS)
class TestOneRuleOnEveryPath:
    def expected(self, consent):
        return consent == "valid"

    def test_case_page_names_the_child(self, cw, client_for, who, closed, consent):
        case, _h = scene(cw, closed=closed, consent=consent)
        response = client_for(_reader(cw, who)).get(reverse("casework:detail", args=[case.pk]))
        assert response.status_code == 200
        assert (NAME in response.content.decode()) is self.expected(consent)

    def test_case_page_shows_visits_and_the_approach_plan(self, cw, client_for, who, closed, consent):
        case, _h = scene(cw, closed=closed, consent=consent)
        html = client_for(_reader(cw, who)).get(reverse("casework:detail", args=[case.pk])).content.decode()
        assert (NOTES in html) is self.expected(consent)
        assert (GOAL in html) is self.expected(consent)

    def test_handover_pdf(self, cw, client_for, who, closed, consent):
        case, handover = scene(cw, closed=closed, consent=consent)
        response = client_for(_reader(cw, who)).get(
            reverse("casework:handover_download", args=[case.pk, handover.pk]))
        assert response.status_code == (200 if self.expected(consent) else 404)

    def test_caseload_lists_the_child(self, cw, client_for, who, closed, consent):
        case, _h = scene(cw, closed=closed, consent=consent)
        html = client_for(_reader(cw, who)).get(reverse("casework:caseload")).content.decode()
        assert (NAME in html) is self.expected(consent)

    def test_the_children_she_may_see(self, cw, who, closed, consent):
        case, _h = scene(cw, closed=closed, consent=consent)
        visible = Child.objects.visible_to(_reader(cw, who)).filter(pk=case.child_id).exists()
        assert visible is self.expected(consent)


@pytest.mark.parametrize(("closed", "consent"), STATES, ids=IDS)
def test_the_pmer_of_the_location_sees_her_child_whatever_the_case_and_consent(cw, client_for, closed, consent):
    case, handover = scene(cw, closed=closed, consent=consent)
    client = client_for(cw.pmer_a)
    assert NAME in client.get(reverse("children:list")).content.decode()
    assert NAME in client.get(reverse("children:detail", args=[case.child_id])).content.decode()
    assert NAME in client.get(reverse("casework:detail", args=[case.pk])).content.decode()
    assert client.get(reverse("casework:handover_download", args=[case.pk, handover.pk])).status_code == 200


@pytest.mark.parametrize(("closed", "consent"), STATES, ids=IDS)
def test_a_specialist_not_on_the_case_sees_nothing(cw, client_for, closed, consent):
    case, handover = scene(cw, closed=closed, consent=consent)
    client = client_for(cw.other_specialist)
    assert client.get(reverse("casework:detail", args=[case.pk])).status_code == 404
    assert client.get(reverse("casework:handover_download", args=[case.pk, handover.pk])).status_code == 404
    assert NAME not in client.get(reverse("casework:caseload")).content.decode()
    assert not Child.objects.visible_to(cw.other_specialist).filter(pk=case.child_id).exists()


def test_consent_for_the_other_party_only_does_not_show_the_child_on_a_closed_case(cw, client_for):
    case = ask_about_distinct_child(cw)
    consent_for(case.child, parties=("youth_nurse",))
    close(case, cw.pmer_a)
    client = client_for(cw.fixed_specialist)
    assert NAME not in client.get(reverse("casework:detail", args=[case.pk])).content.decode()
    assert NAME not in client.get(reverse("casework:caseload")).content.decode()
    assert not Child.objects.visible_to(cw.fixed_specialist).filter(pk=case.child_id).exists()
    assert Child.objects.visible_to(cw.fixed_nurse).filter(pk=case.child_id).exists()


@pytest.mark.parametrize("closed", [False, True], ids=["open", "closed"])
def test_expiry_of_the_consent_ends_it_on_every_path_like_withdrawal(cw, client_for, monkeypatch, closed):
    case, handover = scene(cw, closed=closed, consent="valid")
    later = timezone.localdate() + datetime.timedelta(days=400)  # past the consent's valid_until (a year)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: later)
    client = client_for(cw.fixed_specialist)
    assert NAME not in client.get(reverse("casework:detail", args=[case.pk])).content.decode()
    assert NAME not in client.get(reverse("casework:caseload")).content.decode()
    assert client.get(reverse("casework:handover_download", args=[case.pk, handover.pk])).status_code == 404
    assert not Child.objects.visible_to(cw.fixed_specialist).filter(pk=case.child_id).exists()
