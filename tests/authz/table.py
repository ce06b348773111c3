"""How tests/authz/matrix.py is written: one Row per URL name, a grid of expected outcomes.

A row names the kind of object in the URL's path (tests/authz/objects.py: which columns it has) and,
per actor, one outcome per column. Actors a row leaves out get the row's defaults, written out in
the row's constructor so a reader sees them: for a view behind a role, every other professional
role is refused with 403 before any object is looked up, an anonymous visitor and a guardian (who
has no account) are sent to the login page, and a professional who has typed only her password is
sent to the second-factor step.

Outcomes (what a user would see):
  200          the page (or file)
  204          done, nothing to show (the session keep-alive)
  redirect     sent on to another page of the app (after a POST: saved or refused with a message)
  400          the request refused as bad input (after access was granted)
  403          refused: not her role
  404          refused: no such object for her (an id of someone else's object looks like no object at all)
  405          the URL does not take this method
  409          access granted, but the step does not fit the case's state (an empty POST: no step)
  login        sent to the login page
  2fa          sent to the second-factor step
  admin-login  sent to the admin's login page
  dob          the guardian's link asks for the child's date of birth first
"""

from dataclasses import dataclass, field

from .objects import KINDS

PMER, SPECIALIST, NURSE, COORDINATOR = "childcare_worker", "specialist", "youth_nurse", "coordinator"
PROGRAMME, PRIVACY, SAFEGUARDING, ADMIN = ("programme_coordinator", "privacy_officer", "safeguarding_officer",
                                           "functional_administrator")
COACH = "pedagogical_coach"
TEACHER = "teacher"  # the primary-school teacher of Obs De Wiekslag, Hoogeveen (issue 17 item 5)
GUARDIAN, ANONYMOUS, UNVERIFIED = "guardian_decided", "anonymous", "unverified"
ROLES = [PMER, SPECIALIST, NURSE, COORDINATOR, PROGRAMME, PRIVACY, SAFEGUARDING, ADMIN, COACH, TEACHER]
ACTORS = [*ROLES, GUARDIAN, ANONYMOUS, UNVERIFIED]
SHORT = {"pmer": PMER, "specialist": SPECIALIST, "nurse": NURSE, "coordinator": COORDINATOR,
         "programme": PROGRAMME, "privacy": PRIVACY, "safeguarding": SAFEGUARDING, "admin": ADMIN, "coach": COACH,
         "teacher": TEACHER, "guardian": GUARDIAN, "anonymous": ANONYMOUS, "unverified": UNVERIFIED}
OUTCOMES = {"200", "204", "redirect", "400", "403", "404", "405", "409", "410", "login", "2fa", "admin-login", "dob"}


@dataclass
class Row:
    kind: str
    grid: dict  # actor -> tuple of outcomes, one per column of the kind
    method: str = "GET"
    xfail: dict = field(default_factory=dict)  # (actor, column) -> reason, with "FOR <owner>"
    note: str = ""

    @property
    def columns(self):
        return KINDS[self.kind].columns

    def expected(self, actor, column):
        return self.grid[actor][self.columns.index(column)]


def _grid(kind, cells: dict, defaults: dict):
    columns = KINDS[kind].columns
    grid = {}
    for actor in ACTORS:
        given = cells.get(actor) or next((v for k, v in cells.items() if SHORT.get(k) == actor), None)
        text = given if given is not None else defaults[actor]
        tokens = text.split()
        if len(tokens) == 1 and len(columns) > 1:
            tokens = tokens * len(columns)
        if len(tokens) != len(columns) or not set(tokens) <= OUTCOMES:
            raise ValueError(f"{kind}: {actor}: {text!r} does not give one of {sorted(OUTCOMES)} for each of {columns}")
        grid[actor] = tuple(tokens)
    unknown = [k for k in cells if k not in SHORT and k not in ACTORS]
    if unknown:
        raise ValueError(f"unknown actors {unknown}")
    return grid


def roles(kind, method="GET", xfail=None, note="", **cells):
    """A view behind one or more roles: the roles not named are refused (403) before any lookup."""
    defaults = dict.fromkeys(ROLES, "403") | {GUARDIAN: "login", ANONYMOUS: "login", UNVERIFIED: "2fa"}
    return Row(kind, _grid(kind, cells, defaults), method, _xfail(xfail), note)


def logged_in(kind, method="GET", xfail=None, note="", everyone="200", **cells):
    """A view for every professional who has passed both factors (her own things only)."""
    defaults = dict.fromkeys(ROLES, everyone) | {GUARDIAN: "login", ANONYMOUS: "login", UNVERIFIED: "2fa"}
    return Row(kind, _grid(kind, cells, defaults), method, _xfail(xfail), note)


def anyone(kind, outcome="200", method="GET", xfail=None, note="", **cells):
    """A public view (login, health check, a link's own token): the same for everyone unless named."""
    defaults = dict.fromkeys(ACTORS, outcome)
    return Row(kind, _grid(kind, cells, defaults), method, _xfail(xfail), note)


def _xfail(xfail):
    out = {}
    for key, reason in (xfail or {}).items():
        actor, column = key
        out[(SHORT.get(actor, actor), column)] = reason
    return out
