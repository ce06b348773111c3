"""Demo data for the three municipalities of the research report (chapter 2).

Hoogeveen ("Samen Vroeg Erbij": childcare, Yorneo and the GGD's youth nurses), Amersfoort
(childcare and Youké, requests go to the provider's queue) and Amsterdam (childcare and MOC
't Kabouterhuis): districts, childcare organisations with locations and groups, about 60
children with their guardians, and staff in every role, all logging in with DEMO_PASSWORD.

Idempotent: every row is looked up by its natural key first and only created when missing, so a
second run changes nothing. Birth dates are computed from today, so a fresh load never ages out.
Everything that is created goes through full_clean(): invalid demo data fails loudly.
"""

import calendar
import hashlib
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone, translation

from accounts.models import Membership, Role, User
from children.models import Child, Guardian
from organisations.models import (
    CareProvider,
    ChildcareOrganisation,
    District,
    Group,
    Location,
    LocationKind,
    Municipality,
    OrganisationKind,
    ProgrammeConfiguration,
    YouthHealthService,
)
from organisations.services import municipality_create

DEMO_PASSWORD = "Alert4you-demo!"  # noqa: S105 - the published password of the demo accounts
# The published authenticator key of every demo account (second factor, issue 4): the demo shows
# the real login with a code, and whoever tries it adds this one key to an authenticator app.
DEMO_TOTP_KEY = b"Alert4you-demo-totp!".hex()

ROLE_IN_DUTCH = {
    Role.CHILDCARE_WORKER: "pedagogisch medewerker (pm'er)",
    Role.SPECIALIST: "jeugdhulpverlener",
    Role.YOUTH_NURSE: "jeugdverpleegkundige",
    Role.COORDINATOR: "coördinator",
    Role.PROGRAMME_COORDINATOR: "landelijk programmacoördinator",
    Role.PRIVACY_OFFICER: "privacyfunctionaris",
    Role.SAFEGUARDING_OFFICER: "aandachtsfunctionaris meldcode",
    Role.FUNCTIONAL_ADMINISTRATOR: "functioneel beheerder",
    Role.PEDAGOGICAL_COACH: "pedagogisch coach",
    Role.TEACHER: "leerkracht",
}

DAY_CARE, TODDLER_GROUP, OUT_OF_SCHOOL_CARE = (
    LocationKind.DAY_CARE, LocationKind.TODDLER_GROUP, LocationKind.OUT_OF_SCHOOL_CARE,
)
REGULAR, VVE = Group.Kind.REGULAR, Group.Kind.VVE
MOTHER, FATHER, CARER, OTHER = (
    Guardian.Relation.MOTHER, Guardian.Relation.FATHER, Guardian.Relation.CARER, Guardian.Relation.OTHER,
)


@dataclass(frozen=True)
class GroupSpec:
    name: str
    kind: str
    min_age_months: int
    max_age_months: int


@dataclass(frozen=True)
class LocationSpec:
    organisation: str
    name: str
    kind: str
    district: str
    lrk_number: str
    address: str
    groups: tuple[GroupSpec, ...]


@dataclass(frozen=True)
class GuardianSpec:
    name: str
    relation: str
    language: str = "nl"
    authority: bool = True


@dataclass(frozen=True)
class ChildSpec:
    first_name: str
    last_name: str
    guardians: tuple[GuardianSpec, ...]


@dataclass(frozen=True)
class StaffSpec:
    username: str
    first_name: str
    last_name: str
    role: str
    location: str = ""  # childcare worker: the location's name
    groups: tuple[str, ...] = ()  # childcare worker: her groups at that location
    # safeguarding officer and pedagogical coach: the childcare organisation's (or youth health service's) name
    organisation: str = ""
    planner: bool = False  # specialist: plans the care provider's queue


@dataclass(frozen=True)
class MunicipalitySpec:
    name: str
    preset: str
    districts: tuple[str, ...]
    care_provider: str
    youth_health_service: str
    locations: tuple[LocationSpec, ...]
    children: tuple[ChildSpec, ...]
    staff: tuple[StaffSpec, ...] = field(default=())


def _kid(first_name, last_name, *guardians):
    return ChildSpec(first_name, last_name, tuple(guardians))


G = GuardianSpec

HOOGEVEEN = MunicipalitySpec(
    name="Hoogeveen",
    preset="hoogeveen",
    districts=("Centrum", "Krakeel", "Wolfsbos"),
    care_provider="Yorneo",
    youth_health_service="GGD Drenthe",
    locations=(
        LocationSpec("Spelerwijs", "Peuteropvang Het Palet", TODDLER_GROUP, "Krakeel", "183920475",
                     "Alteveerstraat 14, 7907 AC Hoogeveen",
                     (GroupSpec("Dolfijnen", VVE, 24, 48), GroupSpec("Zeesterren", VVE, 24, 48))),
        LocationSpec("Spelerwijs", "Kindercentrum De Klimboom", DAY_CARE, "Centrum", "271604839",
                     "Hoofdstraat 87, 7901 JP Hoogeveen",
                     (GroupSpec("Baby's", REGULAR, 0, 18), GroupSpec("Dreumesen", REGULAR, 12, 30),
                      GroupSpec("Peuters", VVE, 24, 48))),
        LocationSpec("Kinderopvang De Vlinderhof", "BSO De Vlinderhof", OUT_OF_SCHOOL_CARE, "Wolfsbos", "356018274",
                     "Wolfsbosstraat 3, 7908 BA Hoogeveen",
                     (GroupSpec("Onderbouw", REGULAR, 48, 83), GroupSpec("Bovenbouw", REGULAR, 84, 143))),
    ),
    children=(
        _kid("Sem", "de Vries", G("Anouk de Vries", MOTHER), G("Jeroen de Vries", FATHER)),
        _kid("Julia", "Mulder", G("Sanne Mulder", MOTHER)),
        _kid("Daan", "Bakker", G("Lotte Bakker", MOTHER), G("Mark Bakker", FATHER)),
        _kid("Tess", "Hoekstra", G("Ilse Hoekstra", MOTHER), G("Sjoerd Hoekstra", FATHER)),
        _kid("Finn", "Jansen", G("Marieke Jansen", MOTHER)),
        _kid("Lieke", "Bos", G("Femke Bos", MOTHER), G("Harm Bos", FATHER, authority=False)),
        _kid("Levi", "Smit", G("Esther Smit", MOTHER)),
        _kid("Noor", "Dekker", G("Kim Dekker", MOTHER), G("Bas Dekker", FATHER)),
        _kid("Jesse", "Meijer", G("Wendy Meijer", MOTHER)),
        _kid("Zoë", "Veenstra", G("Annemiek Veenstra", MOTHER), G("Roel Veenstra", FATHER)),
        _kid("Bram", "Kuiper", G("Janneke Kuiper", MOTHER)),
        _kid("Fenna", "Wiersma", G("Hilde Wiersma", MOTHER), G("Gerrit Wiersma", FATHER)),
        _kid("Oliwia", "Nowak", G("Agnieszka Nowak", MOTHER, "pl"), G("Tomasz Nowak", FATHER, "pl")),
        _kid("Jakub", "Kowalski", G("Katarzyna Kowalska", MOTHER, "pl")),
        _kid("Mila", "Hendriks", G("Petra Hendriks", MOTHER), G("Wim Hendriks", FATHER)),
        _kid("Luuk", "Prins", G("Carola Prins", MOTHER)),
        _kid("Evi", "Brouwer", G("Marloes Brouwer", MOTHER), G("Dennis Brouwer", FATHER)),
        _kid("Thijs", "Post", G("Anja Post", CARER)),
        _kid("Sara", "Lubbers", G("Inge Lubbers", MOTHER)),
        _kid("Mees", "Zwiers", G("Linda Zwiers", MOTHER), G("Erik Zwiers", FATHER)),
    ),
    staff=(
        StaffSpec("pmer.hoogeveen", "Marije", "Huisman", Role.CHILDCARE_WORKER,
                  location="Peuteropvang Het Palet", groups=("Dolfijnen", "Zeesterren")),
        StaffSpec("pmer2.hoogeveen", "Ellen", "Oosting", Role.CHILDCARE_WORKER,
                  location="Kindercentrum De Klimboom", groups=("Dreumesen", "Peuters")),
        StaffSpec("specialist.hoogeveen", "Karin", "Lanting", Role.SPECIALIST),
        StaffSpec("nurse.hoogeveen", "Gerda", "Wolters", Role.YOUTH_NURSE),
        StaffSpec("coordinator.hoogeveen", "Hans", "Smeenk", Role.COORDINATOR),
        StaffSpec("privacy.hoogeveen", "Sandra", "Kamping", Role.PRIVACY_OFFICER),
        StaffSpec("safeguarding.hoogeveen", "Monique", "Kroeze", Role.SAFEGUARDING_OFFICER,
                  organisation="Spelerwijs"),
        StaffSpec("coach.hoogeveen", "Ineke", "Hulsegge", Role.PEDAGOGICAL_COACH, organisation="Spelerwijs"),
        StaffSpec("safeguarding.ggd.hoogeveen", "Anita", "Bosma", Role.SAFEGUARDING_OFFICER,
                  organisation="GGD Drenthe"),
    ),
)

AMERSFOORT = MunicipalitySpec(
    name="Amersfoort",
    preset="amersfoort",
    districts=("Binnenstad", "Kattenbroek", "Vathorst"),
    care_provider="Youké",
    youth_health_service="GGD regio Utrecht",
    locations=(
        LocationSpec("Ska Kinderopvang", "Ska Kindercentrum Vathorst", DAY_CARE, "Vathorst", "412873590",
                     "Veenslag 2, 3825 VP Amersfoort",
                     (GroupSpec("Baby's", REGULAR, 0, 24), GroupSpec("Peuters", VVE, 24, 48))),
        LocationSpec("Ska Kinderopvang", "Ska Peuteropvang De Kikkerpoel", TODDLER_GROUP, "Kattenbroek", "538201746",
                     "Ringweg-Kattenbroek 50, 3824 CZ Amersfoort",
                     (GroupSpec("Kikkers", VVE, 30, 48), GroupSpec("Eendjes", VVE, 24, 36))),
        LocationSpec("Kinderopvang Het Zonnehuis", "BSO Het Zonnehuis", OUT_OF_SCHOOL_CARE, "Binnenstad",
                     "649357102", "Langestraat 40, 3811 AH Amersfoort",
                     (GroupSpec("Junioren", REGULAR, 48, 95), GroupSpec("Senioren", REGULAR, 96, 143))),
    ),
    children=(
        _kid("Emma", "van den Berg", G("Charlotte van den Berg", MOTHER), G("Thomas van den Berg", FATHER)),
        _kid("Lucas", "van Dijk", G("Eva van Dijk", MOTHER)),
        _kid("Sophie", "Visser", G("Maaike Visser", MOTHER), G("Pieter Visser", FATHER)),
        _kid("Noah", "Vermeulen", G("Laura Vermeulen", MOTHER)),
        _kid("Yasmin", "Bouzid", G("Nadia Bouzid", MOTHER, "ar"), G("Karim Bouzid", FATHER)),
        _kid("Adam", "El Idrissi", G("Samira El Idrissi", MOTHER, "ar")),
        _kid("Sofiia", "Kovalenko", G("Olena Kovalenko", MOTHER, "uk")),
        _kid("Maksym", "Bondarenko", G("Iryna Bondarenko", MOTHER, "uk"), G("Andriy Bondarenko", FATHER, "uk")),
        _kid("Saar", "de Graaf", G("Iris de Graaf", MOTHER)),
        _kid("Milan", "Koster", G("Rianne Koster", MOTHER), G("Joost Koster", FATHER)),
        _kid("Liv", "Schouten", G("Anne Schouten", MOTHER)),
        _kid("Hugo", "van Leeuwen", G("Floor van Leeuwen", MOTHER), G("Maarten van Leeuwen", FATHER)),
        _kid("Elif", "Demir", G("Zeynep Demir", MOTHER, "tr"), G("Emre Demir", FATHER, "tr")),
        _kid("Olivia", "Brown", G("Sarah Brown", MOTHER, "en"), G("James Brown", FATHER, "en")),
        _kid("Jens", "Willems", G("Marije Willems", MOTHER)),
        _kid("Isa", "Verbeek", G("Nicole Verbeek", MOTHER), G("Rob Verbeek", FATHER)),
        _kid("Ravi", "Ramdin", G("Sunita Ramdin", MOTHER)),
        _kid("Lotte", "Hermans", G("Joyce Hermans", MOTHER), G("Patrick Jacobs", OTHER, authority=False)),
        _kid("Gijs", "Bosman", G("Ellen Bosman", MOTHER), G("Frank Bosman", FATHER)),
        _kid("Nina", "Peters", G("Sabine Peters", MOTHER)),
    ),
    staff=(
        StaffSpec("pmer.amersfoort", "Naima", "Aziz", Role.CHILDCARE_WORKER,
                  location="Ska Peuteropvang De Kikkerpoel", groups=("Kikkers", "Eendjes")),
        StaffSpec("pmer2.amersfoort", "Ingrid", "van Rooijen", Role.CHILDCARE_WORKER,
                  location="Ska Kindercentrum Vathorst", groups=("Baby's", "Peuters")),
        StaffSpec("planner.amersfoort", "Jolanda", "Verhoef", Role.SPECIALIST, planner=True),
        StaffSpec("specialist.amersfoort", "Rick", "Janssen", Role.SPECIALIST),
        StaffSpec("nurse.amersfoort", "Marloes", "Timmer", Role.YOUTH_NURSE),
        StaffSpec("coordinator.amersfoort", "Dirk", "van Beek", Role.COORDINATOR),
        StaffSpec("privacy.amersfoort", "Yvonne", "de Boer", Role.PRIVACY_OFFICER),
        StaffSpec("safeguarding.amersfoort", "Petra", "Vos", Role.SAFEGUARDING_OFFICER,
                  organisation="Ska Kinderopvang"),
        StaffSpec("safeguarding.ggd.amersfoort", "Joke", "van Dam", Role.SAFEGUARDING_OFFICER,
                  organisation="GGD regio Utrecht"),
    ),
)

AMSTERDAM = MunicipalitySpec(
    name="Amsterdam",
    preset="amsterdam",
    districts=("Nieuw-West", "Noord", "Zuidoost"),
    care_provider="MOC 't Kabouterhuis",
    youth_health_service="GGD Amsterdam",
    locations=(
        LocationSpec("Kinderopvang Het Speelkwartier", "Het Speelkwartier Slotervaart", DAY_CARE, "Nieuw-West",
                     "725064318", "Johan Huizingalaan 120, 1065 JB Amsterdam",
                     (GroupSpec("Baby's", REGULAR, 0, 18), GroupSpec("Dreumesen", REGULAR, 12, 30),
                      GroupSpec("Peuters", VVE, 24, 48))),
        LocationSpec("Kinderopvang Het Speelkwartier", "Het Speelkwartier Noord", TODDLER_GROUP, "Noord",
                     "810947263", "Meeuwenlaan 60, 1021 HS Amsterdam",
                     (GroupSpec("Zon", VVE, 30, 48), GroupSpec("Maan", VVE, 24, 36))),
        LocationSpec("Kinderdagverblijf De Kleine Reus", "BSO De Kleine Reus", OUT_OF_SCHOOL_CARE, "Zuidoost",
                     "937215480", "Bijlmerdreef 101, 1102 BR Amsterdam",
                     (GroupSpec("Ontdekkers", REGULAR, 48, 95), GroupSpec("Avonturiers", REGULAR, 96, 143))),
    ),
    children=(
        _kid("Aya", "El Amrani", G("Fatima El Amrani", MOTHER, "ar"), G("Mohamed El Amrani", FATHER)),
        _kid("Yusuf", "Yılmaz", G("Ayşe Yılmaz", MOTHER, "tr"), G("Mehmet Yılmaz", FATHER, "tr")),
        _kid("Amira", "Ouahabi", G("Khadija Ouahabi", MOTHER, "ar")),
        _kid("Mohammed", "Benali", G("Hanan Benali", MOTHER), G("Youssef Benali", FATHER)),
        _kid("Zeynep", "Kaya", G("Fatma Kaya", MOTHER, "tr")),
        _kid("Emir", "Aydın", G("Elif Aydın", MOTHER), G("Burak Aydın", FATHER, "tr")),
        _kid("Jayden", "Pinas", G("Shanice Pinas", MOTHER)),
        _kid("Quincy", "Tjon-A-Fong", G("Priscilla Tjon-A-Fong", MOTHER), G("Marvin Tjon-A-Fong", FATHER)),
        _kid("Anna", "de Jong", G("Merel de Jong", MOTHER), G("Sander de Jong", FATHER)),
        _kid("Max", "van der Meer", G("Roos van der Meer", MOTHER)),
        _kid("Julia", "Kowalczyk", G("Magdalena Kowalczyk", MOTHER, "pl")),
        _kid("Danylo", "Melnyk", G("Oksana Melnyk", MOTHER, "uk")),
        _kid("Ethan", "Murphy", G("Siobhan Murphy", MOTHER, "en"), G("Liam Murphy", FATHER, "en")),
        _kid("Fleur", "Groen", G("Annelies Groen", MOTHER)),
        _kid("Ilias", "Amrani", G("Loubna Amrani", MOTHER, "ar"), G("Rachid Amrani", FATHER)),
        _kid("Hiba", "Chaoui", G("Souad Chaoui", MOTHER, "ar")),
        _kid("Vince", "Schipper", G("Kirsten Schipper", MOTHER), G("Ruben Schipper", FATHER)),
        _kid("Lina", "Öztürk", G("Derya Öztürk", MOTHER, "tr")),
        _kid("Stijn", "Koning", G("Hanneke Koning", MOTHER)),
        _kid("Mats", "Dijkstra", G("Jolien Dijkstra", MOTHER), G("Koen Dijkstra", FATHER)),
    ),
    staff=(
        StaffSpec("pmer.amsterdam", "Samira", "Haddou", Role.CHILDCARE_WORKER,
                  location="Het Speelkwartier Slotervaart", groups=("Dreumesen", "Peuters")),
        StaffSpec("pmer2.amsterdam", "Demi", "Verhagen", Role.CHILDCARE_WORKER,
                  location="Het Speelkwartier Noord", groups=("Zon", "Maan")),
        StaffSpec("specialist.amsterdam", "Eline", "Sluiter", Role.SPECIALIST),
        StaffSpec("nurse.amsterdam", "Wilma", "Boer", Role.YOUTH_NURSE),
        StaffSpec("coordinator.amsterdam", "Ahmed", "Ouali", Role.COORDINATOR),
        StaffSpec("privacy.amsterdam", "Marleen", "Kok", Role.PRIVACY_OFFICER),
        StaffSpec("safeguarding.amsterdam", "Bianca", "Hoek", Role.SAFEGUARDING_OFFICER,
                  organisation="Kinderopvang Het Speelkwartier"),
        StaffSpec("safeguarding.ggd.amsterdam", "Nadia", "Bakkali", Role.SAFEGUARDING_OFFICER,
                  organisation="GGD Amsterdam"),
    ),
)

MUNICIPALITIES = (HOOGEVEEN, AMERSFOORT, AMSTERDAM)

# Not tied to a municipality.
@dataclass(frozen=True)
class SchoolSpec:
    municipality: str
    board: str
    name: str
    brin_number: str
    district: str
    address: str
    classes: tuple[GroupSpec, ...]
    pupils: tuple[ChildSpec, ...]
    teacher: StaffSpec
    fixed_contacts: tuple[str, ...]


SCHOOL = SchoolSpec(
    municipality="Hoogeveen", board="Stichting Bijeen Hoogeveen", name="Obs De Wiekslag", brin_number="17WK00",
    district="Centrum", address="Wiekslag 2, 7908 PL Hoogeveen",
    classes=(GroupSpec("Groep 1-2", REGULAR, 48, 84), GroupSpec("Groep 3", REGULAR, 72, 96)),
    pupils=(
        _kid("Jens", "Hofstee", G("Ria Hofstee", MOTHER), G("Albert Hofstee", FATHER)),
        _kid("Lotte", "Scholten", G("Margreet Scholten", MOTHER)),
        _kid("Yusuf", "Demir", G("Elif Demir", MOTHER, "tr"), G("Murat Demir", FATHER, "tr")),
        _kid("Isa", "Boer", G("Judith Boer", MOTHER)),
    ),
    teacher=StaffSpec("leerkracht.hoogeveen", "Anke", "Zuidema", Role.TEACHER),
    fixed_contacts=("specialist.hoogeveen", "nurse.hoogeveen"),
)

PROGRAMME_STAFF = (
    StaffSpec("programme", "Annemarie", "Steenbergen", Role.PROGRAMME_COORDINATOR),
    StaffSpec("admin", "Bas", "van Wijk", Role.FUNCTIONAL_ADMINISTRATOR),
)

# The days each specialist and youth nurse works for the programme (0 is Monday). Without them the
# coordinator's first half-year plan had no day to place a visit on.
WORKING_DAYS = {
    "specialist.hoogeveen": (0, 1, 3),
    "nurse.hoogeveen": (1, 2, 4),
    "planner.amersfoort": (0, 1, 2, 3),
    "specialist.amersfoort": (1, 2, 3),
    "nurse.amersfoort": (0, 2, 4),
    "specialist.amsterdam": (0, 2, 3),
    "nurse.amsterdam": (1, 3, 4),
}
# Hours per district in a year, for the district's care provider and its youth health service;
# enough for the preventive visits and walk-in hours the demo's ways of working ask for.
BUDGET_HOURS = {"care_provider": 160, "youth_health_service": 80}

# The youngest child a day care takes in the demo (no newborns on the group).
YOUNGEST_MONTHS = 3


def _number(text: str, digits: int) -> int:
    """A stable pseudo-random number for `text`: the same on every run and every machine."""
    return int(hashlib.sha256(text.encode()).hexdigest(), 16) % 10**digits


def _email_local_part(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name.replace("ı", "i")).encode("ascii", "ignore").decode()
    return ".".join(ascii_name.lower().replace("'", "").replace("-", " ").split())


def _months_before(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def birth_date_for(group: Group, key: str, today: date) -> date:
    """A birth date that makes the child between the group's youngest and oldest age today."""
    youngest = max(group.min_age_months, YOUNGEST_MONTHS)
    oldest = max(group.max_age_months - 1, youngest)  # a month of margin below the upper bound
    months = youngest + _number(f"{key}:months", 6) % (oldest - youngest + 1)
    # Up to 20 days back stays within the same completed month of age.
    return _months_before(today, months) - timedelta(days=_number(f"{key}:days", 6) % 21)


class Command(BaseCommand):
    help = "Loads demo data for Hoogeveen, Amersfoort and Amsterdam (idempotent) and prints the demo logins."

    def handle(self, *args, **options):
        self.created = Counter()
        self.logins = []  # (role, username, municipality name)
        with transaction.atomic():
            admin_is_new = self._load()
        # After the commit, so the mail never describes data that was rolled back.
        if admin_is_new:
            self._send_welcome_mail(User.objects.get(username="admin"))
        self._print_summary()
        call_command("load_demo_surveys", stdout=self.stdout)
        self._print_logins()

    # Loading -------------------------------------------------------------------------------

    def _get_or_create(self, model, lookup: dict, defaults: dict | None = None):
        """Find the row by its natural key, or validate a new one with full_clean and save it."""
        obj = model.objects.filter(**lookup).first()
        if obj is not None:
            return obj, False
        obj = model(**lookup, **(defaults or {}))
        obj.full_clean()
        obj.save()
        self.created[model.__name__] += 1
        return obj, True

    def _load(self) -> bool:
        today = timezone.localdate()
        for spec in MUNICIPALITIES:
            self._load_municipality(spec, today)
        self._load_meldcode()
        self._load_school(today)
        admin_is_new = False
        for staff in PROGRAMME_STAFF:
            user, created = self._user(staff)
            self._membership(user, staff.role, {})
            self.logins.append((staff.role, staff.username, ""))
            admin_is_new |= created and staff.role == Role.FUNCTIONAL_ADMINISTRATOR
        self._load_visits()
        return admin_is_new

    def _load_visits(self):
        """Cases in every state of each municipality's way of working, with their visits, advice and
        records (demo/casework_demo.py), made through the services."""
        from demo.casework_demo import load_demo_cases

        if made := load_demo_cases():
            self.created["Case"] += made

    def _load_municipality(self, spec: MunicipalitySpec, today: date):
        municipality = Municipality.objects.filter(name=spec.name).first()
        if municipality is None:
            municipality = municipality_create(name=spec.name, preset=spec.preset)
            self.created[Municipality.__name__] += 1
        configuration = ProgrammeConfiguration.objects.get(municipality=municipality)

        districts = {
            name: self._get_or_create(District, {"municipality": municipality, "name": name})[0]
            for name in spec.districts
        }
        care_provider = self._get_or_create(CareProvider, {"name": spec.care_provider})[0]
        care_provider.municipalities.add(municipality)
        youth_health_service = self._get_or_create(YouthHealthService, {"name": spec.youth_health_service})[0]
        youth_health_service.municipalities.add(municipality)

        locations, groups = {}, []
        for location_spec in spec.locations:
            organisation = self._get_or_create(ChildcareOrganisation, {"name": location_spec.organisation})[0]
            location = self._get_or_create(
                Location,
                {"lrk_number": location_spec.lrk_number},
                {"organisation": organisation, "district": districts[location_spec.district],
                 "name": location_spec.name, "kind": location_spec.kind, "street_address": location_spec.address},
            )[0]
            locations[location_spec.name] = location
            for group_spec in location_spec.groups:
                groups.append(self._get_or_create(
                    Group,
                    {"location": location, "name": group_spec.name},
                    {"kind": group_spec.kind, "min_age_months": group_spec.min_age_months,
                     "max_age_months": group_spec.max_age_months},
                )[0])

        self._load_children(spec, groups, today)
        self._load_staff(spec, municipality, configuration, locations, care_provider, youth_health_service)
        self._load_schedule(spec, districts.values(), care_provider, youth_health_service, today)

    def _load_schedule(self, spec, districts, care_provider, youth_health_service, today: date):
        """Working days for the municipality's specialists and youth nurses, and an hour budget per
        district for this year and the next, for its care provider and its youth health service:
        what the coordinator's first half-year plan needs before it can place a visit."""
        from scheduling.models import Availability, HourBudget
        from scheduling.services import availability_set

        for staff in spec.staff:
            if staff.role not in (Role.SPECIALIST, Role.YOUTH_NURSE) or staff.username not in WORKING_DAYS:
                continue
            user = User.objects.get(username=staff.username)
            if not Availability.objects.filter(professional=user).exists():
                availability_set(professional=user, weekdays=WORKING_DAYS[staff.username], by=user)
                self.created[Availability.__name__] += 1
        for district in districts:
            for year in (today.year, today.year + 1):
                self._get_or_create(HourBudget, {"district": district, "care_provider": care_provider, "year": year},
                                    {"hours": BUDGET_HOURS["care_provider"]})
                self._get_or_create(HourBudget, {"district": district, "youth_health_service": youth_health_service,
                                                 "year": year}, {"hours": BUDGET_HOURS["youth_health_service"]})

    def _load_children(self, spec: MunicipalitySpec, groups: list[Group], today: date):
        """The municipality's children, dealt over its groups in turn."""
        new_guardians = []
        for index, child_spec in enumerate(spec.children):
            group = groups[index % len(groups)]
            key = f"{spec.name}:{child_spec.first_name} {child_spec.last_name}"
            child, created = self._get_or_create(
                Child,
                {"group": group, "first_name": child_spec.first_name, "last_name": child_spec.last_name},
                {"date_of_birth": birth_date_for(group, key, today)},
            )
            if not created:
                continue
            for guardian_spec in child_spec.guardians:
                guardian = Guardian(
                    child=child,
                    name=guardian_spec.name,
                    relation=guardian_spec.relation,
                    has_parental_authority=guardian_spec.authority,
                    preferred_language=guardian_spec.language,
                    email=f"{_email_local_part(guardian_spec.name)}@example.org",
                    phone=f"06-{10_000_000 + _number(guardian_spec.name + ':phone', 8) % 50_000_000}",
                )
                guardian.full_clean()
                new_guardians.append(guardian)
        if new_guardians:
            Guardian.objects.bulk_create(new_guardians)
            self.created[Guardian.__name__] += len(new_guardians)

    def _load_staff(self, spec, municipality, configuration, locations, care_provider, youth_health_service):
        all_locations = list(locations.values())
        # Fixed contacts follow the municipality's configuration, not its name.
        specialist_is_fixed_contact = configuration.assignment == ProgrammeConfiguration.Assignment.FIXED_CONTACT
        nurse_is_fixed_contact = (
            configuration.nurse_involved_before_observation or configuration.walk_in_hours_per_year > 0
        )
        for staff in spec.staff:
            user = self._user(staff)[0]
            fixed_contact_for = []
            if staff.role == Role.CHILDCARE_WORKER:
                location = locations[staff.location]
                membership = self._membership(user, staff.role, {"location": location})
                membership.groups.add(*Group.objects.filter(location=location, name__in=staff.groups))
            elif staff.role == Role.SPECIALIST:
                membership = self._membership(
                    user, staff.role, {"care_provider": care_provider}, {"is_planner": staff.planner}
                )
                if specialist_is_fixed_contact and not staff.planner:
                    fixed_contact_for = all_locations
            elif staff.role == Role.YOUTH_NURSE:
                membership = self._membership(user, staff.role, {"youth_health_service": youth_health_service})
                if nurse_is_fixed_contact:
                    fixed_contact_for = all_locations
            elif staff.role in (Role.COORDINATOR, Role.PRIVACY_OFFICER):
                membership = self._membership(user, staff.role, {"municipality": municipality})
            elif staff.role == Role.PEDAGOGICAL_COACH:
                organisation = ChildcareOrganisation.objects.get(name=staff.organisation)
                membership = self._membership(user, staff.role, {"childcare_organisation": organisation})
            elif staff.role == Role.SAFEGUARDING_OFFICER:
                # A childcare organisation's officer, or the youth health service's own (for the
                # youth nurses' reporting-code paths).
                service = YouthHealthService.objects.filter(name=staff.organisation).first()
                scope = ({"youth_health_service": service} if service is not None else
                         {"childcare_organisation": ChildcareOrganisation.objects.get(name=staff.organisation)})
                membership = self._membership(user, staff.role, scope)
            else:
                raise ValueError(f"No municipal scope for role {staff.role}")
            if fixed_contact_for:
                membership.fixed_contact_for.add(*fixed_contact_for)
            self.logins.append((staff.role, staff.username, spec.name))

    def _load_school(self, today: date):
        """Hoogeveen's primary schools take part (issue 17 item 5): the research report's Hoogeveen
        way of working keeps contact with the primary school (the warm handover, the youth nurse in
        touch with childcare and school), so that is where the demo extends the approach. One school
        board, one school location with two classes and a few pupils, and its teacher; the
        municipality's specialist and nurse are its fixed contacts as for the childcare locations."""
        spec = SCHOOL
        municipality = Municipality.objects.get(name=spec.municipality)
        configuration = ProgrammeConfiguration.objects.get(municipality=municipality)
        if not configuration.primary_schools_take_part:
            configuration.primary_schools_take_part = True
            configuration.save(update_fields=["primary_schools_take_part"])
        board = self._get_or_create(ChildcareOrganisation, {"name": spec.board},
                                    {"kind": OrganisationKind.SCHOOL_BOARD})[0]
        school = self._get_or_create(
            Location, {"brin_number": spec.brin_number},
            {"organisation": board, "district": District.objects.get(municipality=municipality, name=spec.district),
             "name": spec.name, "kind": LocationKind.PRIMARY_SCHOOL, "lrk_number": None,
             "street_address": spec.address})[0]
        classes = [self._get_or_create(Group, {"location": school, "name": c.name},
                                       {"kind": c.kind, "min_age_months": c.min_age_months,
                                        "max_age_months": c.max_age_months})[0] for c in spec.classes]
        self._load_children(MunicipalitySpec(spec.municipality, "", (), "", "", (), spec.pupils), classes, today)
        teacher = self._user(spec.teacher)[0]
        self._membership(teacher, Role.TEACHER, {"location": school})
        self.logins.append((Role.TEACHER, spec.teacher.username, spec.municipality))
        for username in spec.fixed_contacts:
            membership = Membership.objects.get(user__username=username, role__in=(Role.SPECIALIST, Role.YOUTH_NURSE))
            membership.fixed_contact_for.add(school)

    def _load_meldcode(self):
        """One reporting-code path in Hoogeveen: the pm'er of Het Palet recorded signals about a
        child of her location and consulted the safeguarding officer of Spelerwijs, who sees it on
        her home page. Nobody else does."""
        from safeguarding.models import ConsultedWith, MeldcodeEntry, MeldcodePath, Step

        pmer = User.objects.get(username="pmer.hoogeveen")
        if MeldcodePath.objects.filter(started_by=pmer).exists():
            return
        location = Location.objects.get(name="Peuteropvang Het Palet")
        child = Child.objects.filter(group__location=location).order_by("last_name", "first_name").first()
        started = timezone.now() - timedelta(days=3)
        path = MeldcodePath(child=child, started_by=pmer, started_at=started,
                            childcare_organisation=location.organisation)
        path.full_clean()
        path.save()
        MeldcodeEntry.objects.create(
            path=path, step=Step.SIGNALS, by=pmer, at=started,
            text="Komt de laatste weken vaak hongerig en in dezelfde kleren; schrikt als een volwassene "
                 "de stem verheft. Maandag een blauwe plek op de bovenarm gezien bij het verschonen.")
        MeldcodeEntry.objects.create(
            path=path, step=Step.CONSULTATION, by=pmer, at=started + timedelta(days=1),
            consulted_with=ConsultedWith.SAFEGUARDING_OFFICER, held_on=timezone.localdate(started + timedelta(days=1)),
            text="Besproken met de aandachtsfunctionaris: signalen twee weken verder vastleggen en "
                 "het gesprek met moeder voorbereiden.")
        self.created[MeldcodePath.__name__] += 1
        self.created[MeldcodeEntry.__name__] += 2

    def _user(self, staff: StaffSpec):
        user = User.objects.filter(username=staff.username).first()
        if user is not None:
            self._demo_totp(user)
            return user, False
        local_part = _email_local_part(f"{staff.first_name} {staff.last_name}")
        user = User(username=staff.username, first_name=staff.first_name, last_name=staff.last_name,
                    email=f"{local_part}@example.org")
        user.set_password(DEMO_PASSWORD)
        user.full_clean()
        user.save()
        self._demo_totp(user)
        self.created[User.__name__] += 1
        return user, True

    def _demo_totp(self, user):
        from django_otp.plugins.otp_totp.models import TOTPDevice

        if not TOTPDevice.objects.filter(user=user, confirmed=True, key=DEMO_TOTP_KEY).exists():
            TOTPDevice.objects.filter(user=user).delete()
            TOTPDevice.objects.create(user=user, name="app", key=DEMO_TOTP_KEY, confirmed=True)

    def _membership(self, user, role, scope: dict, defaults: dict | None = None) -> Membership:
        return self._get_or_create(Membership, {"user": user, "role": role, **scope}, defaults)[0]

    # Mail and output -------------------------------------------------------------------------

    def _send_welcome_mail(self, admin):
        """One mail so the demo mailbox is not empty. Like every mail of the app: no child data."""
        send_mail(
            subject="Welkom bij de Alert4you-demo",
            message=(
                f"Beste {admin.first_name},\n\n"
                f"De demo van Alert4you staat klaar op {self._url()}\n\n"
                "Alle demo-accounts gebruiken hetzelfde wachtwoord; het overzicht van de logins staat in de "
                "uitvoer van scripts/demo. Als functioneel beheerder zie je in de mailbox van de app alle e-mail die "
                "de demo verstuurt, ook die aan ouders.\n\n"
                "Met vriendelijke groet,\nAlert4you"
            ),
            from_email=None,
            recipient_list=[admin.email],
        )

    def _url(self) -> str:
        """Where the demo is reached: SITE_URL, as every link in a mail (scripts/demo sets it from PORT)."""
        return f"{settings.SITE_URL}/"

    def _print_summary(self):
        if self.created:
            made = ", ".join(f"{count} {name}" for name, count in sorted(self.created.items()))
            self.stdout.write(f"Demo data loaded: {made}.")
        else:
            self.stdout.write("Demo data already loaded: nothing to add.")

    def _print_logins(self):
        roles = list(Role)
        municipalities = ["", *(spec.name for spec in MUNICIPALITIES)]
        rows = sorted(self.logins, key=lambda row: (roles.index(row[0]), municipalities.index(row[2]), row[1]))
        with translation.override("en"):
            table = [
                (ROLE_IN_DUTCH[role], str(Role(role).label), username, DEMO_PASSWORD, municipality or "-")
                for role, username, municipality in rows
            ]
        header = ("Rol", "Role", "Gebruikersnaam / username", "Wachtwoord / password", "Gemeente / municipality")
        widths = [max(len(row[i]) for row in [header, *table]) for i in range(len(header))]

        def line(cells):
            return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()

        self.stdout.write("")
        self.stdout.write("Demo logins (one password for all):")
        self.stdout.write(line(header))
        self.stdout.write(line(["-" * width for width in widths]))
        for row in table:
            self.stdout.write(line(row))
        self._print_second_factor()
        self.stdout.write("")
        self.stdout.write(f"Alert4you runs at {self._url()} (log in with a username above).")

    def _print_second_factor(self):
        import base64
        import io

        import segno

        secret = base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode()
        url = f"otpauth://totp/Alert4you:demo?secret={secret}&issuer=Alert4you&digits=6&period=30"
        self.stdout.write("")
        self.stdout.write("Second factor: after the password the app asks for a code from an authenticator app.")
        self.stdout.write(f"Every demo account has the same key (demo only): {secret}")
        self.stdout.write("Scan this QR code with the app, type the key into it, or run: oathtool --totp -b " + secret)
        # Through a buffer: Django's OutputWrapper adds a newline to every write, which would
        # double-space the rows segno writes and make the code unscannable.
        qr = io.StringIO()
        segno.make(url, error="l").terminal(out=qr, compact=True, border=2)
        self.stdout.write(qr.getvalue(), ending="")
        self.stdout.write(f"({url})")
        self.stdout.write("Tick 'Trust this device' once and this browser skips the code for 30 days.")
