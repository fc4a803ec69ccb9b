"""The partner's invitations, engagements and offers, shown on the partner home."""

from django import template

from ..selectors import engagements_for_partner

register = template.Library()


@register.simple_tag
def partner_engagement_groups(partner) -> dict:
    """The partner's engagements grouped (invitations, upcoming, past) and their latest offers,
    read once for the home's two panels: the invitations first, the rest further down."""
    offers = list(partner.offers.select_related("experience").order_by("-offered_on")[:10])
    return {**engagements_for_partner(partner), "offers": offers}
