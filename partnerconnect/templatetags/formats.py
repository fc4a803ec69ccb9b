"""Template filters for amounts: `{% load formats %}` then `{{ contract.value|money }}`."""

from django import template

from partnerconnect.formats import format_money

register = template.Library()


@register.filter
def money(value) -> str:
    return "" if value is None else format_money(value)
