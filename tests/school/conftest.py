"""A world with primary schools (issue 17 item 5), on top of casework's staffed world `cw`:

- Hoogeveen's schools take part: "De Regenboog" (a school board's location in Hoogeveen's district)
  with class "Groep 4" (a child of 7, one of 12) and a teacher, Juf Anke;
- Amersfoort's schools do not take part: "De Wilgen" with its own teacher and a child of 8.
"""

import datetime

import pytest

from accounts.models import Membership, Role
from tests.accounts.factories import member
from tests.casework.conftest import cw, media_in_tmp  # noqa: F401  (the staffed world, media in a temp dir)
from tests.children.factories import ChildFactory, GuardianFactory
from tests.organisations.school_factories import SchoolBoardFactory, SchoolClassFactory, SchoolLocationFactory


def years_ago(years, days=0):
    today = datetime.date.today()  # noqa: DTZ011
    try:
        born = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        born = today.replace(year=today.year - years, day=28)
    return born - datetime.timedelta(days=days)


@pytest.fixture
def sw(cw):  # noqa: F811
    w = cw
    configuration = w.municipality.configuration  # the object the world's locations reach
    configuration.primary_schools_take_part = True
    configuration.save()
    w.board = SchoolBoardFactory(name="Stichting Openbaar Onderwijs Hoogeveen")
    w.school = SchoolLocationFactory(organisation=w.board, district=w.location_a.district, name="De Regenboog",
                                     brin_number="12AB00")
    w.school_class = SchoolClassFactory(location=w.school, name="Groep 4", min_age_months=72, max_age_months=144)
    w.pupil = ChildFactory(group=w.school_class, date_of_birth=years_ago(7))
    w.pupil_of_twelve = ChildFactory(group=w.school_class, date_of_birth=years_ago(12))
    for child in (w.pupil, w.pupil_of_twelve):
        GuardianFactory(child=child)
    w.teacher = member(Role.TEACHER, location=w.school)
    Membership.objects.get(user=w.fixed_specialist).fixed_contact_for.add(w.school)
    w.school_c = SchoolLocationFactory(district=w.location_c.district, name="De Wilgen", brin_number="34CD01")
    w.class_c = SchoolClassFactory(location=w.school_c, name="Groep 5", min_age_months=84, max_age_months=144)
    w.pupil_c = ChildFactory(group=w.class_c, date_of_birth=years_ago(8))
    GuardianFactory(child=w.pupil_c)
    w.teacher_c = member(Role.TEACHER, location=w.school_c)
    return w
