"""The one rule by which a specialist or youth nurse sees a child: through a case (DESIGN 5, 6).

    An assigned specialist, or the youth nurse attached to the case, sees the child of an
    individual case she is on, while the guardians' consent for the observation is valid and its
    scope covers her party (the specialist, or the youth nurse). This holds for an open and for a
    closed case alike: closing keeps her view of what she advised (she stays accountable for it;
    a closed case is read-only), and the lists show those children too, marked closed.
    Withdrawal or expiry of that consent ends it at once, on every path; retention later erases
    the closed case altogether. There is no other period: the consent's own validity (the
    municipality's `consent_validity_days`) bounds how long a closed case shows its child.

Everything that shows a child to a professional asks this module, in one of three shapes that say
the same thing: `children_filter` (which children, for `Child.objects.visible_to`),
`case_shows_child` (which cases name their child, as a per-row SQL expression for lists and the
visits query) and `shows_child` (this case, in Python, for a page that already holds it). A
childcare worker's own rule (the children of her location) lives in `children.permissions`; a
coordinator, planner or anyone else never sees the child through this rule.

Consent is asked per row (`consent.validity.valid_consent_exists`, an `Exists` correlated on the
row's child), never as the list of every consented child in the country; for one case page it is
asked once per (purpose, party) and kept on the case object (`consent_covers`). See
docs/visibility.md.
"""

from django.db.models import Exists, OuterRef, Q

from accounts.models import Role
from accounts.selectors import memberships_with_role
from consent.services import ConsentParty, ConsentPurpose
from consent.validity import has_valid_consent, valid_consent_exists

from .models import CaseKind

NOTHING = Q(pk__in=[])

# The case fields that tie a professional to a case, with the role she needs and the party of the
# consent that must cover her.
TIES = ((Role.SPECIALIST, "assigned_to", ConsentParty.SPECIALIST),
        (Role.YOUTH_NURSE, "nurse", ConsentParty.YOUTH_NURSE))


def _ties_of(user):
    if not user.is_authenticated:
        return []
    return [(field, party) for role, field, party in TIES if memberships_with_role(user, role)]


def case_shows_child(user, prefix: str = "") -> Q:
    """Cases (rows reached through `prefix`, e.g. "case__") whose child this user sees by the rule:
    individual, she is tied to it, and the consent for the observation covers her party."""
    ties = _ties_of(user)
    if not ties:
        return NOTHING
    q = NOTHING
    for field, party in ties:
        q |= (Q(**{f"{prefix}{field}": user}) & valid_consent_exists(f"{prefix}child_id",
                                                                    ConsentPurpose.OBSERVATION, party))
    return Q(**{f"{prefix}kind": CaseKind.INDIVIDUAL}) & q


def children_filter(user) -> Q:
    """For `Child.objects.visible_to`: the children she sees through a case, open or closed."""
    from .models import Case

    if not _ties_of(user):
        return NOTHING
    cases = Case.objects.filter(child_id=OuterRef("pk")).filter(case_shows_child(user)).order_by()
    return Q(Exists(cases))


def annotate_consent(cases_qs, *, purpose=ConsentPurpose.OBSERVATION):
    """Adds, per case row, whether the consent for `purpose` covers each party: the case page and
    lists then answer every "may she see the child" without another query."""
    return cases_qs.annotate(**{
        f"_consent_{purpose}_{party}": valid_consent_exists("child_id", purpose, party)
        for party in (ConsentParty.SPECIALIST, ConsentParty.YOUTH_NURSE)})


def consent_covers(case, party, purpose=ConsentPurpose.OBSERVATION) -> bool:
    """Does a valid consent for this case's child cover `party` for `purpose`? Read from the row's
    annotation when the case was loaded with `annotate_consent`, otherwise asked once and kept on
    this case object for the rest of the request."""
    if case.child_id is None or party is None:
        return False
    attr = f"_consent_{purpose}_{party}"
    value = getattr(case, attr, None)
    if value is None:
        value = has_valid_consent(case.child_id, purpose, party)
        setattr(case, attr, value)
    return value


def forget_consent(case):
    """After a change of consent within one request: ask again next time."""
    for key in [k for k in vars(case) if k.startswith("_consent_")]:
        delattr(case, key)


def party_on(user, case):
    """The consent party through which this user is tied to the case, or None."""
    for role, field, party in TIES:
        if getattr(case, f"{field}_id") == user.pk and memberships_with_role(user, role):
            return party
    return None


def shows_child(user, case) -> bool:
    """The rule for one case in hand (the same as `case_shows_child`)."""
    if case.kind != CaseKind.INDIVIDUAL:
        return False
    return consent_covers(case, party_on(user, case))
