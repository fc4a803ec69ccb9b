"""The partner's home and section edits, staff pages, the queue, the digest and the admin."""

import csv
import io
from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask
from post_office.models import Email

from accounts.roles import Role
from partners.dates import contact_deadline
from partners.models import Experience, OverdueDigest, Partner
from partners.services import partner_send_overdue_digest
from tests.partners.factories import OrganizationFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def local(year, month, day, hour=10):
    return timezone.make_aware(datetime(year, month, day, hour))


def test_partner_home_shows_the_answers_and_status(client):
    partner = PartnerFactory(skills="welding", experiences=["job_shadow", "mock_interview"])
    client.force_login(partner.user)
    page = client.get(reverse("partners:home")).content.decode()
    assert "Job Shadow, Mock Interview" in page
    assert "welding" in page
    assert partner.confirmation_number in page
    assert "New, not yet contacted" in page


def test_a_partner_without_a_profile_is_invited_to_the_survey(client, partner_user):
    client.force_login(partner_user)
    page = client.get(reverse("partners:home")).content.decode()
    assert reverse("partners:survey") in page


def test_editing_a_section_saves_it(client):
    partner = PartnerFactory()
    client.force_login(partner.user)
    url = reverse("partners:section_edit", args=["final"])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"delivery": "virtual", "travel_miles": "50", "availability": ["summer"]}
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    assert (partner.delivery, partner.travel_miles, partner.availability) == (
        "virtual",
        50,
        ["summer"],
    )


def test_removing_the_last_offering_is_refused_and_nothing_changes(client):
    partner = PartnerFactory(experiences=["job_shadow"])
    client.force_login(partner.user)
    response = client.post(reverse("partners:section_edit", args=["exploration"]), {})
    assert response.status_code == 200
    assert "Choose at least one experience or contribution" in response.content.decode()
    assert list(partner.experiences.values_list("code", flat=True)) == ["job_shadow"]


def test_editing_one_tier_keeps_the_other_tiers(client):
    partner = PartnerFactory(experiences=["job_shadow", "career_fairs"])
    client.force_login(partner.user)
    shadow_free = [str(Experience.objects.get(code="mock_interview").pk)]
    client.post(
        reverse("partners:section_edit", args=["exploration"]), {"experiences": shadow_free}
    )
    assert set(partner.experiences.values_list("code", flat=True)) == {
        "career_fairs",
        "mock_interview",
    }


def test_editing_the_profile_section_with_an_error_keeps_the_input(client):
    partner = PartnerFactory()
    client.force_login(partner.user)
    data = {"first_name": "Changed", "last_name": "", "roles": [], "zip_code": "97209"}
    response = client.post(reverse("partners:section_edit", args=["profile"]), data)
    page = response.content.decode()
    assert 'value="Changed"' in page
    assert "Choose at least one role" in page
    partner.refresh_from_db()
    assert partner.first_name != "Changed"


def test_an_unknown_section_is_not_found(client):
    partner = PartnerFactory()
    client.force_login(partner.user)
    assert client.get("/partners/profile/password/").status_code == 404


def test_a_partner_cannot_see_another_partners_profile(client):
    me, other = PartnerFactory(), PartnerFactory(skills="secret-skill")
    client.force_login(me.user)
    response = client.get(reverse("partners:detail", args=[other.pk]))
    assert response.status_code in (403, 404)
    assert "secret-skill" not in response.content.decode()
    page = client.get(reverse("partners:home")).content.decode()
    assert "secret-skill" not in page


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.PARTNER, 403),
        (Role.COORDINATOR, 200),
        (Role.PROCUREMENT, 200),
        (Role.DISTRICT_ADMIN, 200),
    ],
)
def test_who_may_open_a_partner_profile(client, make_user, role, status):
    partner = PartnerFactory()
    client.force_login(make_user(role))
    assert client.get(reverse("partners:detail", args=[partner.pk])).status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.PARTNER, 403),
        (Role.COORDINATOR, 200),
        (Role.PROCUREMENT, 403),
        (Role.DISTRICT_ADMIN, 200),
    ],
)
def test_who_may_open_the_queue(client, make_user, role, status):
    client.force_login(make_user(role))
    assert client.get(reverse("partners:queue")).status_code == status


def test_queue_lists_uncontacted_partners_oldest_first_and_flags_the_overdue(
    client, make_user, monkeypatch
):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime(2026, 1, 20).date())
    recent = PartnerFactory(first_name="Recent", submitted_at=local(2026, 1, 15))
    old = PartnerFactory(first_name="Old", submitted_at=local(2026, 1, 5))
    PartnerFactory(
        first_name="Done", submitted_at=local(2026, 1, 2), contacted_at=local(2026, 1, 3)
    )
    client.force_login(make_user(Role.COORDINATOR))
    response = client.get(reverse("partners:queue"))
    rows = response.context["rows"]
    assert [row.partner for row in rows] == [old, recent]
    assert [row.overdue for row in rows] == [True, False]
    assert "Overdue" in response.content.decode()


def test_queue_costs_a_bounded_number_of_queries(client, make_user, django_assert_max_num_queries):
    organization = OrganizationFactory()
    PartnerFactory.create_batch(40, organization=organization)
    client.force_login(make_user(Role.DISTRICT_ADMIN))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("partners:queue"))
    assert response.status_code == 200
    assert len(response.context["rows"]) == 25


def test_marking_contacted_records_who_and_when(client, make_user):
    partner = PartnerFactory()
    coordinator = make_user(Role.COORDINATOR)
    client.force_login(coordinator)
    url = reverse("partners:mark_contacted", args=[partner.pk])
    assert client.get(url).status_code == 405
    client.post(url)
    partner.refresh_from_db()
    assert partner.contacted_by == coordinator
    assert partner.contacted_at is not None
    assert partner.status == Partner.Status.ACTIVE


def test_a_partner_cannot_mark_anyone_contacted(client):
    partner = PartnerFactory()
    client.force_login(partner.user)
    assert client.post(reverse("partners:mark_contacted", args=[partner.pk])).status_code == 403
    partner.refresh_from_db()
    assert partner.contacted_at is None


def test_digest_lists_the_overdue_partners_once_a_day(settings):
    settings.CAREER_PROGRAM_EMAIL = "team@example.org"
    PartnerFactory(first_name="Waiting", submitted_at=local(2026, 1, 5))
    PartnerFactory(first_name="Fresh", submitted_at=local(2026, 1, 16))
    today = datetime(2026, 1, 20).date()
    assert partner_send_overdue_digest(today=today) == 1
    assert partner_send_overdue_digest(today=today) == 0, "a rerun the same day sends nothing"
    [email] = Email.objects.all()
    assert email.to == ["team@example.org"]
    assert "Waiting" in email.message and "Fresh" not in email.message
    assert partner_send_overdue_digest(today=today + timedelta(days=1)) == 1
    assert OverdueDigest.objects.count() == 2


def test_no_digest_when_nobody_is_overdue():
    PartnerFactory(submitted_at=local(2026, 1, 16))
    assert partner_send_overdue_digest(today=datetime(2026, 1, 20).date()) == 0
    assert not Email.objects.exists()


def test_digest_is_scheduled_in_beat(beat_installed):
    task = PeriodicTask.objects.get(task="partners.tasks.send_overdue_partners_digest")
    assert task.enabled and task.crontab.hour == "7"


def test_admin_exports_partners_as_spreadsheet_safe_csv(client, make_user):
    partner = PartnerFactory(organization=OrganizationFactory(name="=HYPERLINK(1)"), skills="-rm")
    client.force_login(make_user(Role.DISTRICT_ADMIN))
    response = client.post(
        "/admin/partners/partner/",
        {"action": "export_partners_csv", "_selected_action": [partner.pk]},
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows[0]["organization"] == "'=HYPERLINK(1)"
    assert rows[0]["skills"] == "'-rm"
    assert rows[0]["email"] == partner.email


@pytest.mark.parametrize(
    "filter_field",
    [
        "roles",
        "experiences",
        "pathways",
        "contributions",
        "organization__type",
        "organization__certifications",
    ],
)
def test_admin_filters_partners_by_every_catalog(client, make_user, filter_field):
    PartnerFactory()
    client.force_login(make_user(Role.DISTRICT_ADMIN))
    response = client.get("/admin/partners/partner/")
    assert response.status_code == 200
    assert f"{filter_field}__id__exact" in response.content.decode()


def test_procurement_reads_a_partner_page_with_nothing_to_change(client, procurement_user):
    partner = PartnerFactory(skills="welding", organization=OrganizationFactory(name="Acme"))
    client.force_login(procurement_user)
    response = client.get(reverse("partners:detail", args=[partner.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "welding" in page and "Acme" in page
    assert 'method="post"' not in page.split("<main", 1)[1]
    assert reverse("partners:section_edit", args=["profile"]) not in page
    assert client.post(reverse("partners:mark_contacted", args=[partner.pk])).status_code == 403


def test_the_home_gives_the_contact_deadline_and_owns_up_when_it_has_passed(client):
    fresh = PartnerFactory()
    client.force_login(fresh.user)
    page = client.get(reverse("partners:home")).content.decode()
    deadline = contact_deadline(timezone.localdate())
    assert f"will reach out by {deadline:%A}, {deadline:%B} {deadline.day}" in page
    late = PartnerFactory(submitted_at=timezone.now() - timedelta(days=60))
    client.force_login(late.user)
    page = client.get(reverse("partners:home")).content.decode()
    status = page.split("Your status", 1)[1].split("</section>", 1)[0]
    assert "has not reached you yet" in status
    assert "will reach out by" not in status


def test_the_home_reads_the_partners_engagements_once(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.requests_app.factories import EngagementFactory

    partner = PartnerFactory()
    EngagementFactory(partner=partner)
    client.force_login(partner.user)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("partners:home"))
    for _ in range(4):
        EngagementFactory(partner=partner)
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("partners:home")).content.decode()
    assert len(many) == len(few)
    engagement_reads = [
        q["sql"]
        for q in many.captured_queries
        if q["sql"].startswith("SELECT") and 'FROM "requests_app_engagement"' in q["sql"]
    ]
    assert len(engagement_reads) == 1, engagement_reads
    assert page.count("Answer by") == 5
