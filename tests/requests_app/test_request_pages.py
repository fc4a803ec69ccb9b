"""What the coordinator and the partner read on the request pages and in the emails: the
candidates' score and links, the waiting invitations, who to contact, the school of a new
request, the directory's filters, and demo data that agrees with the rules."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from post_office.models import Email

from accounts.roles import Role
from partners.demo import seed_partners
from partners.models import Partner
from requests_app import services
from requests_app.demo import DEMO_PREFIX, seed_requests
from requests_app.models import Engagement, Request, School
from requests_app.selectors import (
    INVITATION_NUDGE_AFTER,
    POINTS,
    partner_ids_with_verified_email,
    request_taken_count,
)
from tests.partners.factories import PartnerFactory
from tests.requests_app.factories import EngagementFactory, RequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(make_user, grant):
    user = make_user(Role.COORDINATOR, first_name="Chris", last_name="Moreno")
    grant.coordinators.add(user)
    return user


@pytest.fixture
def open_request(coordinator, grant):
    return RequestFactory(school=grant, created_by=coordinator, partners_wanted=3)


# Candidates (item 10)


def test_the_candidates_page_explains_the_score_links_names_and_counts_the_invitations(
    client, coordinator, open_request
):
    partners = [PartnerFactory() for _ in range(4)]
    EngagementFactory(request=open_request, status=Engagement.Status.ACCEPTED)
    client.force_login(coordinator)
    page = client.get(
        reverse("requests_app:request_candidates", args=[open_request.pk])
    ).content.decode()
    assert "What the score means" in page
    assert (
        f"Offers the requested experience: {POINTS['experience']} points; another "
        f"experience of the same tier: {POINTS['same_tier']}." in page
    )
    assert re.search(r"\d+ points</span>", page)
    for partner in partners:
        assert f'href="{reverse("partners:detail", args=[partner.pk])}">{partner}</a>' in page
    # 3 wanted, 1 accepted: the button invites the 2 still needed.
    assert "Invite the top 2 candidates</button>" in page


def test_a_fresh_invitation_is_not_yet_a_warning(client, coordinator, open_request):
    EngagementFactory(request=open_request, invited_at=timezone.now() - timedelta(minutes=1))
    client.force_login(coordinator)
    url = reverse("requests_app:request_detail", args=[open_request.pk])
    page = client.get(url).content.decode()
    assert "has not answered yet" not in page
    assert "alert-warning" not in page
    assert "Waiting for 1 answer. Partners are reminded after 3 days." in page

    Engagement.objects.update(
        invited_at=timezone.now() - INVITATION_NUDGE_AFTER - timedelta(minutes=1)
    )
    page = client.get(url).content.decode()
    assert "1 invited partner has not answered yet, after 3 days." in page


# Who to call (item 11)


@pytest.fixture
def scheduled(open_request):
    partner = PartnerFactory(first_name="Nadia", last_name="Okafor", phone="(503) 555-0142")
    engagement = EngagementFactory(request=open_request, partner=partner)
    services.engagement_answer(engagement=engagement, accept=True)
    Email.objects.all().delete()
    day = timezone.localdate() + timedelta(days=10)
    services.engagement_schedule(
        engagement=engagement,
        starts_at=timezone.make_aware(datetime.combine(day, time(9))),
        ends_at=timezone.make_aware(datetime.combine(day, time(10))),
        place="Room 12",
    )
    return engagement


def test_the_coordinator_sees_how_to_reach_the_partner(client, coordinator, scheduled):
    client.force_login(coordinator)
    page = client.get(
        reverse("requests_app:engagement_detail", args=[scheduled.pk])
    ).content.decode()
    partner = scheduled.partner
    assert f'<a href="mailto:{partner.email}">{partner.email}</a>' in page
    assert '<a href="tel:(503)555-0142">(503) 555-0142</a>' in page


def test_the_partner_sees_how_to_reach_the_coordinator(client, coordinator, scheduled):
    client.force_login(scheduled.partner.user)
    page = client.get(
        reverse("requests_app:engagement_detail", args=[scheduled.pk])
    ).content.decode()
    assert "Career Coordinator</dt>" in page
    assert "Chris Moreno" in page
    assert f'<a href="mailto:{coordinator.email}">{coordinator.email}</a>' in page
    assert "tel:(503)" not in page  # their own phone is not shown back to them


def test_the_scheduled_email_names_both_contacts(coordinator, scheduled):
    partner = scheduled.partner
    [to_partner] = Email.objects.filter(to=[partner.email])
    assert f"Career Coordinator: Chris Moreno, {coordinator.email}" in to_partner.message
    assert "Chris Moreno" in to_partner.html_message
    assert f'href="mailto:{coordinator.email}"' in to_partner.html_message
    [to_coordinator] = Email.objects.filter(to=[coordinator.email])
    assert f"Partner: Nadia Okafor, {partner.email}, (503) 555-0142" in to_coordinator.message
    assert 'href="tel:(503)555-0142"' in to_coordinator.html_message


def test_the_invitation_names_the_coordinator(coordinator, open_request):
    partner = PartnerFactory()
    services.request_invite_partners(request=open_request, partners=[partner], by=coordinator)
    [email] = Email.objects.filter(to=[partner.email])
    assert f"Career Coordinator: Chris Moreno, {coordinator.email}" in email.message


# The school of a new request (item 13)


def test_a_coordinator_of_several_schools_must_choose_one(client, coordinator, grant):
    School.objects.get(short_name="Lincoln HS").coordinators.add(coordinator)
    client.force_login(coordinator)
    url = reverse("requests_app:request_create")
    page = client.get(url).content.decode()
    select = re.search(r'<select name="school".*?</select>', page, re.S).group(0)
    assert re.search(r'<option value="" selected>Choose a school</option>', select)
    assert select.count(" selected") == 1
    page = client.post(url, {"title": "No school", "publish": "1"}).content.decode()
    assert "Choose the school this request is for." in page
    assert not Request.objects.exists()


def test_a_coordinator_of_one_school_has_it_chosen(client, coordinator, grant):
    client.force_login(coordinator)
    page = client.get(reverse("requests_app:request_create")).content.decode()
    select = re.search(r'<select name="school".*?</select>', page, re.S).group(0)
    assert f'<option value="{grant.pk}" selected>{grant.name}</option>' in select
    assert "Choose a school" not in select


# The directory's filters (item 16)


def test_every_directory_filter_offers_any(client, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("requests_app:directory")).content.decode()
    assert "---------" not in page
    selects = re.findall(r"<select[^>]*>(.*?)</select>", page, re.S)
    filters = [s for s in selects if "Choose one of your open requests" not in s]
    assert len(filters) == 9
    for options in filters:
        assert re.match(r'\s*<option value="" selected>Any</option>', options), options[:80]


# Demo data (item 16)


def test_the_demo_requests_agree_with_the_rules(make_user):
    seed_partners(count=40)
    coordinator = make_user(Role.COORDINATOR)
    seed_requests(coordinator)
    demo = Request.objects.filter(title__startswith=DEMO_PREFIX)
    assert set(demo.values_list("status", flat=True)) == set(Request.Status.values)
    for request in demo:
        taken = request_taken_count(request)
        engagements = request.engagements.all()
        if request.status == Request.Status.OPEN:
            assert taken < request.partners_wanted, request
        elif request.status == Request.Status.FILLED:
            assert taken == request.partners_wanted, request
            assert not engagements.filter(status=Engagement.Status.INVITED).exists()
        elif request.status == Request.Status.COMPLETED:
            delivered = engagements.filter(status=Engagement.Status.DELIVERED).count()
            assert delivered == request.partners_wanted, request
            assert not engagements.filter(
                status__in=[
                    Engagement.Status.INVITED,
                    Engagement.Status.ACCEPTED,
                    Engagement.Status.SCHEDULED,
                ]
            ).exists()
        for engagement in engagements:
            if engagement.status == Engagement.Status.INVITED:
                assert engagement.invited_at <= timezone.now() < engagement.expires_at
            if engagement.status == Engagement.Status.DELIVERED:
                assert engagement.invited_at.date() < engagement.delivered_on
    invited = Engagement.objects.filter(
        request__title__startswith=DEMO_PREFIX, status=Engagement.Status.INVITED
    ).values_list("partner_id", flat=True)
    assert set(invited) <= partner_ids_with_verified_email(invited)
    everyone = list(Partner.objects.values_list("pk", flat=True))
    assert 0 < len(partner_ids_with_verified_email(everyone)) < len(everyone)


def test_a_request_fills_only_with_as_many_partners_as_it_wants(coordinator, grant):
    request = RequestFactory(school=grant, created_by=coordinator, partners_wanted=3)
    engagements = [EngagementFactory(request=request) for _ in range(3)]
    for engagement in engagements[:2]:
        services.engagement_answer(engagement=engagement, accept=True)
    request.refresh_from_db()
    assert request.status == Request.Status.OPEN  # 2 of 3: still open to invitations
    services.engagement_answer(engagement=engagements[2], accept=True)
    request.refresh_from_db()
    assert request.status == Request.Status.FILLED
