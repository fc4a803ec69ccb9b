"""Who may be invited: partners whose email is not verified are ranked but marked and never
invited; procurement reads the directory without inviting anyone."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from post_office.models import Email

from accounts.roles import Role
from requests_app import services
from requests_app.models import Engagement
from requests_app.selectors import (
    candidate_queryset,
    partner_candidates_for_request,
    partner_ids_with_verified_email,
)
from tests.accounts.factories import UserFactory
from tests.partners.factories import PartnerFactory

pytestmark = pytest.mark.django_db


def unverified_partner(**kwargs):
    """A partner who has not confirmed the email address of their account yet."""
    return PartnerFactory(user=UserFactory(roles=[Role.PARTNER], verified=False), **kwargs)


@pytest.fixture
def ranked(open_request):
    """The best candidate has not verified their email; the second has."""
    best = unverified_partner(zip_code="97212", skills="x", first_name="Una", last_name="Best")
    second = PartnerFactory(zip_code="97229", first_name="Vera", last_name="Second")
    assert [p.pk for p in candidate_queryset(open_request)] == [best.pk, second.pk]
    return best, second


def test_an_unverified_email_is_ranked_as_before_but_marked(open_request, ranked):
    best, second = ranked
    candidates = partner_candidates_for_request(open_request)
    assert [(c.partner, c.email_verified) for c in candidates] == [(best, False), (second, True)]
    assert [c.score for c in candidates] == [
        round(p.score, 1) for p in candidate_queryset(open_request)
    ]


def test_only_a_verified_contact_email_counts(open_request):
    verified = PartnerFactory()
    other_address = PartnerFactory()
    other_address.email = "not.the.account@example.org"  # invitations would go here
    other_address.save()
    never = unverified_partner()
    assert partner_ids_with_verified_email([verified.pk, other_address.pk, never.pk]) == {
        verified.pk
    }


def test_the_invite_service_refuses_an_unverified_email(open_request, coordinator, ranked):
    best, second = ranked
    with pytest.raises(ValidationError, match="cannot be invited yet.*not verified"):
        services.request_invite_partners(
            request=open_request, partners=[second, best], by=coordinator
        )
    assert not open_request.engagements.exists()
    assert not Email.objects.exists()


def test_invite_the_top_candidates_skips_unverified_emails_and_says_so(
    client, open_request, coordinator, ranked
):
    best, second = ranked
    client.force_login(coordinator)
    response = client.post(
        reverse("requests_app:request_candidates", args=[open_request.pk]),
        {"next": "1"},
        follow=True,
    )
    assert [e.partner for e in open_request.engagements.all()] == [second]
    page = response.content.decode()
    assert "Invited Vera Second." in page
    assert "Una Best cannot be invited yet: their email address is not verified." in page


def test_the_candidates_page_marks_an_unverified_email_and_offers_no_checkbox(
    client, open_request, coordinator, ranked
):
    best, second = ranked
    client.force_login(coordinator)
    page = client.get(
        reverse("requests_app:request_candidates", args=[open_request.pk])
    ).content.decode()
    assert f'name="partner" value="{second.pk}"' in page
    assert f'name="partner" value="{best.pk}"' not in page
    assert "email not verified" in page
    assert "Cannot be invited yet: invitations go only to confirmed email addresses" in page
    assert "Invite the top candidate</button>" in page
    assert "invites Vera Second: as many as the request still needs, skipping Una Best" in page


def test_ticking_an_unverified_partner_anyway_shows_the_reason_in_the_error_summary(
    client, open_request, coordinator, ranked
):
    best, second = ranked
    client.force_login(coordinator)
    response = client.post(
        reverse("requests_app:request_candidates", args=[open_request.pk]),
        {"partner": [best.pk, second.pk]},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Una Best cannot be invited yet" in page
    assert f'value="{second.pk}" id="candidate-{second.pk}" aria-describedby' in page
    assert "checked" in page.split(f'id="candidate-{second.pk}"')[1].split(">")[0]
    assert not open_request.engagements.exists()


def test_ticking_nobody_asks_to_tick_someone(client, open_request, coordinator, ranked):
    client.force_login(coordinator)
    response = client.post(reverse("requests_app:request_candidates", args=[open_request.pk]))
    assert "Tick the partners to invite" in response.content.decode()


def test_the_candidates_page_costs_a_bounded_number_of_queries(
    client, open_request, coordinator, django_assert_max_num_queries
):
    for number in range(30):
        if number % 3:
            PartnerFactory()
        else:
            unverified_partner()
    client.force_login(coordinator)
    with django_assert_max_num_queries(13):
        response = client.get(reverse("requests_app:request_candidates", args=[open_request.pk]))
    candidates = response.context["candidates"]
    assert len(candidates) == 25
    assert {c.email_verified for c in candidates} == {True, False}


def test_the_directory_offers_no_invite_for_an_unverified_email(client, open_request, coordinator):
    verified = PartnerFactory()
    unverified = unverified_partner()
    client.force_login(coordinator)
    page = client.get(
        reverse("requests_app:directory"), {"invite_to": open_request.pk}
    ).content.decode()
    assert f'Invite<span class="visually-hidden"> {verified}</span>' in page
    assert f'Invite<span class="visually-hidden"> {unverified}</span>' not in page
    assert "email not verified" in page
    assert "Cannot be invited yet: email not confirmed" in page


# Procurement reads the directory


def test_procurement_sees_the_directory_without_any_invite_control(
    client, procurement_user, open_request
):
    partner = PartnerFactory(first_name="Rosa", last_name="Park")
    client.force_login(procurement_user)
    response = client.get(reverse("requests_app:directory"), {"invite_to": open_request.pk})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Rosa Park" in page
    assert reverse("partners:detail", args=[partner.pk]) in page
    assert "Invite to" not in page
    assert 'name="invite_to"' not in page
    assert reverse("requests_app:request_invite", args=[open_request.pk]) not in page
    assert '<form method="post"' not in page
    assert "email not verified" not in page


def test_procurement_cannot_invite(client, procurement_user, open_request):
    partner = PartnerFactory()
    client.force_login(procurement_user)
    for name in ("request_invite", "request_candidates"):
        response = client.post(
            reverse(f"requests_app:{name}", args=[open_request.pk]), {"partner": partner.pk}
        )
        assert response.status_code == 403
    assert not Engagement.objects.exists()


def test_a_coordinator_still_invites_from_the_directory(client, coordinator, open_request):
    partner = PartnerFactory()
    client.force_login(coordinator)
    page = client.get(reverse("requests_app:directory")).content.decode()
    assert 'name="invite_to"' in page and "Invite to" in page
    page = client.get(
        reverse("requests_app:directory"), {"invite_to": open_request.pk}
    ).content.decode()
    assert f'Invite<span class="visually-hidden"> {partner}</span>' in page
