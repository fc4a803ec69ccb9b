"""The public survey against abuse: it never tells whether an address has an account, it
limits what one client may post, and it drops what a bot fills in."""

import re

import pytest
from django.urls import reverse
from post_office.models import Email

from accounts.models import User
from accounts.roles import Role
from partners.models import Organization, Partner
from tests.partners.factories import OrganizationFactory
from tests.partners.test_survey import URL, post_step, step_data, walk

pytestmark = pytest.mark.django_db

THANKS = reverse("partners:survey_thanks")


def finish(client, email, **final):
    """Walk the whole survey with `email`; returns the thank-you page's text."""
    client.get(URL)
    response = walk(client, step_data(profile={"email": email}, final=final))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response.url == THANKS
    return client.get(THANKS).content.decode()


@pytest.mark.parametrize("role", [Role.PARTNER, Role.PROCUREMENT, Role.DISTRICT_ADMIN])
def test_the_pages_are_the_same_whether_the_email_has_an_account(client, make_user, role):
    make_user(role, email="taken@example.org")
    other = client.__class__()

    for step in ("profile", "certifications", "pathways"):
        taken = walk(client, step_data(profile={"email": "taken@example.org"}), until=step)
        free = walk(other, step_data(profile={"email": "free@example.org"}), until=step)
        assert taken.status_code == free.status_code == 200
        assert strip_tokens(taken, "taken") == strip_tokens(free, "free"), step

    taken_page = finish(client, "taken@example.org").replace("taken@", "someone@")
    free_page = finish(other, "free@example.org").replace("free@", "someone@")
    assert without_csrf(taken_page) == without_csrf(free_page)
    assert "account" not in taken_page.split("<main", 1)[1].split("verify")[0].lower()


def strip_tokens(response, name):
    """A page without what differs between two sessions (CSRF token, the typed email)."""
    page = response.content.decode().replace(f"{name}@example.org", "someone@example.org")
    return without_csrf(page)


def without_csrf(page: str) -> str:
    """The page without its CSRF tokens (every page has one: the language switcher's)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


def test_the_owner_of_an_existing_address_is_emailed_and_nothing_is_created(
    client, make_user, mailoutbox, django_capture_on_commit_callbacks
):
    staff = make_user(Role.PROCUREMENT, email="buyer@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        finish(client, "Buyer@Example.org")
    assert User.objects.count() == 1
    assert not Partner.objects.exists()
    assert not Organization.objects.filter(name="Rose City Clinic").exists()
    assert not staff.groups.filter(name=Role.PARTNER.group_name).exists()
    [message] = mailoutbox
    assert message.to == ["buyer@example.org"]
    assert message.subject == "Someone filled the Partner Connect survey with your email address"
    assert "if it was you" in message.body.lower()
    assert "/accounts/password/reset/" in message.body
    html = message.alternatives[0][0]
    assert reverse("account_login") in html


def test_a_bot_filling_the_honeypot_sees_the_thank_you_page_and_creates_nothing(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = finish(client, "bot@example.org", website="http://cheap-pills.example")
    assert "Thank you for completing our survey" in page
    assert not User.objects.exists()
    assert not Partner.objects.exists()
    assert not Email.objects.exists()
    assert not mailoutbox


def test_the_honeypot_is_hidden_from_people_and_screen_readers(client):
    walk(client, step_data(), until="pathways")
    page = client.get(URL).content.decode()
    field = page.split('id="id_final-website"')[0].rsplit("<div", 1)[1]
    assert 'class="visually-hidden"' in field and 'aria-hidden="true"' in field
    tag = (
        page.split('id="id_final-website"')[1].split(">")[0]
        + page.split('id="id_final-website"')[0].rsplit("<input", 1)[1]
    )
    assert 'tabindex="-1"' in tag and 'autocomplete="off"' in tag


def test_a_signed_in_partner_has_no_honeypot(client, make_user):
    client.force_login(make_user(Role.PARTNER))
    data = step_data()
    walk(client, data, until="pathways")
    assert "final-website" not in client.get(URL).content.decode()


def test_submissions_over_the_limit_get_a_429_and_create_nothing(
    client, settings, django_capture_on_commit_callbacks
):
    settings.SURVEY_RATE_LIMITS = {"survey_submit": "2/h/ip"}
    with django_capture_on_commit_callbacks(execute=True):
        finish(client, "one@example.org")
        finish(client, "two@example.org")
        client.get(URL)
        response = walk(client, step_data(profile={"email": "three@example.org"}))
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many submissions from your connection; try again in an hour" in page
    assert sorted(User.objects.values_list("email", flat=True)) == [
        "one@example.org",
        "two@example.org",
    ]
    assert Partner.objects.count() == 2
    # The answers are kept: the page says nothing is lost, and it is true.
    assert "Step 8 of 8" in client.get(URL).content.decode()


def test_another_client_is_not_held_back_by_one_clients_limit(client, settings):
    settings.SURVEY_RATE_LIMITS = {"survey_submit": "1/h/ip"}
    finish(client, "one@example.org")
    client.get(URL)
    assert walk(client, step_data(profile={"email": "two@example.org"})).status_code == 429

    other = client.__class__(REMOTE_ADDR="203.0.113.9")
    finish(other, "two@example.org")
    assert Partner.objects.count() == 2


def test_step_posts_are_limited_generously(client, settings):
    settings.SURVEY_RATE_LIMITS = {"survey_step": "3/m/ip"}
    data = step_data()
    client.get(URL)
    for _ in range(3):
        assert post_step(client, "profile", data["profile"]).status_code == 200
    response = post_step(client, "profile", data["profile"])
    assert response.status_code == 429
    assert "try again in a minute" in response.content.decode()


def test_the_default_limits_let_a_whole_survey_through_with_back_and_errors(client):
    for email in ("a@example.org", "b@example.org", "c@example.org"):
        client.get(URL)
        walk(client, step_data(profile={"email": email}), until="pathways")
        client.post(URL, {"survey_wizard-current_step": "final", "wizard_goto_step": "profile"})
        finish(client, email)
    assert Partner.objects.count() == 3


def test_organization_suggestions_are_limited_per_client(client, settings):
    settings.SURVEY_RATE_LIMITS = {"organization_suggest": "2/h/ip"}
    OrganizationFactory(name="Acme Robotics")
    url = reverse("partners:organization_suggest") + "?q=acm"
    assert client.get(url).json() == {"names": ["Acme Robotics"]}
    assert client.get(url).status_code == 200
    response = client.get(url)
    assert response.status_code == 429
    assert response.json()["names"] == []
    assert "try again in an hour" in response.json()["error"]
    assert client.get(url, REMOTE_ADDR="198.51.100.7").status_code == 200
