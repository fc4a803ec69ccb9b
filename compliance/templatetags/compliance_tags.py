"""Template helpers of compliance: status badges (amounts: the `formats` library)."""

from django import template

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
