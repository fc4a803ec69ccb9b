"""What browser tests share: signing in as a user acts."""

from playwright.sync_api import expect

from tests.accounts.factories import PASSWORD


def sign_in(page, email: str) -> None:
    """Sign in through allauth's form with the factories' password; wait until signed in."""
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_role("textbox", name="Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("link", name="Sign in")).to_have_count(0)
