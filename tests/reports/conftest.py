"""Fixtures of the reports' tests: an organization with its confirmed admin, schools, and a
helper that records delivered engagements the way the services leave them."""

from datetime import date
from decimal import Decimal

import pytest

from accounts.roles import Role
from partners.models import Experience, Pathway
from requests_app.models import Engagement, Offer, Request, School
from tests.accounts.factories import UserFactory
from tests.partners.factories import OrganizationFactory, PartnerFactory
from tests.requests_app.factories import EngagementFactory, RequestFactory


@pytest.fixture
def grant(db):
    return School.objects.get(short_name="Grant HS")


@pytest.fixture
def jefferson(db):
    return School.objects.get(short_name="Jefferson HS")


@pytest.fixture
def organization(db):
    return OrganizationFactory(name="Rose City Builders")


@pytest.fixture
def org_admin(organization):
    """The organization's staff-confirmed admin (a partner)."""
    return PartnerFactory(organization=organization, is_organization_admin=True)


@pytest.fixture
def member(organization):
    """A partner of the organization who is not its confirmed admin."""
    return PartnerFactory(organization=organization)


@pytest.fixture
def coordinator_of_grant(make_user, grant):
    user = make_user(Role.COORDINATOR)
    grant.coordinators.add(user)
    return user


def pathways(*codes: str) -> list[Pathway]:
    return list(Pathway.objects.filter(code__in=codes))


def deliver(
    *,
    partner,
    school: School,
    on: date,
    experience: str = "job_shadow",
    pathway_codes=("health_sciences",),
    students: int | None = 10,
    hours: str | None = "2.00",
    request: Request | None = None,
    organization=None,
    status: str = Engagement.Status.DELIVERED,
) -> Engagement:
    """A delivered engagement of `partner` (for their organization) on a completed request
    at `school` naming `pathway_codes` (none if empty), or on `request` if given."""
    if request is None:
        request = RequestFactory(
            school=school,
            experience=Experience.objects.get(code=experience),
            status=Request.Status.COMPLETED,
            starts_on=on,
        )
        request.pathways.set(pathways(*pathway_codes))
    return EngagementFactory(
        request=request,
        partner=partner,
        organization=organization or partner.organization,
        status=status,
        delivered_on=on if status == Engagement.Status.DELIVERED else None,
        students_reached=students,
        volunteer_hours=Decimal(hours) if hours is not None else None,
    )


def deliver_offer(
    *,
    partner,
    school: School,
    on: date,
    experience: str = "worksite_tours",
    pathway_codes=(),
    students: int = 20,
    hours: str = "3.00",
) -> Engagement:
    """A delivered engagement booked from an offer of `partner` (no request)."""
    offer = Offer.objects.create(
        partner=partner,
        title="Worksite tour",
        description="Hard hats provided.",
        experience=Experience.objects.get(code=experience),
        offered_on=on,
        capacity=students,
        status=Offer.Status.BOOKED,
    )
    offer.pathways.set(pathways(*pathway_codes))
    return EngagementFactory(
        request=None,
        offer=offer,
        partner=partner,
        organization=partner.organization,
        school=school,
        experience=offer.experience,
        coordinator=UserFactory(roles=[Role.COORDINATOR]),
        status=Engagement.Status.DELIVERED,
        delivered_on=on,
        students_reached=students,
        volunteer_hours=Decimal(hours),
    )
