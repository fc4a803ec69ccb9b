"""The district's promises to partners, named once: templates and emails read them here."""

from django import template

from partners import dates

register = template.Library()


@register.simple_tag
def contact_days() -> int:
    """How many business days the career program team takes to contact a new partner.

    A number, so that a translated sentence can agree with it:
    `{% contact_days as days %}{% blocktranslate count days=days %}...{% endblocktranslate %}`.
    """
    return dates.CONTACT_WITHIN_BUSINESS_DAYS
