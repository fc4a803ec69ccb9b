"""A partner finds their data from their home, downloads it, and deletes their account."""

import json

import pytest
from playwright.sync_api import expect

from accounts.models import User
from tests.accounts.factories import PASSWORD
from tests.e2e.support import sign_in
from tests.partners.factories import PartnerFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_partner_downloads_their_data_and_deletes_their_account(page):
    partner = PartnerFactory(first_name="Maria", user__email="maria@acme.example")
    sign_in(page, "maria@acme.example")
    page.goto("/partners/")
    page.get_by_role("link", name="Your data: download it, or delete your account").click()
    expect(page.get_by_role("heading", name="Your data", level=1)).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name="Download as data (JSON)").click()
    data = json.loads(download.value.path().read_text())
    assert data["profile"]["first_name"] == "Maria"
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as a spreadsheet (CSV)").click()
    assert download.value.path().read_text().startswith("section,item,field,value")

    page.get_by_role("link", name="Delete your account").click()
    page.get_by_label("Your password").fill("not my password")
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_text("This is not your password.").first).to_be_visible()
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_text("Your account and your personal data were deleted.")).to_be_visible()
    assert not User.objects.filter(pk=partner.user_id).exists()

    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("maria@acme.example")
    page.get_by_role("textbox", name="Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_text("not correct")).to_be_visible()
