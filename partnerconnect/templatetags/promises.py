"""The district's promises to partners, named once: templates and emails read them here."""

from django import template

from partners import dates

register = template.Library()


@register.simple_tag
def contact_days() -> str:
    """How many business days the career program team takes to contact a new partner."""
    return str(dates.CONTACT_WITHIN_BUSINESS_DAYS)
