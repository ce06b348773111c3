"""Who may see and do what on a reporting-code path. One place, applied in the query.

- the professional who started the path (its author);
- the safeguarding officer of the author's organisation (childcare organisation, care provider
  or youth health service: accounts.models.SCOPE_OF_ROLE);
- nobody else: not a colleague at the same location, not the specialist on the child's case, not
  a coordinator, and not the privacy officer, who sees only the audit rows.

Who may start a path on a child: a childcare worker of the child's location, or the specialist or
youth nurse on an open case of the child. No consent is asked: the meldcode is the lawful exception.
"""

from django.db.models import Q

from accounts.models import Role
from accounts.selectors import memberships_with_role

from .models import Step

NOTHING = Q(pk__in=[])

AUTHOR_STEPS = (Step.SIGNALS, Step.CONSULTATION, Step.TALK, Step.WEIGHING, Step.DECISION)
OFFICER_STEPS = (Step.ADVICE, Step.CONSULTATION)


def _officer_memberships(user):
    return memberships_with_role(user, Role.SAFEGUARDING_OFFICER)


def visible_paths_filter(user) -> Q:
    if not user.is_authenticated:
        return NOTHING
    q = Q(started_by=user)
    officer = _officer_memberships(user)
    if org_ids := [m.childcare_organisation_id for m in officer if m.childcare_organisation_id]:
        q |= Q(childcare_organisation_id__in=org_ids)
    if provider_ids := [m.care_provider_id for m in officer if m.care_provider_id]:
        q |= Q(care_provider_id__in=provider_ids)
    # A youth nurse's path goes to her youth health service's officer (issue 12).
    if service_ids := [m.youth_health_service_id for m in officer if m.youth_health_service_id]:
        q |= Q(youth_health_service_id__in=service_ids)
    return q


def officer_membership_for(user, path):
    for membership in _officer_memberships(user):
        if path.childcare_organisation_id and membership.childcare_organisation_id == path.childcare_organisation_id:
            return membership
        if path.care_provider_id and membership.care_provider_id == path.care_provider_id:
            return membership
        if path.youth_health_service_id and membership.youth_health_service_id == path.youth_health_service_id:
            return membership
    return None


def is_author(user, path) -> bool:
    return path.started_by_id == user.pk


def acting_membership(user, path):
    """The membership on whose behalf the user acts on this path, for the audit row."""
    if is_author(user, path):
        if path.childcare_organisation_id:
            for m in memberships_with_role(user, Role.CHILDCARE_WORKER):
                if m.location and m.location.organisation_id == path.childcare_organisation_id:
                    return m
        if path.care_provider_id:
            for m in memberships_with_role(user, Role.SPECIALIST):
                if m.care_provider_id == path.care_provider_id:
                    return m
        if path.youth_health_service_id:
            for m in memberships_with_role(user, Role.YOUTH_NURSE):
                if m.youth_health_service_id == path.youth_health_service_id:
                    return m
    return officer_membership_for(user, path)


def steps_allowed(user, path) -> tuple:
    if not path.is_open:
        return ()
    steps = []
    if is_author(user, path):
        steps.extend(AUTHOR_STEPS)
    if officer_membership_for(user, path) is not None:
        steps.extend(s for s in OFFICER_STEPS if s not in steps)
    return tuple(steps)


def may_close(user, path) -> bool:
    return path.is_open and (is_author(user, path) or officer_membership_for(user, path) is not None)


def child_ids_named_to(user, paths) -> set[int]:
    """The children of these paths whom the user may see by name. The meldcode needs no consent to
    record and consult, but it does not hand a specialist or nurse the identity that consent would:
    she sees the name where she could see the child anyway. The officer always does: she has to
    weigh the case and may consult Veilig Thuis about this child."""
    from children.models import Child

    named = {p.child_id for p in paths if officer_membership_for(user, p) is not None}
    others = {p.child_id for p in paths} - named
    if others:
        named |= set(Child.objects.visible_to(user).filter(pk__in=others).values_list("pk", flat=True))
    return named


def start_basis(user, child, *, cases=None):
    """The organisation (as path fields) and membership on whose behalf `user` may start a path on
    `child`, or None when she may not. `cases`: the open individual cases of the child."""
    for m in memberships_with_role(user, Role.CHILDCARE_WORKER):
        if m.location_id == child.group.location_id:
            return {"childcare_organisation_id": child.group.location.organisation_id}, m
    if cases is None:
        from casework.models import Case, CaseKind

        cases = list(Case.objects.open().filter(kind=CaseKind.INDIVIDUAL, child_id=child.pk)
                     .only("pk", "assigned_to_id", "nurse_id", "care_provider_id"))
    for case in cases:
        if case.assigned_to_id == user.pk:
            specialist = memberships_with_role(user, Role.SPECIALIST)
            chosen = next((m for m in specialist if m.care_provider_id == case.care_provider_id),
                          specialist[0] if specialist else None)
            if chosen is not None:
                return {"care_provider_id": chosen.care_provider_id}, chosen
        if case.nurse_id == user.pk:
            nurse = memberships_with_role(user, Role.YOUTH_NURSE)
            if nurse:
                return {"youth_health_service_id": nurse[0].youth_health_service_id}, nurse[0]
    return None
