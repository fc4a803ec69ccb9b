"""Template helpers of compliance: status badges, and the obligations panel that a
contractor's own people see on their partner home (amounts: the `formats` library)."""

from django import template
from django.utils import timezone

from compliance.selectors import organization_obligations
from expo.selectors import expo_current_edition, organization_registration, registration_open
from partners.selectors import partner_represents_organization

register = template.Library()

STATUS_CLASSES = {
    "met": "text-bg-success",
    "in_progress": "text-bg-info",
    "missed": "text-bg-danger",
    "upcoming": "text-bg-secondary",
    "not_required": "text-bg-light border",
}


@register.filter
def status_class(status) -> str:
    return STATUS_CLASSES.get(str(status), "text-bg-light border")


@register.inclusion_tag("compliance/_partner_obligations.html")
def partner_obligations(partner):
    """The partner's organization: what its contracts owe and delivered, year by year, and
    its registration for the current Expo. Only for the organization's confirmed admin:
    anyone may type a company's name into the survey."""
    organization = getattr(partner, "organization", None)
    if organization is None:
        return {"organization": None}
    if not partner_represents_organization(partner):
        return {"organization": organization, "unconfirmed": True}
    today = timezone.localdate()
    edition = expo_current_edition(today=today)
    return {
        "organization": organization,
        "evaluations": organization_obligations(organization.pk, as_of=today),
        "edition": edition,
        "registration": edition
        and organization_registration(edition=edition, organization_id=organization.pk),
        "registration_open": edition and registration_open(edition, today=today),
        "today": today,
    }
