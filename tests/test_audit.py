"""The audit trail: who changed contracts, opportunities, Expo registrations, organizations,
certifications and partner profiles (with what changed), sign-ins and failed ones, refused
access and CSV exports; read and filtered by a District Admin in the admin; purged after
AUDIT_RETENTION_DAYS."""

from datetime import timedelta
from decimal import Decimal

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from accounts.roles import Role
from audit.models import AuditEvent
from audit.services import audit_forget_person, audit_log_purge, audit_sign_in
from audit.tasks import audit_purge
from compliance.models import Opportunity
from expo.models import Registration
from partners.models import Certification, CertificationClaim, Partner, Pathway
from partners.services import (
    certification_claim_review,
    organization_certifications_answer,
    partner_update_section,
)
from tests.accounts.factories import PASSWORD
from tests.compliance.factories import ContractFactory, OpportunityFactory
from tests.expo.factories import ExpoEditionFactory
from tests.partners.factories import OrganizationFactory, PartnerFactory
from tests.requests_app.factories import EngagementFactory

pytestmark = pytest.mark.django_db


def changes_of(instance, action=LogEntry.Action.UPDATE, *, after: int = 0) -> list[LogEntry]:
    """The entries of `instance` with `action`, those after entry `after` (a `last_entry()`)."""
    return list(
        LogEntry.objects.get_for_object(instance)
        .filter(action=action, pk__gt=after)
        .order_by("timestamp", "pk")
    )


def last_entry() -> int:
    return LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def events(kind: AuditEvent.Kind):
    return LogEntry.objects.filter(additional_data__event=kind.value).order_by("pk")


# Changes to records, through the pages (the middleware names the user) and the services


def test_procurement_editing_a_contract_is_recorded_with_who_and_what_changed(
    client, procurement_user
):
    contract = ContractFactory(value=Decimal("250000.00"), other_proof="")
    client.force_login(procurement_user)
    response = client.post(
        reverse("compliance:contract_edit", args=[contract.pk]),
        {
            "contract_number": contract.number,
            "contractor": contract.contractor.name,
            "title": contract.title,
            "value": "$1,000,000.00",
            "start_date": "2024-01-01",
            "end_date": "2024-12-31",
            "signed_date": "2023-12-22",
            "other_proof": "Auto reply attached",
        },
    )
    assert response.status_code == 302
    [entry] = changes_of(contract)
    assert entry.actor == procurement_user
    assert entry.actor_email == procurement_user.email
    assert entry.remote_addr == "127.0.0.1"
    assert entry.changes_dict["value"] == ["250000.00", "1000000.00"]
    assert entry.changes_dict["other_proof"] == ["", "Auto reply attached"]
    assert "updated_at" not in entry.changes_dict


def test_recording_an_opportunity_is_recorded(client, procurement_user):
    organization = OrganizationFactory(name="Acme")
    client.force_login(procurement_user)
    client.post(
        reverse("compliance:opportunity_create"),
        {
            "organization": "acme",
            "date": "2024-02-01",
            "experience": OpportunityFactory.experience.function().pk,
            "students": "12",
            "note": "Shadow day",
        },
    )
    opportunity = Opportunity.objects.get(organization=organization)
    [entry] = changes_of(opportunity, LogEntry.Action.CREATE)
    assert entry.actor == procurement_user
    assert entry.changes_dict["note"] == ["None", "Shadow day"]


def test_an_expo_registration_is_recorded_with_the_partner_who_made_it(client):
    today = timezone.localdate()
    ExpoEditionFactory(
        date=today + timedelta(days=90), registration_deadline=today + timedelta(days=40)
    )
    partner = PartnerFactory(organization=OrganizationFactory(), is_organization_admin=True)
    client.force_login(partner.user)
    assert client.post(reverse("expo:register"), {"kind": "exhibitor"}).status_code == 302
    [entry] = changes_of(Registration.objects.get(), LogEntry.Action.CREATE)
    assert entry.actor == partner.user
    assert entry.changes_dict["kind"] == ["None", "exhibitor"]


def test_a_partner_profile_change_records_the_answers_and_their_many_to_many(partner_user):
    partner = PartnerFactory(user=partner_user, skills="")
    pathways = list(Pathway.objects.filter(code__in=["health_sciences", "agriculture"]))
    before = last_entry()  # the factory's own writes
    with set_actor(partner_user):
        partner_update_section(
            partner=partner,
            section="pathways",
            data={"pathways": pathways, "skills": "Welding", "languages": ""},
        )
    entries = changes_of(partner, after=before)
    assert {entry.actor for entry in entries} == {partner_user}
    changes = {field: change for entry in entries for field, change in entry.changes_dict.items()}
    assert changes["skills"] == ["", "Welding"]
    assert changes["pathways"]["type"] == "m2m"
    assert changes["pathways"]["operation"] == "add"
    assert changes["pathways"]["objects"] == [str(p) for p in pathways if p.code == "agriculture"]
    # The facts the services derive are no one's change.
    assert not {"search_text", "pathway_keys", "updated_at"} & set(changes)


def test_an_organizations_certifications_record_who_set_them(partner_user):
    organization = OrganizationFactory(name="Rose City Builders")
    admin = PartnerFactory(user=partner_user, organization=organization, is_organization_admin=True)
    certification = Certification.objects.order_by("position").first()
    with set_actor(partner_user):
        organization_certifications_answer(partner=admin, certifications=[certification])
    [entry] = changes_of(organization)
    assert entry.actor == partner_user
    assert entry.changes_dict["certifications"] == {
        "type": "m2m",
        "operation": "add",
        "objects": [str(certification)],
    }


def test_a_certification_claim_and_its_review_are_recorded(partner_user, district_admin_user):
    organization = OrganizationFactory()
    member = PartnerFactory(user=partner_user, organization=organization)
    certification = Certification.objects.order_by("position").first()
    with set_actor(partner_user):
        claim = organization_certifications_answer(partner=member, certifications=[certification])
    assert changes_of(claim, LogEntry.Action.CREATE)[0].actor == partner_user
    with set_actor(district_admin_user):
        certification_claim_review(claim=claim, accept=True, by=district_admin_user)
    [status_change] = [entry for entry in changes_of(claim) if "status" in entry.changes_dict]
    assert status_change.actor == district_admin_user
    assert status_change.changes_dict["status"] == ["pending", "confirmed"]
    assert CertificationClaim.objects.get().status == "confirmed"
    [applied] = changes_of(organization)
    assert applied.actor == district_admin_user


def test_deleting_an_opportunity_is_recorded(district_admin_user):
    opportunity = OpportunityFactory()
    pk = opportunity.pk
    with set_actor(district_admin_user):
        opportunity.delete()
    entry = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Opportunity),
        object_id=pk,
        action=LogEntry.Action.DELETE,
    )
    assert entry.actor == district_admin_user


# Sign-ins, refused access, exports


def test_a_sign_in_is_recorded_with_the_user_and_address(client, coordinator_user):
    response = client.post(
        reverse("account_login"), {"login": coordinator_user.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    [entry] = events(AuditEvent.Kind.SIGN_IN)
    assert entry.actor == coordinator_user
    assert entry.remote_addr == "127.0.0.1"
    assert entry.content_type == ContentType.objects.get_for_model(
        AuditEvent, for_concrete_model=False
    )


def test_a_failed_sign_in_is_recorded_with_the_name_typed(client, coordinator_user):
    for login in (coordinator_user.email, "nobody@example.org"):
        response = client.post(reverse("account_login"), {"login": login, "password": "wrong"})
        assert response.status_code == 200
    failures = events(AuditEvent.Kind.SIGN_IN_FAILED)
    assert [entry.additional_data["typed"] for entry in failures] == [
        coordinator_user.email,
        "nobody@example.org",
    ]
    assert all(entry.actor is None for entry in failures)
    assert all(entry.remote_addr == "127.0.0.1" for entry in failures)
    assert "wrong" not in str(list(failures.values()))
    assert not events(AuditEvent.Kind.SIGN_IN).exists()


def test_behind_the_proxy_the_address_is_the_clients(client, coordinator_user, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    client.post(
        reverse("account_login"),
        {"login": coordinator_user.email, "password": "wrong"},
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    assert events(AuditEvent.Kind.SIGN_IN_FAILED).get().remote_addr == "203.0.113.7"


def test_without_a_trusted_proxy_a_forwarded_address_is_not_believed(client, coordinator_user):
    client.post(
        reverse("account_login"),
        {"login": coordinator_user.email, "password": "wrong"},
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    assert events(AuditEvent.Kind.SIGN_IN_FAILED).get().remote_addr == "127.0.0.1"


def test_a_page_refused_by_role_is_recorded(client, coordinator_user):
    client.force_login(coordinator_user)
    assert client.get(reverse("compliance:home")).status_code == 403
    [entry] = events(AuditEvent.Kind.ACCESS_REFUSED)
    assert entry.actor == coordinator_user
    assert entry.additional_data == {
        "event": "access_refused",
        "method": "GET",
        "path": "/compliance/",
    }
    assert entry.object_repr == "Refused GET /compliance/"


def test_an_admin_page_refused_is_recorded(client, district_admin_user):
    client.force_login(district_admin_user)
    assert client.get("/admin/sites/site/").status_code == 403
    [entry] = events(AuditEvent.Kind.ACCESS_REFUSED)
    assert (entry.actor, entry.additional_data["path"]) == (
        district_admin_user,
        "/admin/sites/site/",
    )


def test_a_csv_export_is_recorded_with_the_user_and_file(client, procurement_user):
    client.force_login(procurement_user)
    response = client.get(reverse("compliance:report_csv"), {"as_of": "2025-03-01"})
    assert response.status_code == 200
    [entry] = events(AuditEvent.Kind.EXPORT)
    assert entry.actor == procurement_user
    assert entry.additional_data["file"] == "compliance-report-2025-03-01.csv"
    assert entry.object_repr == "Exported compliance-report-2025-03-01.csv"


def test_a_streamed_csv_export_is_recorded(client, coordinator_user):
    engagement = EngagementFactory()
    engagement.school.coordinators.add(coordinator_user)
    client.force_login(coordinator_user)
    response = client.get(reverse("requests_app:engagements"), {"format": "csv"})
    assert response.status_code == 200
    b"".join(response.streaming_content)
    [entry] = events(AuditEvent.Kind.EXPORT)
    assert entry.actor == coordinator_user
    assert entry.additional_data["file"].startswith("engagements-")


# The District Admin reads the log in the admin


@pytest.fixture
def admin_client(client, district_admin_user):
    client.force_login(district_admin_user)
    return client


def listed(response) -> list[LogEntry]:
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def test_a_district_admin_who_is_not_a_superuser_reads_and_filters_the_log(
    admin_client, district_admin_user, procurement_user, coordinator_user
):
    assert not district_admin_user.is_superuser
    contract = ContractFactory()
    with set_actor(procurement_user):
        contract.title = "Renamed"
        contract.save()
    audit_sign_in(user=coordinator_user)
    LogEntry.objects.filter(additional_data__event="sign_in", actor=coordinator_user).update(
        timestamp=timezone.now() - timedelta(days=40)
    )
    url = reverse("admin:auditlog_logentry_changelist")

    page = admin_client.get(url)
    text = page.content.decode()
    assert "Renamed" in text or contract.number in text
    assert f"{coordinator_user.email} signed in" in text

    by_actor = listed(admin_client.get(url, {"actor": procurement_user.pk}))
    assert {entry.actor for entry in by_actor} == {procurement_user}
    contract_type = ContentType.objects.get_for_model(type(contract))
    by_model = listed(admin_client.get(url, {"model": contract_type.pk}))
    assert by_model and {entry.content_type for entry in by_model} == {contract_type}
    by_action = listed(admin_client.get(url, {"action__exact": LogEntry.Action.UPDATE}))
    assert {entry.action for entry in by_action} == {LogEntry.Action.UPDATE}
    by_event = listed(admin_client.get(url, {"event": "sign_in"}))
    assert {entry.actor for entry in by_event} == {coordinator_user, district_admin_user}
    changes = listed(admin_client.get(url, {"event": "change"}))
    assert changes and all(
        entry.content_type
        != ContentType.objects.get_for_model(AuditEvent, for_concrete_model=False)
        for entry in changes
    )
    # "Past 7 days", as the admin's date filter links it
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    recent = listed(admin_client.get(url, {"timestamp__gte": str(midnight - timedelta(days=7))}))
    assert coordinator_user not in {entry.actor for entry in recent}
    assert procurement_user in {entry.actor for entry in recent}
    found = listed(admin_client.get(url, {"q": coordinator_user.email}))
    assert {entry.actor for entry in found} == {coordinator_user}

    entry = by_actor[0]
    detail = admin_client.get(reverse("admin:auditlog_logentry_change", args=[entry.pk]))
    assert detail.status_code == 200
    assert "Renamed" in detail.content.decode()


def test_the_log_cannot_be_changed_in_the_admin(admin_client, procurement_user):
    entry = audit_sign_in(user=procurement_user)
    assert admin_client.get(reverse("admin:auditlog_logentry_add")).status_code == 403
    delete = reverse("admin:auditlog_logentry_delete", args=[entry.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert LogEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize("role", [Role.PARTNER, Role.COORDINATOR, Role.PROCUREMENT])
def test_other_roles_do_not_read_the_log(client, make_user, role):
    client.force_login(make_user(role))
    response = client.get(reverse("admin:auditlog_logentry_changelist"))
    assert response.status_code == 302  # to the admin's sign-in: not staff
    assert "/admin/login/" in response.url


# Retention


def test_entries_past_the_retention_period_are_purged_at_the_boundary(settings, coordinator_user):
    settings.AUDIT_RETENTION_DAYS = 30
    now = timezone.now()
    kept = audit_sign_in(user=coordinator_user)
    gone = audit_sign_in(user=coordinator_user)
    LogEntry.objects.filter(pk=kept.pk).update(timestamp=now - timedelta(days=30))
    LogEntry.objects.filter(pk=gone.pk).update(timestamp=now - timedelta(days=30, microseconds=1))
    assert audit_log_purge(now=now) == 1
    assert LogEntry.objects.filter(pk=kept.pk).exists()
    assert not LogEntry.objects.filter(pk=gone.pk).exists()


def test_the_nightly_job_purges_with_the_configured_period(
    settings, coordinator_user, beat_installed
):
    assert settings.AUDIT_RETENTION_DAYS == 730
    old = audit_sign_in(user=coordinator_user)
    recent = audit_sign_in(user=coordinator_user)
    LogEntry.objects.filter(pk=old.pk).update(timestamp=timezone.now() - timedelta(days=731))
    LogEntry.objects.filter(pk=recent.pk).update(timestamp=timezone.now() - timedelta(days=729))
    audit_purge.delay()
    assert list(LogEntry.objects.filter(pk__in=[old.pk, recent.pk])) == [recent]
    task = PeriodicTask.objects.get(name="Audit log: purge entries past retention")
    assert task.task == "audit.tasks.audit_purge"
    assert task.enabled


def test_a_new_partner_is_recorded_without_the_records_pointing_at_it():
    partner = PartnerFactory()
    [created] = changes_of(partner, LogEntry.Action.CREATE)
    assert created.changes_dict["confirmation_number"][1] == partner.confirmation_number
    assert not {"offers", "engagements", "certification_claims"} & set(created.changes_dict)


# A deleted account's personal data leaves the log


def test_forgetting_a_person_keeps_what_happened_without_their_data(client, coordinator_user):
    partner = PartnerFactory(phone="503-555-0100")
    email = partner.user.email
    client.post(reverse("account_login"), {"login": email, "password": PASSWORD})
    client.post(reverse("account_login"), {"login": email.upper(), "password": "wrong"})
    with set_actor(partner.user):
        partner.phone = "503-555-0199"
        partner.save()
    other = audit_sign_in(user=coordinator_user)
    partner_pk, user = partner.pk, partner.user
    user.delete()  # the partner's profile goes with the account

    assert audit_forget_person(email=email, records=[(Partner, partner_pk)]) >= 4
    remaining = " ".join(
        str([entry.object_repr, entry.changes, entry.additional_data, entry.actor_email])
        for entry in LogEntry.objects.exclude(pk=other.pk)
    )
    assert email not in remaining.lower()
    assert "503-555-01" not in remaining
    deleted = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Partner),
        object_id=partner_pk,
        action=LogEntry.Action.DELETE,
    )
    assert deleted.changes_dict["phone"] == ["(removed)", "(removed)"]
    assert events(AuditEvent.Kind.SIGN_IN).filter(object_repr="Sign-in (removed)").exists()
    assert LogEntry.objects.get(pk=other.pk).actor_email == coordinator_user.email


def test_a_clients_correlation_header_is_not_kept(client, coordinator_user):
    response = client.post(
        reverse("account_login"),
        {"login": coordinator_user.email, "password": "wrong"},
        HTTP_X_CORRELATION_ID="x" * 300,
    )
    assert response.status_code == 200
    assert events(AuditEvent.Kind.SIGN_IN_FAILED).get().cid is None
