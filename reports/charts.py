"""Charts drawn on the server as inline SVG, readable without colour or sight.

Each chart is an `<svg role="img">` named by its `<title>` and described by its `<desc>`,
which lists every value; each bar carries its value as text and a hatched or dotted fill
with a dark outline (a pattern, not a colour, tells bars apart). The page shows the same
numbers in a table next to the chart.
"""

from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

INK = "#212529"  # text: 15.4:1 on white
BAR = "#0a58ca"  # bars' hatching and outline: 6.4:1 on white
BAR_LIGHT = "#cfe2ff"
BAR_EDGE = "#084298"
FONT_SIZE = 13


def _number(value) -> str:
    if isinstance(value, Decimal | float):
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
        return text or "0"
    return f"{value:,}"


def _patterns(chart_id: str) -> list[str]:
    """Three fills, told apart by their shape: stripes, dots, cross-hatching."""
    return [
        f'<pattern id="{chart_id}-p0" width="8" height="8" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="8" height="8" fill="{BAR_LIGHT}"/>'
        f'<rect width="3" height="8" fill="{BAR}"/></pattern>',
        f'<pattern id="{chart_id}-p1" width="7" height="7" patternUnits="userSpaceOnUse">'
        f'<rect width="7" height="7" fill="{BAR_LIGHT}"/>'
        f'<circle cx="3.5" cy="3.5" r="1.8" fill="{BAR}"/></pattern>',
        f'<pattern id="{chart_id}-p2" width="8" height="8" patternUnits="userSpaceOnUse">'
        f'<rect width="8" height="8" fill="{BAR_LIGHT}"/>'
        f'<path d="M0 0L8 8M8 0L0 8" stroke="{BAR}" stroke-width="1.5"/></pattern>',
    ]


def _svg(
    *, chart_id: str, title: str, description: str, width: int, height: int, body: list[str]
) -> SafeString:
    return format_html(
        '<svg class="report-chart" role="img" aria-labelledby="{id}-title" '
        'aria-describedby="{id}-desc" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'preserveAspectRatio="xMinYMin meet" '
        'xmlns="http://www.w3.org/2000/svg" font-size="{font}" fill="{ink}">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        "{body}</svg>",
        id=chart_id,
        w=width,
        h=height,
        font=FONT_SIZE,
        ink=INK,
        title=title,
        desc=description,
        body=mark_safe("".join(body)),  # noqa: S308 (every piece is escaped above)
    )


def describe(intro: str, bars: Sequence[tuple[str, object]], unit: str = "") -> str:
    """The text alternative: the intro, then every label with its value."""
    values = "; ".join(f"{label}: {_number(value)}{unit}" for label, value in bars)
    return f"{intro} {values}." if bars else f"{intro} Nothing to show."


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    bars: Sequence[tuple[str, object]],
    short_labels: Sequence[Sequence[str]] | None = None,
) -> SafeString:
    """Vertical bars, one per (label, value), each with its value above it and its label
    (or `short_labels`, one or two lines) below. `description` starts the `<desc>`, which
    then lists every value."""
    slot, left, top, plot, bottom = 36, 6, 22, 150, 40
    count = max(len(bars), 1)
    width = max(left * 2 + slot * count, 240)
    height = top + plot + bottom
    peak = max((float(value) for _, value in bars), default=0) or 1
    body = [f"<defs>{_patterns(chart_id)[0]}</defs>"]
    baseline = top + plot
    body.append(
        f'<line x1="{left}" y1="{baseline}" x2="{width - left}" y2="{baseline}" '
        f'stroke="{INK}" stroke-width="1"/>'
    )
    for index, (label, value) in enumerate(bars):
        x = left + index * slot
        bar_height = round(plot * float(value) / peak, 1)
        bar_x, bar_width = x + 5, slot - 10
        if bar_height:
            body.append(
                f'<rect x="{bar_x}" y="{baseline - bar_height}" width="{bar_width}" '
                f'height="{bar_height}" fill="url(#{chart_id}-p0)" stroke="{BAR_EDGE}" '
                f'stroke-width="1.5"/>'
            )
        body.append(
            f'<text x="{x + slot / 2}" y="{baseline - bar_height - 6}" text-anchor="middle" '
            f'font-weight="bold">{escape(_number(value))}</text>'
        )
        lines = list(short_labels[index]) if short_labels else [label]
        for line_number, line in enumerate(lines[:2]):
            body.append(
                f'<text x="{x + slot / 2}" y="{baseline + 16 + 14 * line_number}" '
                f'text-anchor="middle">{escape(line)}</text>'
            )
    return _svg(
        chart_id=chart_id,
        title=title,
        description=describe(description, bars),
        width=width,
        height=height,
        body=body,
    )


def row_chart(
    *, chart_id: str, title: str, description: str, bars: Sequence[tuple[str, object]]
) -> SafeString:
    """Horizontal bars, one per (label, value): the label above its bar, the value at the
    bar's end, and each bar its own pattern (stripes, dots, cross-hatching)."""
    width, left, row_height, bar_height, value_room = 420, 4, 48, 22, 70
    height = max(len(bars), 1) * row_height + 6
    peak = max((float(value) for _, value in bars), default=0) or 1
    patterns = _patterns(chart_id)
    body = [f"<defs>{''.join(patterns)}</defs>"]
    longest = width - left - value_room
    for index, (label, value) in enumerate(bars):
        y = index * row_height + 16
        length = round(longest * float(value) / peak, 1)
        body.append(f'<text x="{left}" y="{y}">{escape(label)}</text>')
        if length:
            body.append(
                f'<rect x="{left}" y="{y + 5}" width="{length}" height="{bar_height}" '
                f'fill="url(#{chart_id}-p{index % len(patterns)})" stroke="{BAR_EDGE}" '
                f'stroke-width="1.5"/>'
            )
        body.append(
            f'<text x="{left + length + 6}" y="{y + 5 + bar_height / 2 + 5}" '
            f'font-weight="bold">{escape(_number(value))}</text>'
        )
    return _svg(
        chart_id=chart_id,
        title=title,
        description=describe(description, bars),
        width=width,
        height=height,
        body=body,
    )
