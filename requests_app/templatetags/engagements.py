"""The partner's invitations, engagements and offers, shown on the partner home."""

from django import template

from ..selectors import engagements_for_partner

register = template.Library()


@register.inclusion_tag("requests_app/_partner_engagements.html")
def partner_engagements(partner):
    grouped = engagements_for_partner(partner)
    offers = list(partner.offers.select_related("experience").order_by("-offered_on")[:10])
    return {"partner": partner, **grouped, "offers": offers}
