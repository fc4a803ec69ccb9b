"""Template tags of the error summary (templates/includes/error_summary.html)."""

from django import template

register = template.Library()


@register.simple_tag
def error_summary_claim(form) -> bool:
    """True the first time a page asks for this form: its summary is shown once.

    A page may include the summary at its top and render the form with crispy, whose
    errors.html includes it again; the second include then shows nothing.
    """
    if form is None or getattr(form, "_error_summary_shown", False):
        return False
    form._error_summary_shown = True
    return True
