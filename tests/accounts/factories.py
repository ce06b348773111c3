import factory

from accounts.models import Membership, Role, User
from tests.organisations.factories import (
    CareProviderFactory,
    ChildcareOrganisationFactory,
    LocationFactory,
    MunicipalityFactory,
    YouthHealthServiceFactory,
)

PASSWORD = "een-lang-test-wachtwoord"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.CHILDCARE_WORKER


# The organisation each role's membership is tied to (accounts.models.SCOPE_OF_ROLE).
SCOPE_FACTORY = {
    Role.CHILDCARE_WORKER: ("location", LocationFactory),
    Role.SPECIALIST: ("care_provider", CareProviderFactory),
    Role.YOUTH_NURSE: ("youth_health_service", YouthHealthServiceFactory),
    Role.COORDINATOR: ("municipality", MunicipalityFactory),
    Role.PRIVACY_OFFICER: ("municipality", MunicipalityFactory),
    Role.SAFEGUARDING_OFFICER: ("childcare_organisation", ChildcareOrganisationFactory),
    Role.PROGRAMME_COORDINATOR: (None, None),
    Role.FUNCTIONAL_ADMINISTRATOR: (None, None),
}


def member(role, *, user=None, **scope):
    """A user holding one active membership of `role`, tied to the given (or a new) organisation."""
    field, scope_factory = SCOPE_FACTORY[role]
    if field and field not in scope:
        scope[field] = scope_factory()
    membership = MembershipFactory(role=role, user=user or UserFactory(), **scope)
    membership.full_clean()
    return membership.user
