import datetime

import factory

from children.models import Child, Guardian
from tests.organisations.factories import GroupFactory

# Children get names no Faker-made professional or guardian shares and no UI text contains, and
# consecutive children never share one: tests assert that a child's name is absent from a page,
# and a colleague called "Mare" on the same page must not make such a test fail at random.
CHILD_FIRST_NAMES = (
    "Wiepkje", "Jurriaan", "Wietske", "Sjuk", "Marrigje", "Tjeerd", "Hiltje", "Okke", "Geeske", "Ynte",
    "Aafke", "Doutzen", "Feike", "Hessel", "Jildou", "Lolkje", "Mintje", "Oebele", "Pietje", "Rixt",
    "Sietske", "Tsjalle", "Wopke", "Ypkje", "Baukje", "Douwe", "Froukje", "Gerbrich", "Harmke", "Jitske",
)
CHILD_LAST_NAMES = (
    "Oudshoorn", "Terpstra", "Wijbenga", "Hiemstra", "Dykstra", "Zijlstra", "Bergsma", "Anema", "Poppema",
    "Kingmans", "Sikkema", "Visscher", "Bruinsma", "Hettema", "Jelsma", "Kalsbeek", "Lautenbach",
)


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    first_name = factory.Sequence(lambda n: CHILD_FIRST_NAMES[n % len(CHILD_FIRST_NAMES)])
    last_name = factory.Sequence(lambda n: CHILD_LAST_NAMES[n % len(CHILD_LAST_NAMES)])
    date_of_birth = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=3 * 365))  # noqa: DTZ011
    group = factory.SubFactory(GroupFactory)


class GuardianFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guardian

    child = factory.SubFactory(ChildFactory)
    name = factory.Faker("name", locale="nl_NL")
    relation = Guardian.Relation.MOTHER
    email = factory.Sequence(lambda n: f"ouder{n}@example.org")
