"""At-risk reminders: from beat, through the outbox, once per contract year whatever how late
or how often the job runs."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django_celery_beat.models import PeriodicTask
from post_office.models import Email

from accounts.roles import Role
from compliance import tasks
from compliance.models import AtRiskReminder
from compliance.services import compliance_send_at_risk_reminders
from tests.accounts.factories import UserFactory
from tests.compliance.factories import ContractFactory, OpportunityFactory
from tests.expo.factories import ExpoEditionFactory
from tests.partners.factories import PartnerFactory

pytestmark = pytest.mark.django_db

YEAR_END = date(2024, 12, 31)


@pytest.fixture
def contract(make_user):
    contract = ContractFactory(
        number="C-77",
        value=Decimal("1500000.00"),
        start_date=date(2024, 1, 1),
        end_date=date(2025, 12, 31),
    )
    PartnerFactory(
        organization=contract.contractor, email="ana@contractor.example", is_organization_admin=True
    )
    PartnerFactory(
        organization=contract.contractor, email="raj@contractor.example", is_organization_admin=True
    )
    make_user(Role.PROCUREMENT, email="buyer@pps.example")
    OpportunityFactory(organization=contract.contractor, delivered_on=date(2024, 4, 1))
    ExpoEditionFactory(date=date(2024, 3, 12))
    return contract


def test_the_schedule_is_installed_by_beat(beat_installed):
    task = PeriodicTask.objects.get(name="Compliance: contract years at risk")
    assert task.task == "compliance.tasks.send_at_risk_reminders"
    assert task.crontab.hour == "7"
    assert task.enabled


def test_a_year_at_risk_is_emailed_to_the_contractor_and_procurement(
    contract, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert compliance_send_at_risk_reminders(today=YEAR_END - timedelta(days=30)) == 1
    assert len(mailoutbox) == 2
    to_contractor = next(m for m in mailoutbox if "ana@contractor.example" in m.to)
    assert to_contractor.to == ["ana@contractor.example", "raj@contractor.example"]
    assert to_contractor.subject == (
        "Contract C-77: year 1 ends December 31, 2024 with career-learning commitments still owed"
    )
    assert "Opportunities delivered: 1 of 4; still owed: 3" in to_contractor.body
    assert "Expo registration still owed: Expo 2024" in to_contractor.body
    assert "30 days left" in to_contractor.body
    assert "/partners/" in to_contractor.body
    to_procurement = next(m for m in mailoutbox if m.to == ["buyer@pps.example"])
    assert f"/compliance/contracts/{contract.pk}/" in to_procurement.body
    reminder = AtRiskReminder.objects.get()
    assert (reminder.contract, reminder.year, reminder.opportunities_owed) == (contract, 1, 3)


def test_a_reminder_goes_once_per_contract_year_however_often_the_job_runs(contract):
    assert compliance_send_at_risk_reminders(today=YEAR_END - timedelta(days=59)) == 1
    assert compliance_send_at_risk_reminders(today=YEAR_END - timedelta(days=59)) == 0
    assert compliance_send_at_risk_reminders(today=YEAR_END - timedelta(days=10)) == 0
    assert Email.objects.count() == 2
    # The next contract year is reminded again when it is at risk.
    assert compliance_send_at_risk_reminders(today=date(2025, 12, 1)) == 1
    assert list(AtRiskReminder.objects.order_by("year").values_list("year", flat=True)) == [1, 2]


def test_a_late_run_still_sends_on_the_last_day(contract):
    assert compliance_send_at_risk_reminders(today=YEAR_END) == 1


def test_no_reminder_before_the_last_60_days_or_once_the_year_is_over(contract):
    assert compliance_send_at_risk_reminders(today=YEAR_END - timedelta(days=60)) == 0
    assert compliance_send_at_risk_reminders(today=YEAR_END + timedelta(days=1)) == 0
    assert not Email.objects.exists()


def test_no_reminder_for_a_year_already_met_or_a_none_tier_contract(contract):
    contract.value = Decimal("150000.00")
    contract.save()
    OpportunityFactory(organization=contract.contractor, delivered_on=date(2024, 5, 1))
    ContractFactory(value=Decimal("5000.00"), start_date=date(2024, 1, 1))
    assert compliance_send_at_risk_reminders(today=YEAR_END - timedelta(days=5)) == 0


def test_a_contractor_without_contacts_is_still_reported_to_procurement(make_user):
    make_user(Role.PROCUREMENT, email="buyer@pps.example")
    ContractFactory(start_date=date(2024, 1, 1))
    assert compliance_send_at_risk_reminders(today=YEAR_END - timedelta(days=5)) == 1
    [email] = Email.objects.all()
    assert email.to == ["buyer@pps.example"]


def test_the_task_runs_the_service(contract, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args: YEAR_END - timedelta(days=3))
    tasks.send_at_risk_reminders()
    assert AtRiskReminder.objects.count() == 1


def test_a_contractor_without_a_confirmed_admin_is_told_once_one_is_confirmed(settings):
    from compliance.models import AtRiskReminder
    from compliance.services import compliance_send_at_risk_reminders

    contract = ContractFactory(
        value=Decimal("150000.00"), start_date=date(2025, 1, 1), end_date=date(2027, 12, 31)
    )
    as_of = date(2025, 12, 1)
    procurement = UserFactory(roles=[Role.PROCUREMENT], email="buyer@pps.example")
    member = PartnerFactory(organization=contract.contractor, email="member@contractor.example")
    assert compliance_send_at_risk_reminders(today=as_of) == 1
    assert [e.to for e in Email.objects.all()] == [[procurement.email]]
    assert AtRiskReminder.objects.get().contractor_notified_at is None
    assert compliance_send_at_risk_reminders(today=as_of + timedelta(days=1)) == 0
    member.is_organization_admin = True
    member.save()
    assert compliance_send_at_risk_reminders(today=as_of + timedelta(days=2)) == 1
    assert compliance_send_at_risk_reminders(today=as_of + timedelta(days=3)) == 0
    assert sorted(e.to[0] for e in Email.objects.all()) == [
        "buyer@pps.example",
        "member@contractor.example",
    ]
