"""A District Admin who is not a superuser works in the Django admin: renames a catalog
entry and confirms a partner as their organization's admin."""

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from partners.models import Partner, Pathway
from tests.accounts.factories import PASSWORD, UserFactory
from tests.partners.factories import OrganizationFactory, PartnerFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_district_admin_edits_a_catalog_and_confirms_an_organization_admin(page):
    admin = UserFactory(roles=[Role.DISTRICT_ADMIN], email="dana.reyes@district.example")
    assert not admin.is_superuser
    organization = OrganizationFactory(name="Rose City Builders")
    partner = PartnerFactory(first_name="Rosa", last_name="Builder", organization=organization)
    pathway = Pathway.objects.order_by("position").first()

    page.goto("/admin/")
    page.get_by_label("Email").fill(admin.email)
    page.get_by_role("textbox", name="Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()

    page.get_by_role("rowheader", name="Pathways", exact=True).get_by_role("link").click()
    page.get_by_role("link", name=pathway.name, exact=True).click()
    page.get_by_label("Name").fill("Health Sciences and Nursing")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("was changed successfully")).to_be_visible()
    pathway.refresh_from_db()
    assert pathway.name == "Health Sciences and Nursing"

    page.goto("/admin/")
    page.get_by_role("rowheader", name="Partners", exact=True).get_by_role("link").click()
    page.get_by_role("row").filter(has_text="Rosa Builder").get_by_role("checkbox").check()
    page.get_by_role("combobox", name="Action").select_option(
        label="Confirm as their organization's admin"
    )
    page.get_by_role("button", name="Go").click()
    expect(page.get_by_text("1 partner(s) confirmed as organization admin.")).to_be_visible()
    assert Partner.objects.get(pk=partner.pk).is_organization_admin
