"""Procurement signs in, imports contracts from a CSV file through the upload page, sees the
rejected row, opens the contract, and downloads the compliance report as CSV."""

import csv
import re
from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from compliance.models import Contract
from tests.accounts.factories import PASSWORD, UserFactory
from tests.compliance.factories import ContractFactory
from tests.e2e.test_accessibility import violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CONTRACTS_CSV = (
    "contract_number,contractor,value,start_date,end_date,signed_date,title\n"
    'E2E-001,Acme Robotics,"$1,000,000.00",2025-01-01,2025-12-31,2024-12-01,Makerspace robots\n'
    "E2E-002,Acme Robotics,one million,2025-01-01,2025-12-31,2024-12-01,Bad value\n"
    "E2E-003,Rose City Builders,99999.99,2025-01-01,2025-12-31,2024-12-01,Small repairs\n"
)
HEADER = [
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


def test_procurement_imports_contracts_and_downloads_the_report(page, tmp_path):
    UserFactory(email="buyer@pps.example", roles=[Role.PROCUREMENT])
    upload = tmp_path / "contracts.csv"
    upload.write_text(CONTRACTS_CSV, encoding="utf-8")

    page.goto("/")
    page.get_by_role("link", name="Sign in").first.click()
    page.get_by_label("Email").fill("buyer@pps.example")
    page.get_by_role("textbox", name="Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", name="Procurement home")).to_be_visible()

    page.get_by_role("link", name="Import a CSV").first.click()
    expect(page.get_by_role("heading", name="Import a CSV file")).to_be_visible()
    page.get_by_role("radio", name=re.compile(r"^Contracts")).check()
    page.get_by_label("CSV file").set_input_files(str(upload))
    page.get_by_role("button", name="Import").click()

    expect(
        page.get_by_role("heading", name="Contracts: 2 created, 0 updated, 0 unchanged, 1 rejected")
    ).to_be_visible()
    rejected = page.get_by_role("table", name="Rejected rows")
    expect(rejected.get_by_role("cell", name="line 3", exact=True)).to_be_visible()
    caption = rejected.get_by_text("Rejected rows").bounding_box()
    header = rejected.get_by_role("columnheader", name="Line").bounding_box()
    assert caption["y"] + caption["height"] <= header["y"], "the caption is above its table"
    expect(page.get_by_text("same import as", exact=False)).to_have_count(0)
    assert violations(page) == []
    expect(rejected).to_contain_text("value: 'one million' is not an amount in dollars")
    assert sorted(Contract.objects.values_list("number", flat=True)) == ["E2E-001", "E2E-003"]

    page.get_by_role("link", name="Contracts", exact=True).first.click()
    page.get_by_role("link", name="E2E-001").click()
    expect(page.get_by_role("heading", name="Contract E2E-001")).to_be_visible()
    expect(page.get_by_text("$1,000,000.00")).to_be_visible()

    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Report"
    ).click()
    expect(page.get_by_role("heading", name="Compliance report")).to_be_visible()
    page.get_by_label("Tier").select_option("major")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("link", name="E2E-003")).to_have_count(0)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download CSV").click()
    download = download_info.value
    assert re.fullmatch(r"compliance-report-\d{4}-\d{2}-\d{2}\.csv", download.suggested_filename)
    with open(download.path(), newline="", encoding="utf-8") as stream:
        rows = list(csv.reader(stream))
    assert rows[0] == HEADER
    assert rows[1:] == [
        [
            "E2E-001",
            "Acme Robotics",
            "major",
            "1",
            "2025-01-01",
            "2025-12-31",
            "4",
            "0",
            "no",
            "yes",
            "missed",
        ]
    ]


def sign_in_to_the_report(page):
    UserFactory(email="buyer@pps.example", roles=[Role.PROCUREMENT])
    ContractFactory(
        number="PPS-2025-CT-000123-A", value=Decimal("50000.00"), start_date=date(2025, 1, 1)
    )
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("buyer@pps.example")
    page.get_by_role("textbox", name="Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_role("link", name="Compliance report").first.click()
    expect(page.get_by_role("heading", name="Compliance report")).to_be_visible()


def test_on_a_phone_a_long_contract_number_stays_on_one_line(phone_page):
    page = phone_page
    sign_in_to_the_report(page)
    link = page.get_by_role("link", name="PPS-2025-CT-000123-A")
    expect(link).to_be_visible()
    line_height = link.evaluate("a => parseFloat(getComputedStyle(a).lineHeight)")
    assert link.evaluate("a => a.getClientRects().length") == 1
    assert link.bounding_box()["height"] < 1.5 * line_height
    row = page.get_by_role("row", name=re.compile("PPS-2025-CT-000123-A"))
    expect(row.get_by_role("cell", name="Not required", exact=True)).to_have_count(3)
    expect(row).not_to_contain_text("of 0")
    assert violations(page) == []
    # The import page's column lists wrap rather than push the page sideways.
    page.get_by_role("link", name="Import a CSV").click()
    expect(page.get_by_role("radio", name=re.compile("^Contracts"))).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


@pytest.mark.parametrize("width", [992, 1280, 1440])
def test_the_report_filter_labels_line_up(page, width):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_to_the_report(page)
    form = page.get_by_role("form", name="Filter the report")
    fields = ["As of", "Status", "Tier", "Contractor", "Contract year", "Calendar year"]
    labels = [form.get_by_text(name, exact=True).bounding_box() for name in fields]
    inputs = [form.get_by_label(name, exact=True).bounding_box() for name in fields]
    assert {round(box["y"]) for box in labels} == {round(labels[0]["y"])}, labels
    assert {round(box["height"]) for box in labels} == {round(labels[0]["height"])}, labels
    assert {round(box["y"]) for box in inputs} == {round(inputs[0]["y"])}, inputs
    assert labels[0]["height"] < 2 * form.get_by_text("Status", exact=True).evaluate(
        "label => parseFloat(getComputedStyle(label).fontSize)"
    ), "each label on one line"
    expect(form.get_by_label("At risk only")).to_be_visible()
    expect(form.get_by_role("button", name="Filter")).to_be_visible()
