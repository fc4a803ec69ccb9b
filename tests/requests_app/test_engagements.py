"""Requests and engagements through their services and pages: invitations, answers from the
email link, scheduling with calendar updates, reminders, delivery, cancellation, offers."""

import re
import time as time_module
from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from post_office.models import Email

from accounts.roles import Role
from partners.models import Experience, Pathway
from requests_app import links, services
from requests_app.models import Engagement, Offer, Request, School
from tests.partners.factories import OrganizationFactory, PartnerFactory
from tests.requests_app.factories import EngagementFactory, RequestFactory

pytestmark = pytest.mark.django_db


def emails_to(address):
    return list(Email.objects.filter(to=[address]).order_by("pk"))


def link_in(email, action):
    return re.search(rf"http://\S+/requests/link/{action}/\S+?/", email.message).group(0)


# Requests


def test_coordinator_creates_a_request_for_their_school(client, coordinator, grant):
    client.force_login(coordinator)
    data = {
        "school": grant.pk,
        "title": "Nursing job shadow",
        "description": "Two seniors shadow a nurse for a morning.",
        "experience": Experience.objects.get(code="job_shadow").pk,
        "pathways": [Pathway.objects.get(code="health_sciences").pk],
        "skills": "nursing",
        "grade_levels": "12",
        "student_count": 2,
        "partners_wanted": 1,
        "delivery": "in_person",
        "starts_on": (timezone.localdate() + timedelta(days=20)).isoformat(),
        "publish": "1",
    }
    response = client.post(reverse("requests_app:request_create"), data)
    created = Request.objects.get(title="Nursing job shadow")
    assert response.url == reverse("requests_app:request_detail", args=[created.pk])
    assert created.status == Request.Status.OPEN and created.created_by == coordinator


def test_a_request_form_error_keeps_the_input(client, coordinator, grant):
    client.force_login(coordinator)
    data = {
        "school": grant.pk,
        "title": "Kept title",
        "starts_on": "2026-05-10",
        "ends_on": "2026-05-01",
    }
    page = client.post(reverse("requests_app:request_create"), data).content.decode()
    assert 'value="Kept title"' in page
    assert "The window must end on or after its first day" in page
    assert not Request.objects.exists()


def test_a_coordinator_cannot_touch_another_schools_request(client, make_user, open_request):
    other = make_user(Role.COORDINATOR)
    School.objects.get(short_name="Lincoln HS").coordinators.add(other)
    client.force_login(other)
    for name in ("request_detail", "request_edit", "request_cancel", "request_candidates"):
        assert (
            client.get(reverse(f"requests_app:{name}", args=[open_request.pk])).status_code == 404
        )
    assert (
        client.post(
            reverse("requests_app:request_invite", args=[open_request.pk]), {"next": "1"}
        ).status_code
        == 404
    )
    assert (
        client.post(reverse("requests_app:request_cancel", args=[open_request.pk])).status_code
        == 404
    )
    open_request.refresh_from_db()
    assert open_request.status == Request.Status.OPEN


def test_a_coordinator_cannot_create_a_request_for_another_school(client, coordinator):
    client.force_login(coordinator)
    lincoln = School.objects.get(short_name="Lincoln HS")
    response = client.post(
        reverse("requests_app:request_create"), {"school": lincoln.pk, "title": "x"}
    )
    assert "Select a valid choice" in response.content.decode()


def test_editing_a_request_tells_the_partners_involved(open_request, coordinator):
    invited = EngagementFactory(request=open_request)
    declined = EngagementFactory(request=open_request, status=Engagement.Status.DECLINED)
    services.request_update(
        request=open_request,
        user=coordinator,
        data={"starts_on": open_request.starts_on + timedelta(days=1)},
    )
    [email] = emails_to(invited.partner.email)
    assert "Changed:" in email.subject and "Date" in email.message
    assert not emails_to(declined.partner.email)


def test_cancelling_a_request_cancels_and_tells_everyone_involved(
    client, open_request, coordinator
):
    invited = EngagementFactory(request=open_request)
    client.force_login(coordinator)
    url = reverse("requests_app:request_cancel", args=[open_request.pk])
    assert "Yes, cancel the request" in client.get(url).content.decode()
    client.post(url, {"reason": "The class trip moved."})
    open_request.refresh_from_db()
    invited.refresh_from_db()
    assert open_request.status == Request.Status.CANCELLED
    assert invited.status == Engagement.Status.CANCELLED
    [email] = emails_to(invited.partner.email)
    assert "The class trip moved." in email.message


# Invitations and answers


def test_invitation_email_links_answer_without_a_password(client, open_request, coordinator):
    partner = PartnerFactory()
    [engagement] = services.request_invite_partners(
        request=open_request, partners=[partner], by=coordinator
    )
    [email] = emails_to(partner.email)
    accept = link_in(email, "answer")
    page = client.get(accept)
    assert page.status_code == 200 and "Accept" in page.content.decode()
    engagement.refresh_from_db()
    assert engagement.status == Engagement.Status.INVITED, (
        "a GET (e.g. a link preview) changes nothing"
    )
    client.post(accept, {"choice": "accept", "message": "Happy to help!"})
    engagement.refresh_from_db()
    assert engagement.status == Engagement.Status.ACCEPTED
    assert engagement.response_message == "Happy to help!"
    [notice] = emails_to(coordinator.email)
    assert "accepted" in notice.subject and "Happy to help!" in notice.message
    open_request.refresh_from_db()
    assert open_request.status == Request.Status.FILLED
    response = client.post(accept, {"choice": "decline"})
    assert "already been answered" in response.content.decode()


def test_a_tampered_expired_or_misused_link_is_refused(client, open_request, monkeypatch):
    engagement = EngagementFactory(request=open_request)
    token = links.make_token(engagement.pk, links.ANSWER)
    assert links.read_token(token, links.ANSWER) == engagement.pk
    assert client.get(f"/requests/link/answer/{token}x/").status_code == 410
    confirm_token = links.make_token(engagement.pk, links.CONFIRM)
    assert client.get(f"/requests/link/answer/{confirm_token}/").status_code == 410
    later = time_module.time() + links.MAX_AGE[links.ANSWER].total_seconds() + 60
    monkeypatch.setattr(signing.time, "time", lambda: later)
    assert links.read_token(token, links.ANSWER) is None
    assert client.get(f"/requests/link/answer/{token}/").status_code == 410


def test_a_partner_cannot_answer_someone_elses_invitation(client, open_request):
    engagement = EngagementFactory(request=open_request)
    intruder = PartnerFactory()
    client.force_login(intruder.user)
    assert (
        client.get(reverse("requests_app:engagement_detail", args=[engagement.pk])).status_code
        == 404
    )
    response = client.post(
        reverse("requests_app:engagement_action", args=[engagement.pk, "accept"])
    )
    assert response.status_code == 404
    engagement.refresh_from_db()
    assert engagement.status == Engagement.Status.INVITED


def test_a_partner_answers_from_the_dashboard(client, open_request):
    engagement = EngagementFactory(request=open_request)
    client.force_login(engagement.partner.user)
    home = client.get(reverse("partners:home")).content.decode()
    assert open_request.title in home
    client.post(
        reverse("requests_app:engagement_action", args=[engagement.pk, "decline"]),
        {"message": "Busy"},
    )
    engagement.refresh_from_db()
    assert engagement.status == Engagement.Status.DECLINED


def test_a_request_never_takes_more_partners_than_it_wants(open_request):
    first, second = EngagementFactory(request=open_request), EngagementFactory(request=open_request)
    services.engagement_answer(engagement=first, accept=True)
    with pytest.raises(services.RequestFilled):
        services.engagement_answer(engagement=second, accept=True)
    second.refresh_from_db()
    assert second.status == Engagement.Status.CLOSED, "closed, and the closing is kept"
    assert open_request.engagements.filter(status=Engagement.Status.ACCEPTED).count() == 1


def test_invite_next_invites_the_top_candidates_still_needed(client, open_request, coordinator):
    open_request.partners_wanted = 2
    open_request.save()
    best = PartnerFactory(experiences=["job_shadow"])
    second = PartnerFactory(experiences=["job_shadow"])
    PartnerFactory(experiences=["mock_interview"])
    client.force_login(coordinator)
    client.post(reverse("requests_app:request_invite", args=[open_request.pk]), {"next": "1"})
    assert set(open_request.engagements.values_list("partner", flat=True)) == {best.pk, second.pk}


def test_unanswered_invitations_are_nudged_once_then_expire(open_request):
    engagement = EngagementFactory(
        request=open_request,
        invited_at=timezone.now(),
        expires_at=timezone.now() + timedelta(days=7),
    )
    now = timezone.now()
    assert services.engagements_process_due(now=now + timedelta(days=1))["nudged"] == 0
    assert services.engagements_process_due(now=now + timedelta(days=3, hours=1))["nudged"] == 1
    assert services.engagements_process_due(now=now + timedelta(days=4))["nudged"] == 0
    assert len(emails_to(engagement.partner.email)) == 1
    assert services.engagements_process_due(now=now + timedelta(days=8))["expired"] == 1
    engagement.refresh_from_db()
    assert engagement.status == Engagement.Status.EXPIRED


# Scheduling, reminders, delivery


def aware(day, hour):
    return timezone.make_aware(datetime.combine(day, time(hour)))


@pytest.fixture
def accepted(open_request):
    engagement = EngagementFactory(request=open_request)
    services.engagement_answer(engagement=engagement, accept=True)
    Email.objects.all().delete()
    return engagement


def test_scheduling_sends_both_a_calendar_invite_that_a_change_updates(accepted, coordinator):
    day = timezone.localdate() + timedelta(days=20)
    services.engagement_schedule(
        engagement=accepted, starts_at=aware(day, 9), ends_at=aware(day, 11), place="Room 204"
    )
    first = list(Email.objects.all())
    assert sorted(e.to[0] for e in first) == sorted([accepted.partner.email, coordinator.email])
    ics = first[0].attachments.get().file.read().decode()
    uid = re.search(r"UID:(\S+)", ics).group(1)
    assert "SEQUENCE:0" in ics and "METHOD:REQUEST" in ics and "Room 204" in ics

    Email.objects.all().delete()
    services.engagement_schedule(
        engagement=accepted, starts_at=aware(day, 13), ends_at=aware(day, 14), place="Room 204"
    )
    changed = Email.objects.first()
    assert changed.subject.startswith("Changed:")
    ics = changed.attachments.get().file.read().decode()
    assert f"UID:{uid}" in ics and "SEQUENCE:1" in ics

    Email.objects.all().delete()
    services.engagement_cancel(engagement=accepted, by=coordinator, reason="Snow day")
    cancel = emails_to(accepted.partner.email)[0].attachments.get().file.read().decode()
    assert f"UID:{uid}" in cancel and "METHOD:CANCEL" in cancel and "SEQUENCE:2" in cancel


def test_schedule_errors_are_shown_next_to_the_fields(client, accepted, coordinator):
    client.force_login(coordinator)
    url = reverse("requests_app:engagement_action", args=[accepted.pk, "schedule"])
    page = client.post(
        url, {"date": "2026-05-01", "start_time": "10:00", "end_time": "09:00"}
    ).content.decode()
    assert "The end time must be after the start time" in page
    assert "Give a place or a video link" in page


def test_reminders_go_a_week_and_a_day_before_once_each_with_a_cant_make_it_link(
    client, accepted, coordinator
):
    start = timezone.now() + timedelta(days=10)
    services.engagement_schedule(
        engagement=accepted, starts_at=start, ends_at=start + timedelta(hours=1), place="Lab"
    )
    Email.objects.all().delete()
    assert services.engagements_process_due(now=start - timedelta(days=8))["week"] == 0
    assert services.engagements_process_due(now=start - timedelta(days=7))["week"] == 1
    assert services.engagements_process_due(now=start - timedelta(days=6))["week"] == 0
    assert services.engagements_process_due(now=start - timedelta(hours=23))["day"] == 1
    assert services.engagements_process_due(now=start - timedelta(hours=22))["day"] == 0
    reminders = emails_to(accepted.partner.email)
    assert [e.subject.split(":")[0] for e in reminders] == ["Reminder", "Reminder"]
    cant = link_in(reminders[-1], "cant-make-it")
    client.post(cant, {"message": "Sick, sorry"})
    accepted.refresh_from_db()
    assert accepted.status == Engagement.Status.CANCELLED
    assert "Sick, sorry" in emails_to(coordinator.email)[-1].message
    accepted.request.refresh_from_db()
    assert accepted.request.status == Request.Status.OPEN, "a freed place reopens the request"


def test_a_late_run_sends_only_the_day_reminder(accepted):
    start = timezone.now() + timedelta(days=10)
    services.engagement_schedule(
        engagement=accepted, starts_at=start, ends_at=start + timedelta(hours=1), place="Lab"
    )
    Email.objects.all().delete()
    done = services.engagements_process_due(now=start - timedelta(hours=12))
    assert (done["week"], done["day"]) == (0, 1)
    assert len(emails_to(accepted.partner.email)) == 1


def test_did_it_happen_then_one_click_confirm(client, accepted, coordinator):
    start = timezone.now() + timedelta(days=2)
    services.engagement_schedule(
        engagement=accepted, starts_at=start, ends_at=start + timedelta(hours=2), place="Lab"
    )
    with pytest.raises(Exception, match="once it has taken place"):
        services.engagement_confirm_delivery(
            engagement=accepted, students_reached=1, volunteer_hours=Decimal(1)
        )
    Email.objects.all().delete()
    assert services.engagements_process_due(now=start + timedelta(hours=3))["follow_up"] == 1
    assert services.engagements_process_due(now=start + timedelta(hours=4))["follow_up"] == 0
    Engagement.objects.filter(pk=accepted.pk).update(
        starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now() - timedelta(hours=1)
    )
    [follow_up] = emails_to(coordinator.email)
    confirm = link_in(follow_up, "confirm")
    client.post(
        confirm, {"students_reached": "25", "volunteer_hours": "2.5", "note": "Great session"}
    )
    accepted.refresh_from_db()
    assert accepted.status == Engagement.Status.DELIVERED
    assert accepted.students_reached == 25 and accepted.volunteer_hours == Decimal("2.50")
    assert accepted.delivered_on == timezone.localdate()
    accepted.request.refresh_from_db()
    assert accepted.request.status == Request.Status.COMPLETED


def test_delivery_keeps_the_organization_at_the_time(accepted):
    organization = accepted.organization
    accepted.partner.organization = OrganizationFactory()
    accepted.partner.save()
    accepted.refresh_from_db()
    assert accepted.organization == organization


# Offers


def test_partner_posts_an_offer_and_a_coordinator_books_it(client, coordinator, grant):
    partner = PartnerFactory()
    client.force_login(partner.user)
    day = timezone.localdate() + timedelta(days=30)
    client.post(
        reverse("requests_app:offer_create"),
        {
            "title": "Worksite tour",
            "description": "Tour of our robotics lab.",
            "experience": Experience.objects.get(code="worksite_tours").pk,
            "offered_on": day.isoformat(),
            "start_time": "10:00",
            "end_time": "12:00",
            "capacity": 20,
            "delivery": "in_person",
            "location": "1 Main St",
        },
    )
    offer = Offer.objects.get()
    client.force_login(coordinator)
    assert "Worksite tour" in client.get(reverse("requests_app:offers")).content.decode()
    client.post(reverse("requests_app:offer_book", args=[offer.pk]), {"school": grant.pk})
    engagement = Engagement.objects.get(offer=offer)
    assert engagement.status == Engagement.Status.SCHEDULED
    assert timezone.localtime(engagement.starts_at).time() == time(10)
    offer.refresh_from_db()
    assert offer.status == Offer.Status.BOOKED
    assert [e.subject.split(":")[0] for e in emails_to(partner.email)] == ["Booked"]
    response = client.post(
        reverse("requests_app:offer_book", args=[offer.pk]), {"school": grant.pk}, follow=True
    )
    assert "already been booked" in response.content.decode()


def test_an_offer_in_the_past_is_refused(client):
    partner = PartnerFactory()
    client.force_login(partner.user)
    page = client.post(
        reverse("requests_app:offer_create"),
        {
            "title": "Old",
            "description": "d",
            "experience": Experience.objects.get(code="worksite_tours").pk,
            "offered_on": "2020-01-01",
            "capacity": 5,
            "delivery": "virtual",
        },
    ).content.decode()
    assert "cannot be in the past" in page
    assert not Offer.objects.exists()


# Pages and their cost


# Expected status of each page for partner, procurement, coordinator, district admin.
COORDINATOR_PAGES = {
    "home": (403, 403, 200, 200),
    "request_create": (403, 403, 200, 200),
    "directory": (403, 200, 200, 200),  # procurement reads partners, invites no one
    "offers": (403, 403, 200, 200),
}
ROLES = (Role.PARTNER, Role.PROCUREMENT, Role.COORDINATOR, Role.DISTRICT_ADMIN)


@pytest.mark.parametrize(
    ("name", "role", "status"),
    [
        (name, role, status)
        for name, statuses in COORDINATOR_PAGES.items()
        for role, status in zip(ROLES, statuses, strict=True)
    ],
)
def test_coordinator_pages_permission_matrix(client, make_user, role, status, name):
    client.force_login(make_user(role))
    assert client.get(reverse(f"requests_app:{name}")).status_code == status


def test_directory_filters_and_stays_bounded(client, coordinator, django_assert_max_num_queries):
    for number in range(40):
        PartnerFactory(
            pathways=["health_sciences" if number % 2 else "arts_information"],
            languages="Spanish" if number % 4 == 0 else "",
        )
    client.force_login(coordinator)
    with django_assert_max_num_queries(18):
        response = client.get(reverse("requests_app:directory"))
    assert response.context["page"].paginator.count == 40
    health = Pathway.objects.get(code="health_sciences")
    response = client.get(
        reverse("requests_app:directory"), {"pathway": health.pk, "language": "spanish"}
    )
    assert response.context["page"].paginator.count == 0
    response = client.get(reverse("requests_app:directory"), {"pathway": health.pk})
    assert response.context["page"].paginator.count == 20
    grant = School.objects.get(short_name="Grant HS")
    response = client.get(reverse("requests_app:directory"), {"near_school": grant.pk, "within": 5})
    assert response.context["page"].paginator.count == 40
    assert response.context["page"][0].distance < 5


def test_requests_home_is_bounded(client, coordinator, grant, django_assert_max_num_queries):
    for _ in range(30):
        EngagementFactory(request=RequestFactory(school=grant, created_by=coordinator))
    client.force_login(coordinator)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("requests_app:home"))
    assert response.status_code == 200


def test_partner_home_with_engagements_is_bounded(client, django_assert_max_num_queries):
    partner = PartnerFactory()
    for _ in range(15):
        EngagementFactory(partner=partner)
    client.force_login(partner.user)
    with django_assert_max_num_queries(25):
        assert client.get(reverse("partners:home")).status_code == 200


def test_inviting_from_the_directory_returns_to_the_same_filtered_page(
    client, coordinator, open_request
):
    partner = PartnerFactory()
    client.force_login(coordinator)
    page_url = f"{reverse('requests_app:directory')}?invite_to={open_request.pk}&language=&page=1"
    page = client.get(page_url).content.decode()
    assert f'Invite<span class="visually-hidden"> {partner}</span>' in page
    response = client.post(
        reverse("requests_app:request_invite", args=[open_request.pk]),
        {"partner": partner.pk, "return_to": page_url},
    )
    assert response.url == page_url
    assert open_request.engagements.get().partner == partner
    evil = client.post(
        reverse("requests_app:request_invite", args=[open_request.pk]),
        {"partner": partner.pk, "return_to": "https://evil.example/"},
    )
    assert evil.url == reverse("requests_app:request_detail", args=[open_request.pk])


def test_a_filled_request_closes_invitations_without_counting_them_as_ignored(open_request):
    from requests_app.selectors import candidate_queryset

    winner, waiting = (
        EngagementFactory(request=open_request),
        EngagementFactory(request=open_request),
    )
    services.engagement_answer(engagement=winner, accept=True)
    waiting.refresh_from_db()
    assert waiting.status == Engagement.Status.CLOSED
    next_request = RequestFactory(school=open_request.school, created_by=open_request.created_by)
    [candidate] = [p for p in candidate_queryset(next_request) if p == waiting.partner]
    assert candidate.ignored_count == 0


def test_changing_the_partners_wanted_reopens_or_fills_the_request(open_request, coordinator):
    first = EngagementFactory(request=open_request)
    services.engagement_answer(engagement=first, accept=True)
    open_request.refresh_from_db()
    assert open_request.status == Request.Status.FILLED
    services.request_update(request=open_request, user=coordinator, data={"partners_wanted": 2})
    open_request.refresh_from_db()
    assert open_request.status == Request.Status.OPEN
    with pytest.raises(ValidationError, match="already accepted"):
        services.request_update(request=open_request, user=coordinator, data={"partners_wanted": 0})
    third = EngagementFactory(request=open_request)
    services.request_update(request=open_request, user=coordinator, data={"partners_wanted": 1})
    open_request.refresh_from_db()
    third.refresh_from_db()
    assert open_request.status == Request.Status.FILLED
    assert third.status == Engagement.Status.CLOSED


def test_the_confirm_link_works_once(client, accepted):
    start = timezone.now() - timedelta(hours=3)
    services.engagement_schedule(
        engagement=accepted, starts_at=start, ends_at=start + timedelta(hours=1), place="Lab"
    )
    url = links.action_url(accepted.pk, links.CONFIRM)
    client.post(url, {"students_reached": "25", "volunteer_hours": "2"})
    response = client.post(url, {"students_reached": "4000", "volunteer_hours": "900"})
    assert "only once" in response.content.decode()
    accepted.refresh_from_db()
    assert accepted.students_reached == 25


def test_a_cancelled_session_leaves_both_calendars(accepted, coordinator):
    start = timezone.now() + timedelta(days=5)
    services.engagement_schedule(
        engagement=accepted, starts_at=start, ends_at=start + timedelta(hours=1), place="Lab"
    )
    Email.objects.all().delete()
    services.engagement_withdraw(engagement=accepted, message="Sick")
    for address in (accepted.partner.email, coordinator.email):
        [email] = emails_to(address)
        assert "METHOD:CANCEL" in email.attachments.get().file.read().decode()


def test_an_offer_whose_date_has_passed_cannot_be_booked(coordinator, grant):
    offer = Offer.objects.create(
        partner=PartnerFactory(),
        title="Old tour",
        description="d",
        experience=Experience.objects.get(code="worksite_tours"),
        offered_on=timezone.localdate() - timedelta(days=30),
        capacity=5,
    )
    with pytest.raises(ValidationError, match="date has passed"):
        services.offer_book(offer=offer, school=grant, by=coordinator)


def test_malformed_ids_are_ignored_not_errors(client, coordinator, open_request):
    client.force_login(coordinator)
    assert client.get(reverse("requests_app:directory"), {"invite_to": "abc"}).status_code == 200
    response = client.post(
        reverse("requests_app:request_invite", args=[open_request.pk]), {"partner": "abc"}
    )
    assert response.status_code == 302
    assert not open_request.engagements.exists()


def test_a_too_long_message_is_refused_next_to_the_field(client, open_request):
    engagement = EngagementFactory(request=open_request)
    client.force_login(engagement.partner.user)
    response = client.post(
        reverse("requests_app:engagement_action", args=[engagement.pk, "decline"]),
        {"message": "x" * 1001},
    )
    assert "Ensure this value has at most 1000 characters" in response.content.decode()
    engagement.refresh_from_db()
    assert engagement.status == Engagement.Status.INVITED


def test_the_coordinator_sees_who_has_not_answered_and_can_invite_the_next(
    client, coordinator, open_request
):
    EngagementFactory(
        request=open_request,
        invited_at=timezone.now() - services.INVITATION_NUDGE_AFTER - timedelta(minutes=1),
    )
    answered = EngagementFactory(request=open_request, status=Engagement.Status.DECLINED)
    client.force_login(coordinator)
    page = client.get(
        reverse("requests_app:request_detail", args=[open_request.pk])
    ).content.decode()
    assert "1 invited partner has not answered yet, after 3 days." in page
    assert "Invite the next candidates" in page
    assert str(answered.partner) in page


def test_requests_home_shows_the_first_of_each_status_and_pages_through_one(
    client, coordinator, grant, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr("requests_app.views.REQUESTS_PER_STATUS", 3)
    made = [RequestFactory(school=grant, created_by=coordinator) for _ in range(5)]
    made.sort(key=lambda item: (item.starts_on, item.pk))
    client.force_login(coordinator)
    with django_assert_max_num_queries(15):
        page = client.get(reverse("requests_app:home")).text
    links = [reverse("requests_app:request_detail", args=[item.pk]) for item in made]
    assert [f'href="{link}"' in page for link in links] == [True, True, True, False, False]
    assert "All 5 open requests" in page
    second = client.get(reverse("requests_app:home"), {"status": "open", "page": 2}).text
    assert [f'href="{link}"' in second for link in links] == [False, False, False, True, True]
