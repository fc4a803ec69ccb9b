import datetime
from decimal import Decimal

import factory

from expo.models import ExpoEdition, Registration, SponsorLevel
from tests.partners.factories import OrganizationFactory


class ExpoEditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpoEdition
        django_get_or_create = ("year",)

    date = datetime.date(2024, 3, 12)
    year = factory.SelfAttribute("date.year")
    venue = "Portland Expo Center"
    registration_deadline = factory.LazyAttribute(lambda o: o.date - datetime.timedelta(days=45))
    booth_capacity = 100


class SponsorLevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SponsorLevel

    edition = factory.SubFactory(ExpoEditionFactory)
    name = factory.Sequence(lambda n: f"Level {n}")
    price = Decimal("10000.00")
    exhibitor_equivalent = False


class RegistrationFactory(factory.django.DjangoModelFactory):
    """An exhibitor registration; pass kind="sponsor" and sponsor_level for a sponsor."""

    class Meta:
        model = Registration

    edition = factory.SubFactory(ExpoEditionFactory)
    organization = factory.SubFactory(OrganizationFactory)
    kind = Registration.Kind.EXHIBITOR
    source = Registration.Source.STAFF
