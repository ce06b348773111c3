"""Schools for the tests (issue 17 item 5): a school board's primary school location, its classes."""

import factory

from organisations.models import LocationKind, OrganisationKind
from tests.organisations.factories import ChildcareOrganisationFactory, GroupFactory, LocationFactory


class SchoolBoardFactory(ChildcareOrganisationFactory):
    name = factory.Sequence(lambda n: f"Schoolbestuur {n}")
    kind = OrganisationKind.SCHOOL_BOARD


class SchoolLocationFactory(LocationFactory):
    organisation = factory.SubFactory(SchoolBoardFactory)
    name = factory.Sequence(lambda n: f"Basisschool {n}")
    kind = LocationKind.PRIMARY_SCHOOL
    lrk_number = None
    brin_number = factory.Sequence(lambda n: f"{10 + n // 2600 % 90:02d}{chr(65 + n // 26 % 26)}{chr(65 + n % 26)}00")


class SchoolClassFactory(GroupFactory):
    location = factory.SubFactory(SchoolLocationFactory)
    name = factory.Sequence(lambda n: f"Groep {n % 8 + 1}{chr(97 + n // 8 % 26)}")
    min_age_months = 72
    max_age_months = 96
