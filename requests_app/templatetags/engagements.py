"""The partner's invitations, engagements and offers, shown on the partner home."""

from django import template

from ..selectors import engagements_for_partner

register = template.Library()


@register.inclusion_tag("requests_app/_partner_invitations.html")
def partner_invitations(partner):
    """The invitations waiting for the partner's answer, each with its deadline: first on
    the partner home."""
    return {"partner": partner, "invitations": engagements_for_partner(partner)["invitations"]}


@register.inclusion_tag("requests_app/_partner_engagements.html")
def partner_engagements(partner):
    """The partner's upcoming and past engagements and their offers."""
    grouped = engagements_for_partner(partner)
    offers = list(partner.offers.select_related("experience").order_by("-offered_on")[:10])
    return {"partner": partner, **grouped, "offers": offers}
