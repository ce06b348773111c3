import factory

from organisations.models import (
    CareProvider,
    ChildcareOrganisation,
    District,
    Group,
    Location,
    LocationKind,
    Municipality,
    YouthHealthService,
)
from organisations.services import municipality_create


class MunicipalityFactory(factory.django.DjangoModelFactory):
    """A municipality with its own copy of a preset configuration."""

    class Meta:
        model = Municipality

    name = factory.Sequence(lambda n: f"Gemeente {n}")

    @classmethod
    def _create(cls, model_class, *args, preset="hoogeveen", **kwargs):
        return municipality_create(name=kwargs["name"], preset=preset)


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Wijk {n}")


class ChildcareOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChildcareOrganisation

    name = factory.Sequence(lambda n: f"Kinderopvang {n}")


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    organisation = factory.SubFactory(ChildcareOrganisationFactory)
    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"Locatie {n}")
    kind = LocationKind.TODDLER_GROUP
    lrk_number = factory.Sequence(lambda n: f"{100000000 + n:09d}")


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group

    location = factory.SubFactory(LocationFactory)
    name = factory.Sequence(lambda n: f"Groep {n}")
    min_age_months = 24
    max_age_months = 48


class CareProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CareProvider

    name = factory.Sequence(lambda n: f"Jeugdhulp {n}")


class YouthHealthServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = YouthHealthService

    name = factory.Sequence(lambda n: f"GGD {n}")
