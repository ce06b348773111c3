"""Issue 13 item 4: the key pages of children, casework and observations run the same number of
queries with a little and with much more data around them, and at most 20.

"More data" is what grows with the country: other children's cases, consents, consent events and
visits, in the same location (so a list that queried per row would show it) and elsewhere, and
a longer timeline on the case being read."""

import pytest
from django.urls import reverse

from casework.models import CaseState
from casework.records import approach_plan_create, approach_plan_evaluate, message_post
from casework.services import case_advance
from tests.casework.conftest import cw, media_in_tmp  # noqa: F401 - the casework world, staffed
from tests.casework.factories import ask, fake_request
from tests.children.factories import ChildFactory, GuardianFactory
from tests.consent.factories import consent_for
from tests.observations.factories import advised_case, hold_follow_up
from tests.performance.counting import assert_flat, queries_of

pytestmark = pytest.mark.django_db


def more_of_the_country(w, n):
    """`n` more children with guardians, cases under consent with a visit and advice, in location A
    (the same pm'er and specialist) and in location B, plus withdrawn and refused consents."""
    from consent.services import paper_consent_withdraw

    for i in range(n):
        group = w.group_a if i % 2 == 0 else w.group_b
        child = ChildFactory(group=group)
        GuardianFactory(child=child)
        GuardianFactory(child=child)
        consent = consent_for(child, purposes=("observation", "referral"))
        pmer = w.pmer_a if group == w.group_a else w.pmer_b
        case = ask(w, by=pmer, child=child)
        if case.state == CaseState.AWAITING_CONSENT:
            case_advance(case=case, to=CaseState.READY_TO_PLAN, by=pmer)
        if i % 5 == 4:
            paper_consent_withdraw(consent=consent, by=pmer)


PLAN = {"goals_group": "Samen spelen", "agreements_group": "Twee keuzes", "goals_home": "Voorlezen",
        "agreements_home": "Elke avond"}


def longer_timeline(w, case, n):
    """More of everything the case page shows: follow-ups (visits, hours, events), plan cycles,
    messages."""
    for i in range(n):
        hold_follow_up(w, case)
        approach_plan_evaluate(request=fake_request(w.fixed_specialist), case=case, by=w.fixed_specialist,
                               evaluation=f"Evaluatie {i}", **PLAN)
        message_post(request=fake_request(w.pmer_a), case=case, body=f"Bericht {i}", by=w.pmer_a)


@pytest.fixture
def scene(cw):  # noqa: F811 - the fixture imported above
    case = advised_case(cw)
    approach_plan_create(request=fake_request(cw.fixed_specialist), case=case, by=cw.fixed_specialist, **PLAN)
    message_post(request=fake_request(cw.pmer_a), case=case, body="Eerste bericht", by=cw.pmer_a)
    more_of_the_country(cw, 1)
    # A caseload always holds cases still waiting for consent, named on another basis in the audit.
    ask(cw, child=cw.children_a[1])  # (the audit then names two bases in one insert)
    return cw, case


def case_url(case):
    return reverse("casework:detail", args=[case.pk])


PAGES = {
    "pmer_home": (lambda w, case: w.pmer_a, lambda case: reverse("home")),
    "pmer_my_requests": (lambda w, case: w.pmer_a, lambda case: reverse("casework:my_requests")),
    "request_form": (lambda w, case: w.pmer_a, lambda case: reverse("casework:request_create")),
    "case_page_specialist": (lambda w, case: w.fixed_specialist, case_url),
    "case_page_nurse": (lambda w, case: w.fixed_nurse, case_url),
    "case_page_pmer": (lambda w, case: w.pmer_a, case_url),
    "caseload": (lambda w, case: w.fixed_specialist, lambda case: reverse("casework:caseload")),
    "specialist_home": (lambda w, case: w.fixed_specialist, lambda case: reverse("home")),
    "child_page": (lambda w, case: w.pmer_a, lambda case: reverse("children:detail", args=[case.child_id])),
    "child_list": (lambda w, case: w.pmer_a, lambda case: reverse("children:list")),
}


# Pages still above 20 queries, with why (figures in /work/notes/access.md): besides its own 13, the
# specialist's case page runs 3 queries of the session middleware's save, 2 of safeguarding's section
# and the reassign list (21); the pm'er's runs 7 in the consent section (24).
OVER_20 = {}  # page -> why it is still over 20 (an xfail that turns XPASS when it shrinks); none today


def _both_sizes(scene, client_for, page):
    w, case = scene
    actor, url = PAGES[page]
    client = client_for(actor(w, case))
    small = queries_of(client, url(case))
    more_of_the_country(w, 12)
    longer_timeline(w, case, 3)
    large = queries_of(client, url(case))
    return small, large


@pytest.mark.parametrize("page", PAGES)
def test_the_page_runs_the_same_number_of_queries_at_two_data_sizes(scene, client_for, page):
    small, large = _both_sizes(scene, client_for, page)
    print(f"\nQUERIES {page}: {small.count} small, {large.count} large")  # noqa: T201 - for the note (-s)
    assert_flat(small, large, limit=10_000)


@pytest.mark.parametrize("page", [
    # Not strict: the queries still over 20 are other apps' sections; when they shrink this turns XPASS
    # (then drop the page from OVER_20), without failing their commits.
    pytest.param(p, marks=pytest.mark.xfail(strict=False, reason=OVER_20[p])) if p in OVER_20 else p
    for p in PAGES])
def test_the_page_runs_at_most_20_queries(scene, client_for, page):
    small, large = _both_sizes(scene, client_for, page)
    assert_flat(small, large)
