import factory
from django.utils import timezone

from accounts.roles import Role
from partners.models import (
    Contribution,
    Experience,
    Organization,
    OrganizationType,
    Partner,
    PartnerRole,
    Pathway,
)
from partners.services import partner_facts_refresh, zip_code_coordinates
from tests.accounts.factories import UserFactory


def catalog(model, *codes):
    return list(model.objects.filter(code__in=codes))


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organization {n}")
    type = factory.LazyFunction(lambda: OrganizationType.objects.get(code="business"))


class PartnerFactory(factory.django.DjangoModelFactory):
    """A partner who submitted the survey; catalog choices are given as codes."""

    class Meta:
        model = Partner
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory, roles=[Role.PARTNER])
    first_name = factory.SelfAttribute("user.first_name")
    last_name = factory.SelfAttribute("user.last_name")
    email = factory.SelfAttribute("user.email")
    zip_code = "97209"
    latitude = factory.LazyAttribute(lambda o: zip_code_coordinates(o.zip_code)[0])
    longitude = factory.LazyAttribute(lambda o: zip_code_coordinates(o.zip_code)[1])
    confirmation_number = factory.Sequence(lambda n: f"PC-T{n:07d}")
    submitted_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        self.roles.set(catalog(PartnerRole, *(extracted or ["volunteer"])))

    @factory.post_generation
    def experiences(self, create, extracted, **kwargs):
        self.experiences.set(catalog(Experience, *(extracted or ["job_shadow"])))

    @factory.post_generation
    def contributions(self, create, extracted, **kwargs):
        if extracted:
            self.contributions.set(catalog(Contribution, *extracted))

    @factory.post_generation
    def pathways(self, create, extracted, **kwargs):
        self.pathways.set(catalog(Pathway, *(extracted or ["health_sciences"])))

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        """Keep the row's matching facts as the services do."""
        if create:
            partner_facts_refresh(partner_ids=[instance.pk])
            instance.refresh_from_db(fields=["experience_keys", "pathway_keys", "search_text"])
