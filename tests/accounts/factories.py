import factory

from accounts.models import Membership, Role, User
from tests.organisations.factories import (
    CareProviderFactory,
    ChildcareOrganisationFactory,
    LocationFactory,
    MunicipalityFactory,
    YouthHealthServiceFactory,
)
from tests.organisations.school_factories import SchoolLocationFactory

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
    Role.PEDAGOGICAL_COACH: ("childcare_organisation", ChildcareOrganisationFactory),
    Role.TEACHER: ("location", SchoolLocationFactory),
}


def member(role, *, user=None, **scope):
    """A user holding one active membership of `role`, tied to the given (or a new) organisation."""
    field, scope_factory = SCOPE_FACTORY[role]
    if field and field not in scope:
        scope[field] = scope_factory()
    membership = MembershipFactory(role=role, user=user or UserFactory(), **scope)
    membership.full_clean()
    return membership.user


def totp_device_for(user):
    """The user's confirmed authenticator app (created when she has none), as after setting it up."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="app", confirmed=True)


def totp_code(device):
    """A code the device accepts now: the current step, or the next one if this step was used already
    (the device refuses a step twice and allows one step of clock drift)."""
    import time

    from django_otp.oath import TOTP

    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    step = max(totp.t(), device.last_t + 1)
    if step > totp.t() + device.tolerance:
        time.sleep((step - device.tolerance) * device.step + device.t0 - time.time() + 0.1)
    totp.time = step * device.step + device.t0
    return f"{totp.token():0{device.digits}d}"
