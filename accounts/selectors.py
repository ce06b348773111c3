from .models import Membership, Role


def memberships_of(user) -> list[Membership]:
    """The user's active memberships, read once per request and kept on the user object."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_active_memberships", None)
    if cached is None:
        cached = list(
            Membership.objects.active()
            .filter(user=user)
            .select_related("location", "care_provider", "youth_health_service", "municipality",
                            "childcare_organisation")
            .order_by("role", "pk")
        )
        user._active_memberships = cached
    return cached


def roles_of(user) -> set[str]:
    return {m.role for m in memberships_of(user)}


def has_role(user, *roles: Role) -> bool:
    return bool(roles_of(user) & set(roles))


def memberships_with_role(user, *roles: Role) -> list[Membership]:
    """Her active memberships of any of these roles (e.g. `*LOCATION_ROLES`: pm'er or teacher)."""
    return [m for m in memberships_of(user) if m.role in roles]
