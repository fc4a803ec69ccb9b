"""Template helpers of the reports: numbers as links to the lists they count, figures
formatted, and the charts."""

from datetime import date
from decimal import Decimal

from django import template
from django.utils.html import format_html

from reports import charts
from reports.links import BUILDERS, Links

register = template.Library()


@register.filter
def figure(value) -> str:
    """A count with thousands separators; hours with at most two decimals, no trailing 0s."""
    if value is None:
        return "–"
    if isinstance(value, Decimal | float):
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
        return text or "0"
    return f"{value:,}"


@register.simple_tag(takes_context=True)
def list_url(context, target: str, **params) -> str:
    """The URL of the list `target` ("engagements", "requests", "directory", "queue",
    "compliance") filtered by `params`, or "" when the user may not open that list (the
    context's `links`). `by="school", key=3` stands for `school=3`; `period=` adds the
    period's dates to the lists that take them."""
    links: Links = context.get("links") or Links()
    if not getattr(links, target):
        return ""
    by, key = params.pop("by", None), params.pop("key", None)
    if by:
        params[by] = key
    return BUILDERS[target](**params)


@register.simple_tag
def link_to(value, url: str = ""):
    """`value` (formatted by `figure`) as a link to `url`, or as text without one."""
    text = figure(value)
    return format_html('<a href="{}">{}</a>', url, text) if url else text


@register.simple_tag(takes_context=True)
def linked(context, value, target: str, **params):
    """`value` as a link to the list `target` filtered by `params` (see `list_url`)."""
    return link_to(value, list_url(context, target, **params))


@register.simple_tag
def bar_chart(chart_id: str, title: str, description: str, rows, value: str = "engagements"):
    """An SVG bar chart of breakdown rows (their label and `figures.<value>`); months (rows
    keyed by a date) are labelled "Jul", with the year under the first and under January."""
    short = None
    if rows and all(isinstance(row.key, date) for row in rows):
        short = [
            [f"{row.key:%b}", f"{row.key:%Y}"]
            if index == 0 or row.key.month == 1
            else [f"{row.key:%b}"]
            for index, row in enumerate(rows)
        ]
    return charts.bar_chart(
        chart_id=chart_id,
        title=title,
        description=description,
        bars=[(row.label, getattr(row.figures, value)) for row in rows],
        short_labels=short,
    )


@register.simple_tag
def row_chart(chart_id: str, title: str, description: str, rows, value: str = "students"):
    """An SVG chart of horizontal bars, one per row, each with its own pattern."""
    bars = []
    for row in rows:
        figures = getattr(row, "figures", None)
        bars.append((row.label, getattr(figures, value) if figures else row.count))
    return charts.row_chart(chart_id=chart_id, title=title, description=description, bars=bars)
