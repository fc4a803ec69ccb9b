"""Expo deadline reminders: from beat, to major contractors without a registration, from 30
days before the deadline, once per edition and organization."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django_celery_beat.models import PeriodicTask
from post_office.models import Email

from compliance import tasks
from compliance.services import expo_send_deadline_reminders
from expo.models import DeadlineReminder
from tests.compliance.factories import ContractFactory
from tests.expo.factories import ExpoEditionFactory, RegistrationFactory, SponsorLevelFactory
from tests.partners.factories import OrganizationFactory, PartnerFactory

pytestmark = pytest.mark.django_db

DEADLINE = date(2025, 1, 26)


@pytest.fixture
def edition():
    return ExpoEditionFactory(date=date(2025, 3, 12), registration_deadline=DEADLINE)


@pytest.fixture
def contractor():
    contract = ContractFactory(
        number="C-BIG",
        contractor=OrganizationFactory(name="Big Co"),
        value=Decimal("1000000.00"),
        start_date=date(2024, 7, 1),
        end_date=date(2026, 6, 30),
    )
    PartnerFactory(
        organization=contract.contractor, email="lead@big.example", is_organization_admin=True
    )
    return contract.contractor


def test_the_schedule_is_installed_by_beat(beat_installed):
    task = PeriodicTask.objects.get(name="Expo: registration deadline reminders")
    assert task.task == "compliance.tasks.send_expo_deadline_reminders"


def test_a_major_contractor_without_registration_is_reminded_once(
    edition, contractor, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert expo_send_deadline_reminders(today=DEADLINE - timedelta(days=30)) == 1
    [email] = mailoutbox
    assert email.to == ["lead@big.example"]
    assert email.subject == "Register Big Co for the Expo 2025 by January 26, 2025"
    assert "/expo/register/" in email.body
    assert "contract year 1 (Jul 1, 2024 to Jun 30, 2025)" in email.body
    assert "- C-BIG (" in email.body
    assert expo_send_deadline_reminders(today=DEADLINE - timedelta(days=30)) == 0
    assert expo_send_deadline_reminders(today=DEADLINE) == 0
    assert DeadlineReminder.objects.get().organization == contractor
    assert Email.objects.count() == 1


def test_a_late_run_on_the_deadline_still_reminds(edition, contractor):
    assert expo_send_deadline_reminders(today=DEADLINE) == 1


def test_no_reminder_before_the_window_or_after_the_deadline(edition, contractor):
    assert expo_send_deadline_reminders(today=DEADLINE - timedelta(days=31)) == 0
    assert expo_send_deadline_reminders(today=DEADLINE + timedelta(days=1)) == 0
    assert not Email.objects.exists()


def test_registered_or_smaller_contractors_are_not_reminded(edition, contractor):
    RegistrationFactory(edition=edition, organization=contractor)
    standard = ContractFactory(value=Decimal("999999.99"), start_date=date(2024, 7, 1))
    PartnerFactory(organization=standard.contractor)
    assert expo_send_deadline_reminders(today=DEADLINE - timedelta(days=5)) == 0


def test_a_sponsor_below_the_exhibitor_equivalent_level_is_still_reminded(edition, contractor):
    level = SponsorLevelFactory(edition=edition, exhibitor_equivalent=False)
    RegistrationFactory(
        edition=edition, organization=contractor, kind="sponsor", sponsor_level=level
    )
    assert expo_send_deadline_reminders(today=DEADLINE - timedelta(days=5)) == 1


def test_a_contractor_without_contacts_is_reminded_once_someone_registers(edition):
    contract = ContractFactory(value=Decimal("1000000.00"), start_date=date(2024, 7, 1))
    assert expo_send_deadline_reminders(today=DEADLINE - timedelta(days=20)) == 0
    assert not DeadlineReminder.objects.exists()
    PartnerFactory(organization=contract.contractor, is_organization_admin=True)
    assert expo_send_deadline_reminders(today=DEADLINE - timedelta(days=19)) == 1


def test_the_task_runs_the_service(edition, contractor, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args: DEADLINE - timedelta(days=2))
    tasks.send_expo_deadline_reminders()
    assert DeadlineReminder.objects.count() == 1
