import datetime

import factory

from children.models import Child, Guardian
from tests.organisations.factories import GroupFactory


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    date_of_birth = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=3 * 365))  # noqa: DTZ011
    group = factory.SubFactory(GroupFactory)


class GuardianFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guardian

    child = factory.SubFactory(ChildFactory)
    name = factory.Faker("name", locale="nl_NL")
    relation = Guardian.Relation.MOTHER
    email = factory.Sequence(lambda n: f"ouder{n}@example.org")
