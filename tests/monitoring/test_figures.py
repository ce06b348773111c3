"""Every dashboard figure against hand-counted expectations on the known set of
tests/monitoring/builders.py (Hoogeveen's coordinator unless said otherwise).

Counts are shown rounded to a base of 5 and 1-4 as "<5" (monitoring/disclosure.py):
7 → 5, 12 → 10, 19 → 20, 22 → 20, 3 → "<5"."""

import pytest
from django.urls import reverse

from monitoring import dashboard as board

from .builders import YEAR, Known, add_advice, add_consents, add_hours_and_walk_ins, add_referrals

pytestmark = pytest.mark.django_db


@pytest.fixture
def known(world):
    return Known(world)


def tables_for(client, **params):
    response = client.get(reverse("monitoring:dashboard"), {"period": str(YEAR), **params},
                          HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return {t.key: t for t in response.context["tables"]}, response


def rows(table):
    return {row[0]: row[1:] for row in table.rows}


def test_requests_per_month_individual_and_group(world, known, client_for):
    tables, _ = tables_for(client_for(world.coordinator))
    month = tables["requests_month"].rows
    assert month[0][1:] == [5, 0, 5]          # January: 7 about a child
    assert month[1][1:] == [0, "<5", "<5"]    # February: 3 about the group
    assert month[2][1:] == [10, 0, 10]        # March: 12 about a child
    assert all(r[1:] == [0, 0, 0] for r in month[3:12])
    assert month[12][1:] == [20, "<5", 20]    # the year: 19, 3, 22 — each rounded on its own
    kinds = {r[0]: r[1:] for r in tables["requests_kind"].rows}
    assert kinds["Dealing with a child's behaviour or interaction"] == [5, 0, 5]
    assert kinds["Group processes"] == [0, "<5", "<5"]
    assert kinds["A worry about development"] == [10, 0, 10]
    assert kinds["How to talk with the parents"] == [0, 0, 0]


def test_waiting_time_median_percentile_and_threshold(world, known, client_for):
    client = client_for(world.coordinator)
    tables, _ = tables_for(client)
    waiting = [r[1] for r in tables["waiting"].rows]
    # 19 waits: 1..7 and 10..21 days. Median: the 10th value = 12. P90: rank 0.9 * 18 = 16.2,
    # between the 17th (19) and 18th (20) value: 19.2. Over 14 days: 15..21 (7) and the 3 group
    # questions still waiting since February: 10.
    assert waiting == [20, 12.0, 19.2, 10]
    tables, _ = tables_for(client, threshold="5")
    # Over 5 days: 6, 7 and 10..21 (14) and the 3 still waiting: 17 → 15.
    assert tables["waiting"].rows[3][1] == 15


def test_waiting_time_for_one_district(world, known, client_for):
    tables, _ = tables_for(client_for(world.coordinator), district=known.district2.pk)
    # District 2 only: 10..21 days. Median (15 + 16) / 2; P90 rank 9.9: 19 + 0.9.
    assert [r[1] for r in tables["waiting"].rows][:3] == [10, 15.5, 19.9]
    # The request counts follow the filter: March only.
    assert tables["requests_month"].rows[12][1:] == [10, 0, 10]


def test_outcomes_follow_ups_and_the_headline_share(world, known, client_for):
    tables, response = tables_for(client_for(world.coordinator))
    outcomes = rows(tables["outcomes"])
    assert outcomes["Resolved within childcare"] == [10]   # 11
    assert outcomes["Referred"] == [5]                     # 7
    assert outcomes["Guardians declined"] == ["<5"]        # 1
    assert outcomes["Cancelled"] == [0]
    assert outcomes["Total"] == [20]                       # 19
    follow = rows(tables["follow_ups"])
    assert follow["0"] == [10] and follow["2"] == [5] and follow["1"] == [0] and follow["5 or more"] == [0]
    trend = {r[0]: r[1:] for r in tables["trend"].rows}
    # First half: 5 resolved of 7 closed → 5 of 5 = 100 %; second: 6 of 12 → 5 of 10 = 50 %.
    assert trend[f"{YEAR}-H1"] == [5, 5, "100%"]
    assert trend[f"{YEAR}-H2"] == [5, 10, "50%"]
    assert trend[f"{YEAR - 1}-H2"] == [0, 0, None]
    # The year: 11 resolved of 19 → 10 of 20.
    assert tables["trend"].headline == 50
    assert 'data-testid="headline">50%' in response.content.decode()


def test_consent_states(world, known, client_for):
    add_consents(known, [(["asked", "given"], 1)] * 6 + [(["asked", "refused"], 1)] * 2
                 + [(["asked", "given", "withdrawn"], 1)] * 5 + [(["asked"], 1)] * 3
                 + [(["asked", "given"], 2)] * 1)  # one of two signatures: still pending
    tables, _ = tables_for(client_for(world.coordinator))
    consent = rows(tables["consent"])
    assert consent["Asked"] == [15]        # 17
    assert consent["Given"] == [5]         # 6
    assert consent["Refused"] == ["<5"]    # 2
    assert consent["Withdrawn"] == [5]     # 5
    assert consent["Expired"] == [0]
    assert consent["Pending (no decision yet)"] == ["<5"]  # 3 + 1


def test_advice_per_target_and_category_with_shares(world, known, client_for):
    add_advice(known, [("group", "day_programme", "tried", "worked", 8), ("group", "day_programme", "tried", "not", 4),
                       ("group", "day_programme", "not_tried", "", 3), ("group", "day_programme", "", "", 5),
                       ("guardian", "guardian_talk", "tried", "worked", 2)])
    tables, _ = tables_for(client_for(world.coordinator))
    advice = rows(tables["advice"])
    # Group / day programme: 20 given; 12 tried of 15 evaluated → 10 / 15 = 67 %; worked 8 of 12 → 10 / 10.
    assert advice["The group: Day programme"] == [20, "67%", "100%"]
    # The guardians: 2 — every figure withheld.
    assert advice["The guardians: Conversation with guardians"] == ["<5", None, None]
    # Total: 22 → 20; evaluated 17 → 15, tried 14 → 15: 100 %; worked 10 of 14 → 10 of 15: 67 %.
    assert advice["Total"] == [20, "100%", "67%"]


def test_referrals_hours_walk_in_and_preventive_visits(world, known, client_for):
    add_referrals(known, [("speech_therapy", 6), ("audiology", 2)])
    add_hours_and_walk_ins(known)
    tables, _ = tables_for(client_for(world.coordinator))
    referrals = rows(tables["referrals"])
    assert referrals["Speech therapy"] == [5] and referrals["Audiology centre"] == ["<5"]
    assert referrals["Total"] == [10]  # 8
    hours = rows(tables["hours"])
    assert hours[known.district1.name] == [12.5, 100.0, "12%"]
    assert hours[known.district2.name] == [3.0, 40.0, "8%"]
    assert rows(tables["walk_in"]) == {"Walk-in hours planned": [3], "Walk-in hours held": [2]}
    topics = rows(tables["walk_in_topics"])
    assert topics["Development (speech, motor skills, play)"] == [5] and topics["Sleeping, eating, toilet"] == ["<5"]
    assert rows(tables["preventive"]) == {"Preventive visits planned": [4], "Preventive visits held": [3]}


def test_programme_coordinator_sees_municipalities_side_by_side(world, known, client_for):
    tables, _ = tables_for(client_for(world.programme_coordinator))
    side = rows(tables["municipalities"])
    # Hoogeveen: 22 requests; 19 closed, 11 resolved (10/20 = 50 %), 7 referred; median 12 days.
    assert side["Hoogeveen"][:5] == [20, 20, "50%", 5, 12.0]
    # Amersfoort: 3 of everything: all "<5", its median withheld.
    assert side["Amersfoort"][:5] == ["<5", "<5", None, 0, None]
    # The pooled median would be Hoogeveen's plus Amersfoort's three (100 days each): pooled minus
    # Hoogeveen's side-by-side figures would describe those three, so it is withheld.
    waiting = [r[1] for r in tables["waiting"].rows]
    assert waiting[1] is None and waiting[2] is None


def test_no_figure_links_to_a_case_or_names_a_child(world, known, client_for):
    _, response = tables_for(client_for(world.coordinator))
    html = response.content.decode()
    assert "/casework/" not in html and "/children/" not in html
    for case in known.cases:
        if case.child:
            assert case.child.last_name not in html


def test_table_keys_are_all_offered(world, known):
    assert {t.key for t in board.build(world.programme_coordinator, _filters(world))} == set(board.TABLE_KEYS)


def _filters(world):
    from monitoring.forms import DashboardFilterForm

    form = DashboardFilterForm({"period": str(YEAR)}, municipality_ids=None)
    assert form.is_valid()
    return form.filters()


def test_coaching_per_competence(world, known, client_for):
    from datetime import date
    from decimal import Decimal

    from coaching.models import CoachingFocus, CoachingMoment

    membership = world.specialist.memberships.first()
    plan = [(["child_development"], "1.5")] * 6 + [(["child_development", "parents"], "2")] * 2 + \
        [(["striking_behaviour"], "1")] * 3
    for competences, hours in plan:
        moment = CoachingMoment.objects.create(location=world.location_a, coach=world.specialist,
                                               coach_membership=membership, held_on=date(YEAR, 3, 3),
                                               occasion="on_call", discussed="Dagritme", hours=Decimal(hours))
        for competence in competences:
            CoachingFocus.objects.create(moment=moment, competence=competence)
    # Elsewhere: Amersfoort, and the year before: not counted.
    CoachingMoment.objects.create(location=world.location_c, coach=world.specialist, coach_membership=membership,
                                  held_on=date(YEAR, 3, 3), occasion="on_call", discussed="-", hours=Decimal(5))
    tables, _ = tables_for(client_for(world.coordinator))
    coaching = rows(tables["coaching"])
    # Child development: 8 moments (6 × 1,5 + 2 × 2 = 13 hours) → 10; parents: 2 (4 hours) → "<5";
    # striking behaviour 3 (3 hours) → "<5"; all: 11 moments, 16 hours → 10.
    assert coaching["Knowledge of child development"] == [10, 13.0]
    assert coaching["Dealing with parents"] == ["<5", 4.0]
    assert coaching["Dealing with striking behaviour"] == ["<5", 3.0]
    assert coaching["Calling in outside help or expertise when needed"] == [0, 0.0]
    assert coaching["All coaching moments"] == [10, 16.0]
