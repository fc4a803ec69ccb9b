import datetime
from decimal import Decimal

import factory

from compliance.models import Contract, Opportunity
from partners.models import Experience
from tests.partners.factories import OrganizationFactory


class ContractFactory(factory.django.DjangoModelFactory):
    """A standard contract of one year from 2024-01-01, signed with other proof."""

    class Meta:
        model = Contract

    number = factory.Sequence(lambda n: f"C-{n:05d}")
    contractor = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"Contract {n}")
    value = Decimal("250000.00")
    start_date = datetime.date(2024, 1, 1)
    end_date = factory.LazyAttribute(
        lambda o: o.start_date.replace(year=o.start_date.year + 1) - datetime.timedelta(days=1)
    )
    signed_date = factory.LazyAttribute(lambda o: o.start_date - datetime.timedelta(days=10))
    other_proof = "Confirmation email attached to the contract"


class OpportunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opportunity

    organization = factory.SubFactory(OrganizationFactory)
    delivered_on = datetime.date(2024, 3, 1)
    experience = factory.LazyFunction(lambda: Experience.objects.get(code="job_shadow"))
    note = factory.Sequence(lambda n: f"Opportunity {n}")
