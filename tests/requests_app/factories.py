import datetime

import factory
from django.utils import timezone

from accounts.roles import Role
from partners.models import Experience
from requests_app.models import Engagement, Request, School
from requests_app.services import partner_engagement_counts_refresh
from tests.accounts.factories import UserFactory
from tests.partners.factories import PartnerFactory


class RequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Request

    school = factory.LazyFunction(lambda: School.objects.get(short_name="Grant HS"))
    created_by = factory.SubFactory(UserFactory, roles=[Role.COORDINATOR])
    title = factory.Sequence(lambda n: f"Request {n}")
    description = "Students would love to hear about your work."
    experience = factory.LazyFunction(lambda: Experience.objects.get(code="job_shadow"))
    grade_levels = "11-12"
    student_count = 20
    partners_wanted = 1
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))
    status = Request.Status.OPEN


class EngagementFactory(factory.django.DjangoModelFactory):
    """An engagement on a request; pass status=DELIVERED and delivered_on for a delivered one."""

    class Meta:
        model = Engagement

    request = factory.SubFactory(RequestFactory)
    partner = factory.SubFactory(PartnerFactory)
    organization = factory.SelfAttribute("partner.organization")
    school = factory.SelfAttribute("request.school")
    experience = factory.SelfAttribute("request.experience")
    coordinator = factory.SelfAttribute("request.created_by")
    status = Engagement.Status.INVITED
    invited_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Keep the partner's engagement counts as the services do."""
        engagement = super()._create(model_class, *args, **kwargs)
        partner_engagement_counts_refresh(partner_ids=[engagement.partner_id])
        return engagement
