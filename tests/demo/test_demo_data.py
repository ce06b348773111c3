import io
import re
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from accounts.models import Membership, Role, User
from children.models import MAX_AGE_YEARS, Child, Guardian
from demo.management.commands.load_demo_data import DEMO_PASSWORD
from organisations.models import (
    CareProvider,
    ChildcareOrganisation,
    District,
    Group,
    Location,
    LocationKind,
    Municipality,
    ProgrammeConfiguration,
    YouthHealthService,
)

COUNTED = [
    Municipality, ProgrammeConfiguration, District, ChildcareOrganisation, Location, Group, CareProvider,
    CareProvider.municipalities.through, YouthHealthService, YouthHealthService.municipalities.through, User,
    Membership, Membership.groups.through, Membership.fixed_contact_for.through, Child, Guardian,
]


def counts():
    return {model._meta.label: model.objects.count() for model in COUNTED}


def load():
    out = io.StringIO()
    call_command("load_demo_data", stdout=out)
    return out.getvalue()


def age_in_months(born, day):
    return (day.year - born.year) * 12 + day.month - born.month - (day.day < born.day)


@dataclass
class Loaded:
    first_output: str
    second_output: str
    counts_after_first: dict
    counts_after_second: dict


@pytest.fixture
def demo(db, monkeypatch):
    """The command run twice, as a demo user would by starting scripts/demo twice."""
    monkeypatch.delenv("PORT", raising=False)
    first_output = load()
    after_first = counts()
    second_output = load()
    return Loaded(first_output, second_output, after_first, counts())


def test_three_municipalities_with_their_presets_and_partners(demo):
    presets = dict(ProgrammeConfiguration.objects.values_list("municipality__name", "based_on_preset"))
    assert presets == {"Hoogeveen": "hoogeveen", "Amersfoort": "amersfoort", "Amsterdam": "amsterdam"}
    providers = {p.name: {m.name for m in p.municipalities.all()} for p in CareProvider.objects.all()}
    assert providers == {"Yorneo": {"Hoogeveen"}, "Youké": {"Amersfoort"}, "MOC 't Kabouterhuis": {"Amsterdam"}}
    for municipality in Municipality.objects.all():
        assert municipality.youth_health_services.count() == 1
        assert municipality.districts.count() >= 2
    assert YouthHealthService.objects.get(municipalities__name="Hoogeveen").name == "GGD Drenthe"


def test_locations_have_valid_lrk_numbers_kinds_addresses_and_groups(demo):
    # Childcare locations carry an LRK number; Hoogeveen's one primary school (issue 17 item 5) a BRIN number.
    all_locations = list(Location.objects.select_related("district__municipality"))
    locations = [location for location in all_locations if location.kind != LocationKind.PRIMARY_SCHOOL]
    assert len({location.lrk_number for location in locations}) == len(locations)
    for location in all_locations:
        if location in locations:
            assert re.fullmatch(r"\d{9}", location.lrk_number)
        else:
            assert re.fullmatch(r"\d{2}[A-Z]{2}\d{2}", location.brin_number) and location.lrk_number is None
        location.full_clean()
        assert location.district.municipality.name in location.street_address
        assert 2 <= location.groups.count() <= 3
    for municipality in Municipality.objects.all():
        assert 2 <= Location.objects.filter(district__municipality=municipality).exclude(
            kind=LocationKind.PRIMARY_SCHOOL).count() <= 3
    assert [location.district.municipality.name for location in all_locations if location not in locations] == [
        "Hoogeveen"]
    assert {location.kind for location in all_locations} == set(LocationKind.values)
    assert set(Group.objects.values_list("kind", flat=True)) == set(Group.Kind.values)


def test_about_sixty_children_all_under_12_and_in_their_groups_age_range(demo):
    today = timezone.localdate()
    children = list(Child.objects.select_related("group"))
    assert 55 <= len(children) <= 70
    for child in children:
        child.full_clean()
        assert child.age_on(today) < MAX_AGE_YEARS
        assert child.group.min_age_months <= age_in_months(child.date_of_birth, today) <= child.group.max_age_months
        assert 1 <= child.guardians.count() <= 2
    assert Child.objects.values("group__location__district__municipality").distinct().count() == 3


def test_guardians_are_plausible(demo):
    guardians = list(Guardian.objects.all())
    for guardian in guardians:
        guardian.full_clean()
        assert guardian.email.endswith("@example.org")
        assert re.fullmatch(r"06-\d{8}", guardian.phone)
    with_authority = sum(guardian.has_parental_authority for guardian in guardians)
    assert with_authority > 0.9 * len(guardians)
    languages = {guardian.preferred_language for guardian in guardians}
    assert languages == set(Guardian.Language.values)
    assert sum(guardian.preferred_language == "nl" for guardian in guardians) > len(guardians) / 2


def test_every_role_has_a_valid_active_membership_and_the_demo_password(demo):
    for role in Role:
        memberships = list(Membership.objects.active().filter(role=role).select_related("user"))
        assert memberships, role
        for membership in memberships:
            membership.full_clean()
            assert membership.user.check_password(DEMO_PASSWORD)
            assert membership.user.email.endswith("@example.org")
            assert membership.user.first_name and membership.user.last_name


def test_fixed_contacts_and_planners_follow_the_configuration(demo):
    def fixed_contact_roles(municipality):
        locations = Location.objects.filter(district__municipality__name=municipality)
        return [
            {m.role for m in Membership.objects.active().filter(fixed_contact_for=location)} for location in locations
        ]

    assert all(roles == {Role.SPECIALIST, Role.YOUTH_NURSE} for roles in fixed_contact_roles("Hoogeveen"))
    assert all(roles == {Role.SPECIALIST} for roles in fixed_contact_roles("Amsterdam"))
    assert all(roles == set() for roles in fixed_contact_roles("Amersfoort"))
    youke = Membership.objects.active().filter(role=Role.SPECIALIST, care_provider__name="Youké")
    assert youke.filter(is_planner=True).count() == 1
    assert youke.filter(is_planner=False).count() >= 1
    for municipality in Municipality.objects.all():
        workers = Membership.objects.active().filter(
            role=Role.CHILDCARE_WORKER, location__district__municipality=municipality
        )
        assert workers.values("location").distinct().count() >= 2
        assert all(worker.groups.exists() for worker in workers)


def test_second_run_adds_no_rows(demo):
    assert demo.counts_after_second == demo.counts_after_first
    assert "nothing to add" in demo.second_output


def test_output_lists_a_login_for_every_role(demo):
    for output in (demo.first_output, demo.second_output):
        lines = output.splitlines()
        for role in Role:
            with translation.override("en"):
                label = str(role.label)
            usernames = set(Membership.objects.filter(role=role).values_list("user__username", flat=True))
            assert any(
                label in line and DEMO_PASSWORD in line and set(line.split()) & usernames for line in lines
            ), role
        assert "http://localhost:8000/" in output


def test_one_welcome_mail_to_the_functional_administrator_without_child_data(db, mailoutbox, monkeypatch):
    monkeypatch.delenv("PORT", raising=False)
    load()
    load()
    assert len(mailoutbox) == 1
    admin = User.objects.get(memberships__role=Role.FUNCTIONAL_ADMINISTRATOR)
    assert mailoutbox[0].to == [admin.email]
    body = mailoutbox[0].body
    words = set(re.findall(r"\w+", body))
    for child in Child.objects.all():
        assert str(child) not in body
        assert child.first_name not in words


def test_every_demo_user_logs_in_with_the_published_authenticator_key(demo):
    from base64 import b32encode

    from django_otp.plugins.otp_totp.models import TOTPDevice

    from demo.management.commands.load_demo_data import DEMO_TOTP_KEY

    secret = b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode()
    assert secret in demo.first_output and "otpauth://totp/" in demo.first_output
    assert secret in demo.second_output
    for user in User.objects.all():
        devices = TOTPDevice.objects.filter(user=user)
        assert [(d.key, d.confirmed) for d in devices] == [(DEMO_TOTP_KEY, True)]


def test_production_has_no_way_to_skip_the_second_factor():
    # The demo shows the real two-step login; no setting anywhere switches the second factor off.
    from pathlib import Path

    settings_dir = Path(__file__).resolve().parents[2] / "alert4you" / "settings"
    for path in settings_dir.glob("*.py"):
        assert "SKIP_SECOND_FACTOR" not in path.read_text(encoding="utf-8")
