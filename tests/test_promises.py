"""The contact promise ("within 10 business days") has one owner: partners.dates."""

from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from partners import dates
from tests.partners.factories import PartnerFactory

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def test_no_template_types_the_number_of_days():
    typed = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*")
        if path.is_file()
        and ("10 business days" in path.read_text() or "10-business" in path.read_text())
    ]
    assert typed == []


@pytest.mark.django_db
def test_pages_and_emails_follow_the_rule(client, monkeypatch):
    monkeypatch.setattr(dates, "CONTACT_WITHIN_BUSINESS_DAYS", 7)
    partner = PartnerFactory()
    client.force_login(partner.user)
    page = client.get(reverse("partners:home")).content.decode()
    assert "(7 business days after you registered)" in page
    email = render_to_string(
        "emails/survey_auto_reply/body.txt", {"partner": partner, "profile_url": "x"}
    )
    assert "in the next 7 business days" in email
