"""A newcomer signs up, verifies the email from the mailbox, signs out and signs in again."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "walking-to-the-career-fair"


def test_sign_up_verify_email_and_sign_in(page, mailoutbox):
    page.goto("/")
    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Email").fill("jordan.lee@example.org")
    page.get_by_role("textbox", name="Password", exact=True).fill(PASSWORD)
    page.get_by_role("textbox", name="Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()

    [message] = mailoutbox
    assert message.to == ["jordan.lee@example.org"]
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Welcome")).to_be_visible()

    page.get_by_role("link", name="Sign out").click()
    page.get_by_role("button", name="Sign Out").click()
    page.get_by_role("link", name="Sign in").first.click()
    page.get_by_label("Email").fill("jordan.lee@example.org")
    page.get_by_role("textbox", name="Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", name="Welcome")).to_be_visible()
    expect(page.get_by_text("Signed in as jordan.lee@example.org", exact=True)).to_be_visible()


def test_navigation_collapses_and_opens_on_a_phone(phone_page):
    phone_page.goto("/")
    menu = phone_page.get_by_role("link", name="How it works").first
    expect(phone_page.get_by_role("button", name="Toggle navigation")).to_be_visible()
    phone_page.get_by_role("button", name="Toggle navigation").click()
    expect(menu).to_be_visible()
