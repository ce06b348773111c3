"""The objects each matrix column stands for, in the fuzz tests' world (tests/fuzz/world.py).

Every Hoogeveen actor works at or for one place: the pm'er at Peuteropvang Het Palet, the
specialist and the nurse on its cases, the coordinator and the privacy officer for Hoogeveen.
The columns are then the same objects for every role:

- own                : an open case at Het Palet, assigned to the Hoogeveen specialist, consent given;
- other_case         : a case at Het Palet assigned to a second Yorneo specialist (same location,
                       not her case);
- other_location     : a Hoogeveen case at another location (Kindercentrum De Klimboom), assigned to
                       that second specialist;
- other_municipality : an Amersfoort case;
- closed             : a closed case the Hoogeveen specialist was assigned to (her advice given,
                       consent still valid).

A referral, handover, advice, visit or letter stands in the column of its case. Objects that are not
tied to a case (a reporting-code path, a notification, a plan, a guardian's link) have "own" and,
where the world has one, "other": the first belongs to the owner named in KINDS, the second to
someone else.
"""

from dataclasses import dataclass

from accounts.models import Role
from tests.fuzz import routes as r

CASE_COLUMNS = ("own", "other_case", "other_location", "other_municipality", "closed")
OWN_OTHER = ("own", "other")
ONE = ("-",)

HOME_LOCATION = "Peuteropvang Het Palet"
OTHER_LOCATION = "Kindercentrum De Klimboom"
SPECIALIST2 = "specialist2.hoogeveen"


def extend_world(world):
    """A second Yorneo specialist takes the open cases that stand for other_case and other_location."""
    from accounts.models import User
    from casework.models import Case, CaseKind, CaseState
    from casework.services import case_assign
    from organisations.models import CareProvider
    from tests.accounts.factories import UserFactory, member
    from tests.fuzz.world import Actor

    # The pedagogical coach of Spelerwijs (the pm'er's organisation), in the demo data.
    world.users["pedagogical_coach"] = User.objects.get(username="coach.hoogeveen")
    world.actors["pedagogical_coach"] = Actor("pedagogical_coach", world.users["pedagogical_coach"])
    coordinator = world.user(str(Role.COORDINATOR))
    specialist = world.user(str(Role.SPECIALIST))
    second = member(Role.SPECIALIST, user=UserFactory(username=SPECIALIST2),
                    care_provider=CareProvider.objects.get(name="Yorneo"))
    world.users["specialist2"] = second
    hoogeveen = Case.objects.filter(request__location__district__municipality__name="Hoogeveen",
                                    kind=CaseKind.INDIVIDUAL, assigned_to=specialist).exclude(state=CaseState.CLOSED)
    home = hoogeveen.filter(request__location__name=HOME_LOCATION).order_by("pk")
    # The planned case at Het Palet (the demo's own case is the one in follow-up, with a plan and advice).
    other_case = home.filter(state=CaseState.PLANNED).first()
    case_assign(case=other_case, to=second, by=coordinator)
    for case in hoogeveen.filter(request__location__name=OTHER_LOCATION):
        case_assign(case=case, to=second, by=coordinator)


def _cases(column):
    from casework.models import Case, CaseKind, CaseState

    cases = Case.objects.filter(kind=CaseKind.INDIVIDUAL)
    mine = {"assigned_to__username": "specialist.hoogeveen"}
    if column == "own":
        return cases.filter(request__location__name=HOME_LOCATION, **mine).exclude(state=CaseState.CLOSED).order_by(
            "-state", "pk")
    if column == "other_case":
        return cases.filter(request__location__name=HOME_LOCATION, assigned_to__username=SPECIALIST2).order_by("pk")
    if column == "other_location":
        return cases.filter(request__location__name=OTHER_LOCATION, assigned_to__username=SPECIALIST2).order_by("pk")
    if column == "other_municipality":
        return cases.filter(request__location__district__municipality__name="Amersfoort").exclude(
            state=CaseState.CLOSED).order_by("pk")
    if column == "closed":
        return cases.filter(state=CaseState.CLOSED, **mine).exclude(outcome="guardians_declined").order_by("pk")
    raise KeyError(column)


def _ordered(cases):
    """The follow-up case first: it has the richest file (plan, referral, advice, messages)."""
    from casework.models import CaseState

    cases = list(cases)
    return sorted(cases, key=lambda c: (c.state != CaseState.FOLLOW_UP, c.pk))


def _case_kwargs(column):
    return [{"case_id": c.pk} for c in _ordered(_cases(column))]


def _child_kwargs(column):
    return [{"child_id": c.child_id} for c in _ordered(_cases(column)) if c.child_id]


def _derived(model_path, field, column, key):
    import importlib

    module, name = model_path.rsplit(".", 1)
    model = getattr(importlib.import_module(module), name)
    out = []
    for case in _ordered(_cases(column)):
        for obj in model.objects.filter(**{field: case.pk}).order_by("pk"):
            out.append({"case_id": case.pk, key: obj.pk})
    return out


def _consent_objects(model_path, column, key):
    import importlib

    module, name = model_path.rsplit(".", 1)
    model = getattr(importlib.import_module(module), name)
    out = []
    for case in _ordered(_cases(column)):
        if case.child_id:
            out += [{"case_id": case.pk, key: obj.pk} for obj in model.objects.filter(child_id=case.child_id)]
    return out


def _held_visit(column):
    from observations.models import VisitStatus

    out = []
    for case in _ordered(_cases(column)):
        out += [{"case_id": case.pk, "visit_id": v.pk}
                for v in case.visits.filter(status=VisitStatus.HELD).order_by("pk")]
    return out


def _by_owner(provider, owner, other):
    """own: the provider's objects for the owner; other: another actor's, the owner's left out."""

    def pick(world, column):
        own = provider(world, world.users.get(owner)) if owner else provider(world, None)
        if column in ("own", "-"):
            return own
        if other is None:
            return []
        return [kw for kw in provider(world, world.users.get(other)) if kw not in own]

    return pick


def _received_handover(world, user):
    from tests.fuzz.routes_school import received_handover

    return received_handover(world, user)


@dataclass(frozen=True)
class Kind:
    columns: tuple
    pick: object  # callable(world, column) -> list of kwargs, best first
    about: str = ""


def _case_kind(fn, about="", columns=CASE_COLUMNS):
    return Kind(columns, lambda world, column: fn(column), about)


PMER, SPECIALIST, NURSE, COORDINATOR = r.PMER, r.SPECIALIST, r.NURSE, r.COORDINATOR

KINDS = {
    "none": Kind(ONE, lambda world, column: [{}]),
    "case": _case_kind(_case_kwargs, "the case"),
    "child": _case_kind(_child_kwargs, "the case's child"),
    # Only the columns whose case has one in the demo world.
    "referral": _case_kind(lambda c: _derived("casework.models.Referral", "case_id", c, "referral_id"),
                           columns=("own", "other_municipality")),
    # The demo's only handover is on a closed case of the specialist (at De Klimboom).
    "handover": Kind(("closed",), lambda world, column: _derived("casework.models.Handover", "case_id", column,
                                                                  "handover_id")),
    "advice": _case_kind(lambda c: _derived("observations.models.Advice", "case_id", c, "advice_id"),
                         columns=("own", "other_municipality", "closed")),
    "held_visit": _case_kind(_held_visit, columns=("own", "other_location", "other_municipality", "closed")),
    "consent_letter": _case_kind(lambda c: _consent_objects("consent.models.ConsentRequest", c, "request_id"),
                                 columns=("own", "other_case")),
    "recorded_consent": _case_kind(lambda c: _consent_objects("consent.models.PaperConsent", c, "consent_id")),
    # Not tied to a case: own = the owner's, other = another's.
    "group_visit": Kind(ONE, _by_owner(r.group_visit, SPECIALIST, None)),
    "group_visit_advice": Kind(ONE, _by_owner(r.group_visit_advice, SPECIALIST, None)),
    "days_away": Kind(OWN_OTHER, _by_owner(r.days_away, SPECIALIST, NURSE),
                      "own: the specialist's; other: the nurse's"),
    "own_scheduled": Kind(OWN_OTHER, _by_owner(r.own_scheduled, SPECIALIST, NURSE),
                          "own: the specialist's; other: the nurse's"),
    "membership": Kind(OWN_OTHER, _by_owner(r.membership, COORDINATOR, r.AMERSFOORT_COORDINATOR),
                       "own: a Hoogeveen membership; other: an Amersfoort one"),
    "survey_round": Kind(ONE, _by_owner(r.survey_round, r.PROGRAMME, None)),
    "questionnaire": Kind(ONE, _by_owner(r.questionnaire, r.PROGRAMME, None)),
    "meldcode_path": Kind(OWN_OTHER, _by_owner(r.meldcode_path, SPECIALIST, PMER),
                          "own: the specialist's reporting-code path; other: the pm'er's"),
    "meldcode_step": Kind(OWN_OTHER, _by_owner(r.meldcode_step, SPECIALIST, PMER),
                          "own: the specialist's reporting-code path; other: the pm'er's"),
    "mail": Kind(ONE, _by_owner(r.mail, r.ADMIN, None), "a message in the demo mailbox"),
    "plan": Kind(ONE, _by_owner(r.plan, COORDINATOR, None), "Hoogeveen's half-year plan"),
    "plan_item": Kind(ONE, _by_owner(r.plan_item, COORDINATOR, None)),
    "walk_in": Kind(ONE, _by_owner(r.walk_in, NURSE, None), "the Hoogeveen nurse's walk-in hour"),
    "walk_in_public": Kind(ONE, _by_owner(r.walk_in_public, None, None)),
    "feed": Kind(ONE, _by_owner(r.feed, None, None)),
    "notification": Kind(OWN_OTHER, _by_owner(r.notification, PMER, SPECIALIST),
                         "own: the pm'er's notification; other: the specialist's"),
    "trusted_device": Kind(OWN_OTHER, _by_owner(r.trusted_device, PMER, SPECIALIST),
                           "own: the pm'er's trusted device; other: the specialist's"),
    "security_key": Kind(ONE, lambda world, column: [{"key_id": r.NO_SUCH_ID}], "a key id nobody has"),
    "password_reset": Kind(ONE, _by_owner(r.password_reset, None, None)),
    "survey_share": Kind(ONE, _by_owner(r.survey_share, None, None)),
    "survey_respond": Kind(ONE, _by_owner(r.survey_respond, None, None)),
    # The warm handover that reached the teacher's school (the demo's handed-over case, Obs De Wiekslag).
    "received_handover": Kind(ONE, _by_owner(_received_handover, "teacher", None),
                              "the handover the demo's specialist sent to Obs De Wiekslag"),
    # The programme monitoring's CSV export takes a table's name, not an object.
    "monitoring_table": Kind(ONE, lambda world, column: [{"table": "outcomes"}], "the outcomes table"),
    # The guardian's link: own = the link of the guardian who passed its date-of-birth step;
    # other = another child's link (the open request) opened in the same browser.
    "guardian_token": Kind(OWN_OTHER, lambda world, column: [
        {"token": world.tokens["guardian_decided" if column == "own" else "guardian_open"]}]),
    "guardian_withdraw": Kind(ONE, _by_owner(r.guardian_withdraw, None, None)),
    "guardian_receipt": Kind(ONE, _by_owner(r.guardian_receipt, None, None)),
}
