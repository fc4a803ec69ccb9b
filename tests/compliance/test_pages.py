"""Procurement's pages: who may open them, contracts added and edited, opportunities recorded,
CSV uploads, the report with its filters and download, bounded queries, the partner home."""

import csv
import io
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from compliance.models import Contract, Opportunity
from partners.models import Experience
from tests.compliance.factories import ContractFactory, OpportunityFactory
from tests.expo.factories import ExpoEditionFactory, RegistrationFactory
from tests.partners.factories import OrganizationFactory, PartnerFactory

pytestmark = pytest.mark.django_db

PROCUREMENT_URLS = [
    ("compliance:home", []),
    ("compliance:contract_list", []),
    ("compliance:contract_create", []),
    ("compliance:contract_detail", ["contract"]),
    ("compliance:contract_edit", ["contract"]),
    ("compliance:opportunity_create", []),
    ("compliance:import", []),
    ("compliance:report", []),
    ("compliance:report_csv", []),
    ("expo:registrations", []),
    ("expo:registrations_csv", []),
    ("compliance:expo_owed", []),
    ("compliance:expo_owed_csv", []),
]
EXPECTED = {
    Role.PARTNER: 403,
    Role.COORDINATOR: 403,
    Role.PROCUREMENT: 200,
    Role.DISTRICT_ADMIN: 200,
    None: 403,  # signed in without any role
}


def url_for(name, args):
    contract = ContractFactory() if args else None
    return reverse(name, args=[contract.pk] if contract else [])


@pytest.mark.parametrize(("name", "args"), PROCUREMENT_URLS)
@pytest.mark.parametrize("role", list(EXPECTED))
def test_permission_matrix(client, make_user, name, args, role):
    ExpoEditionFactory(date=timezone.localdate() + timedelta(days=60))
    client.force_login(make_user(role))
    assert client.get(url_for(name, args)).status_code == EXPECTED[role]


@pytest.mark.parametrize(("name", "args"), PROCUREMENT_URLS)
def test_signed_out_visitors_are_sent_to_sign_in(client, name, args):
    url = url_for(name, args)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_an_unknown_contract_is_not_found(client, procurement_user):
    client.force_login(procurement_user)
    assert client.get(reverse("compliance:contract_detail", args=[999999])).status_code == 404


CONTRACT_FORM = {
    "contract_number": "PPS-2025-001",
    "contractor": "  acme ROBOTICS ",
    "title": "Robots for the makerspace",
    "value": "$1,000,000.00",
    "start_date": "2025-01-01",
    "end_date": "2026-12-31",
    "signed_date": "2024-12-15",
    "other_proof": "",
}


def test_procurement_adds_a_contract(client, procurement_user):
    organization = OrganizationFactory(name="Acme Robotics")
    client.force_login(procurement_user)
    response = client.post(reverse("compliance:contract_create"), CONTRACT_FORM)
    contract = Contract.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("compliance:contract_detail", args=[contract.pk])
    assert contract.contractor == organization
    assert contract.value == Decimal("1000000.00")
    page = client.get(response.url).content.decode()
    assert "$1,000,000.00" in page
    assert "Major ($1,000,000 and more)" in page
    assert "Contract PPS-2025-001 created." in page


def test_contract_form_errors_are_shown_next_to_the_fields_and_nothing_is_lost(
    client, procurement_user
):
    ContractFactory(number="PPS-TAKEN")
    client.force_login(procurement_user)
    data = {**CONTRACT_FORM, "value": "a lot", "end_date": "2024-01-01"}
    response = client.post(reverse("compliance:contract_create"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter an amount in dollars" in page
    assert 'id="error_1_id_value"' in page  # the message sits under its field
    assert 'value="Robots for the makerspace"' in page
    assert 'value="a lot"' in page
    data = {**CONTRACT_FORM, "contract_number": "PPS-TAKEN", "end_date": "2024-01-01"}
    page = client.post(reverse("compliance:contract_create"), data).content.decode()
    assert "another contract already has the number PPS-TAKEN" in page
    assert "is before the start date 2025-01-01" in page
    assert 'id="error_1_id_end_date"' in page
    assert 'id="error_1_id_contract_number"' in page
    assert Contract.objects.count() == 1


def test_procurement_edits_a_contract_and_records_other_proof(client, procurement_user):
    contract = ContractFactory(other_proof="", value=Decimal("250000.00"))
    client.force_login(procurement_user)
    url = reverse("compliance:contract_edit", args=[contract.pk])
    page = client.get(url).content.decode()
    assert 'value="250000.00"' in page
    data = {
        **CONTRACT_FORM,
        "contract_number": contract.number,
        "contractor": contract.contractor.name,
        "other_proof": "Auto reply attached, dated 2023-12-01",
    }
    assert client.post(url, data).status_code == 302
    contract.refresh_from_db()
    assert contract.other_proof == "Auto reply attached, dated 2023-12-01"
    assert contract.tier == "major"


def test_procurement_records_an_opportunity_by_hand_once(client, procurement_user):
    organization = OrganizationFactory(name="Acme")
    client.force_login(procurement_user)
    data = {
        "organization": "acme",
        "date": "2024-02-01",
        "experience": Experience.objects.get(code="job_shadow").pk,
        "school": "",
        "students": "12",
        "note": "Shadow day",
    }
    response = client.post(reverse("compliance:opportunity_create"), data, follow=True)
    assert "Opportunity recorded for Acme." in response.content.decode()
    response = client.post(reverse("compliance:opportunity_create"), data, follow=True)
    assert "already recorded; it still counts once" in response.content.decode()
    opportunity = Opportunity.objects.get()
    assert (opportunity.organization, opportunity.recorded_by) == (organization, procurement_user)


def test_an_opportunity_of_an_unknown_organization_or_in_the_future_is_refused(
    client, procurement_user
):
    client.force_login(procurement_user)
    data = {
        "organization": "Nobody",
        "date": (timezone.localdate() + timedelta(days=1)).isoformat(),
        "experience": Experience.objects.get(code="job_shadow").pk,
        "note": "Kept",
    }
    page = client.post(reverse("compliance:opportunity_create"), data).content.decode()
    assert "No organization is named “Nobody”" in page
    assert "this date is ahead" in page
    assert 'value="Kept"' in page
    assert not Opportunity.objects.exists()


def upload(client, kind, text):
    file = SimpleUploadedFile("data.csv", text.encode(), content_type="text/csv")
    return client.post(reverse("compliance:import"), {"kind": kind, "file": file}, follow=True)


def test_uploading_a_csv_imports_it_and_lists_the_rejected_rows(client, procurement_user):
    client.force_login(procurement_user)
    text = (
        "contract_number,contractor,value,start_date,end_date,signed_date,title\n"
        "C-1,Acme,250000,2024-01-01,2024-12-31,2023-12-01,Good\n"
        "C-2,Acme,oops,2024-01-01,2024-12-31,2023-12-01,Bad\n"
    )
    page = upload(client, "contracts", text).content.decode()
    assert "Contracts: 1 created, 0 updated, 0 unchanged, 1 rejected" in page
    assert "line 3" in page
    assert "value: &#x27;oops&#x27; is not an amount in dollars" in page
    assert list(Contract.objects.values_list("number", flat=True)) == ["C-1"]


def test_the_rejected_rows_caption_sits_above_its_table(client, procurement_user):
    client.force_login(procurement_user)
    text = (
        "contract_number,contractor,value,start_date,end_date,signed_date,title\n"
        "C-2,Acme,oops,2024-01-01,2024-12-31,2023-12-01,Bad\n"
    )
    page = upload(client, "contracts", text).content.decode()
    [table] = re.findall(r"<table[^>]*>\s*<caption[^>]*>Rejected rows</caption>", page)
    assert "caption-top" in table, "Bootstrap puts captions below tables unless caption-top"


# What developers call things, which procurement staff should never have to read.
DEVELOPER_WORDING = re.compile(
    r"command|\bbeat\b|celery|\btask|import_\w+|<code>|\bheader\b|selector|django",
    re.IGNORECASE,
)


@pytest.mark.parametrize(
    "name",
    [
        name
        for name, args in PROCUREMENT_URLS
        if not name.endswith("_csv") and name != "compliance:contract_detail"
    ],
)
def test_staff_pages_speak_to_procurement_staff_not_developers(
    client, procurement_user, name, report_data
):
    edition = ExpoEditionFactory(date=timezone.localdate() + timedelta(days=20))
    ContractFactory(value=Decimal("1500000.00"), start_date=timezone.localdate())
    client.force_login(procurement_user)
    args = [Contract.objects.first().pk] if name == "compliance:contract_edit" else []
    response = client.get(reverse(name, args=args), {"edition": edition.pk})
    main = response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
    text = re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)\b.*?</\1>", "", main, flags=re.S))
    assert not DEVELOPER_WORDING.findall(text)
    assert "<code>" not in main


def test_uploading_a_file_with_the_wrong_header_says_so(client, procurement_user):
    client.force_login(procurement_user)
    page = upload(client, "opportunities", "name,when\nAcme,2024-01-01\n").content.decode()
    assert "missing column(s): organization, date, experience" in page


def test_uploading_a_file_that_is_not_utf8_says_so(client, procurement_user):
    client.force_login(procurement_user)
    file = SimpleUploadedFile("data.csv", "organization,date\nCafé".encode("latin-1"))
    page = client.post(
        reverse("compliance:import"), {"kind": "opportunities", "file": file}
    ).content.decode()
    assert "not a UTF-8 text file" in page


@pytest.fixture
def report_data():
    today = timezone.localdate()
    at_risk = ContractFactory(
        number="C-RISK",
        contractor=OrganizationFactory(name="Risky Co"),
        start_date=today - timedelta(days=330),
        end_date=today + timedelta(days=400),
    )
    met = ContractFactory(number="C-MET", contractor=OrganizationFactory(name="=Formula Co"))
    OpportunityFactory(organization=met.contractor, delivered_on=date(2024, 2, 1))
    OpportunityFactory(organization=met.contractor, delivered_on=date(2024, 3, 1))
    ContractFactory(number="C-MAJOR", value=Decimal("1000000.00"))
    return at_risk, met


def test_the_report_highlights_years_at_risk_and_filters(client, procurement_user, report_data):
    client.force_login(procurement_user)
    page = client.get(reverse("compliance:report")).content.decode()
    assert "C-RISK" in page and "C-MET" in page
    assert "table-warning" in page
    assert "1 at risk" in page
    page = client.get(reverse("compliance:report"), {"at_risk": "on"}).content.decode()
    assert "C-RISK" in page and "C-MET" not in page
    page = client.get(reverse("compliance:report"), {"status": "met"}).content.decode()
    assert "C-MET" in page and "C-RISK" not in page
    page = client.get(reverse("compliance:report"), {"tier": "major"}).content.decode()
    assert "C-MAJOR" in page and "C-MET" not in page
    page = client.get(reverse("compliance:report"), {"contractor": "risky"}).content.decode()
    assert "C-RISK" in page and "C-MET" not in page
    page = client.get(reverse("compliance:report"), {"year": "2"}).content.decode()
    assert "C-RISK" in page and "C-MET" not in page
    page = client.get(reverse("compliance:report"), {"calendar_year": "2024"}).content.decode()
    assert "C-MET" in page and "C-RISK" not in page


def report_row(page: str, number: str) -> list[str]:
    """The cells of the report's row for this contract, as text."""
    [row] = [r for r in re.findall(r"<tr\b.*?</tr>", page, flags=re.S) if f">{number}<" in r]
    return [
        " ".join(re.sub(r"<[^>]+>", " ", cell).split())
        for cell in re.findall(r"<td\b.*?</td>", row, flags=re.S)
    ]


def test_the_report_says_not_required_rather_than_one_of_zero_or_a_bare_yes(
    client, procurement_user
):
    small = ContractFactory(number="PPS-2025-CT-000123-A", value=Decimal("50000.00"))
    OpportunityFactory(organization=small.contractor, delivered_on=date(2024, 3, 1))
    ContractFactory(number="C-STANDARD", value=Decimal("250000.00"))
    major = ContractFactory(number="C-MAJOR", value=Decimal("1500000.00"))
    ExpoEditionFactory(date=date(2024, 3, 12))
    client.force_login(procurement_user)
    page = client.get(reverse("compliance:report"), {"as_of": "2024-06-01"}).content.decode()
    cells = report_row(page, "PPS-2025-CT-000123-A")
    assert cells[6:9] == ["Not required (1 delivered)", "No", "Not required"]
    assert "of 0" not in page
    assert report_row(page, "C-STANDARD")[6:9] == ["0 of 2", "No", "Not required"]
    assert report_row(page, "C-MAJOR")[6:9] == ["0 of 4", "Yes", "No"]
    # The contract number never breaks at its hyphens.
    assert re.search(
        rf'<td class="text-nowrap"><a href="{reverse("compliance:contract_detail", args=[major.pk])}">',
        page,
    )


def test_the_report_downloads_as_csv_with_the_filters(client, procurement_user, report_data):
    client.force_login(procurement_user)
    response = client.get(reverse("compliance:report_csv"), {"as_of": "2025-01-01"})
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="compliance-report-2025-01-01.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "contract_number",
        "contractor",
        "tier",
        "year",
        "year_start",
        "year_end",
        "opportunities_required",
        "opportunities_delivered",
        "expo_required",
        "expo_met",
        "status",
    ]
    met = next(row for row in rows if row[0] == "C-MET")
    assert met == [
        "C-MET",
        "'=Formula Co",
        "standard",
        "1",
        "2024-01-01",
        "2024-12-31",
        "2",
        "2",
        "no",
        "yes",
        "met",
    ]
    response = client.get(reverse("compliance:report_csv"), {"status": "met"})
    assert [row[0] for row in csv.reader(io.StringIO(response.content.decode()))][1:] == ["C-MET"]


def many_contracts(count=30):
    edition = ExpoEditionFactory(date=date(2024, 3, 12))
    for index in range(count):
        contract = ContractFactory(
            value=Decimal("1000000.00") if index % 2 else Decimal("150000.00"),
            end_date=date(2026, 12, 31),
        )
        PartnerFactory(organization=contract.contractor)
        OpportunityFactory(organization=contract.contractor, delivered_on=date(2024, 2, 1))
        if index % 3 == 0:
            RegistrationFactory(edition=edition, organization=contract.contractor)
    return edition


@pytest.mark.parametrize(
    "name",
    [
        "compliance:home",
        "compliance:contract_list",
        "compliance:report",
        "compliance:report_csv",
        "expo:registrations",
        "expo:registrations_csv",
        "compliance:expo_owed",
        "compliance:expo_owed_csv",
    ],
)
def test_list_pages_make_a_bounded_number_of_queries(
    client, procurement_user, django_assert_max_num_queries, name
):
    edition = many_contracts(30)
    client.force_login(procurement_user)
    params = {"edition": edition.pk} if name.startswith("expo") else {}
    with django_assert_max_num_queries(20):
        response = client.get(reverse(name), params)
    assert response.status_code == 200
    many_contracts(30)
    with django_assert_max_num_queries(20):
        assert client.get(reverse(name), params).status_code == 200


def test_the_contract_page_shows_each_year_and_what_counted(client, procurement_user):
    contract = ContractFactory(end_date=date(2025, 12, 31), other_proof="")
    OpportunityFactory(
        organization=contract.contractor, delivered_on=date(2024, 5, 1), note="Career day"
    )
    client.force_login(procurement_user)
    page = client.get(reverse("compliance:contract_detail", args=[contract.pk])).content.decode()
    assert "Year 1: Jan 1, 2024 to Dec 31, 2024" in page
    assert "Year 2: Jan 1, 2025 to Dec 31, 2025" in page
    assert "Career day" in page
    assert "1 delivered of 2 required" in page
    assert "Missing: nobody of" in page


def test_a_contractors_people_see_its_obligations_on_their_home(client):
    today = timezone.localdate()
    contract = ContractFactory(
        number="PPS-OWN",
        value=Decimal("1200000.00"),
        start_date=today - timedelta(days=100),
        end_date=today + timedelta(days=600),
    )
    OpportunityFactory(organization=contract.contractor, delivered_on=today - timedelta(days=5))
    ExpoEditionFactory(date=today + timedelta(days=90))
    ContractFactory(number="PPS-OTHER")
    partner = PartnerFactory(organization=contract.contractor, is_organization_admin=True)
    client.force_login(partner.user)
    page = client.get(reverse("partners:home")).content.decode()
    assert "Contract PPS-OWN" in page
    assert "1 of 4" in page
    assert "3 more opportunities" in page
    assert "PPS-OTHER" not in page
    assert f"Register {contract.contractor} for the Expo" in page


def test_a_partner_without_an_organization_sees_no_obligations(client):
    partner = PartnerFactory()
    client.force_login(partner.user)
    page = client.get(reverse("partners:home")).content.decode()
    assert "career-learning commitments" not in page


def test_coordinators_never_see_contract_values(client, coordinator_user):
    ContractFactory(value=Decimal("1234567.89"))
    client.force_login(coordinator_user)
    for name in ("compliance:home", "compliance:contract_list", "compliance:report"):
        response = client.get(reverse(name))
        assert response.status_code == 403
        assert "1,234,567.89" not in response.content.decode()


def test_a_member_not_confirmed_as_admin_sees_no_contract_and_cannot_register(client):
    contract = ContractFactory(number="PPS-SECRET", value=Decimal("1250000.00"))
    ExpoEditionFactory(date=timezone.localdate() + timedelta(days=90))
    claimant = PartnerFactory(organization=contract.contractor)
    client.force_login(claimant.user)
    page = client.get(reverse("partners:home")).content.decode()
    assert "PPS-SECRET" not in page and "1,250,000" not in page
    assert "organization admin" in page
    assert client.get(reverse("expo:register")).status_code == 403
    assert client.post(reverse("expo:register"), {"kind": "exhibitor"}).status_code == 403
