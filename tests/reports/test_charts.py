"""The reports' SVG charts: named, described with every value, values on the bars, patterns
rather than colour alone, and escaped."""

from decimal import Decimal

from reports.charts import bar_chart, row_chart


def test_a_bar_chart_is_an_image_named_by_its_title_with_every_value_in_text():
    svg = bar_chart(
        chart_id="months",
        title="Engagements delivered by month",
        description="Engagements delivered each month.",
        bars=[("July 2025", 3), ("August 2025", 0), ("September 2025", 12)],
        short_labels=[["Jul", "2025"], ["Aug"], ["Sep"]],
    )
    assert svg.startswith("<svg")
    assert 'role="img"' in svg
    assert 'aria-labelledby="months-title"' in svg and 'aria-describedby="months-desc"' in svg
    assert '<title id="months-title">Engagements delivered by month</title>' in svg
    assert (
        '<desc id="months-desc">Engagements delivered each month. July 2025: 3; '
        "August 2025: 0; September 2025: 12.</desc>"
    ) in svg
    # The values are written on the bars, and the labels under them.
    for text in (">3</text>", ">0</text>", ">12</text>", ">Jul</text>", ">2025</text>"):
        assert text in svg
    # Two bars drawn (a zero has none), filled with a pattern and outlined.
    assert svg.count('fill="url(#months-p0)"') == 2
    assert svg.count("<rect x=") == 2


def test_a_row_chart_tells_its_bars_apart_by_pattern_and_label():
    svg = row_chart(
        chart_id="tiers",
        title="Students reached by tier",
        description="Students reached, by tier.",
        bars=[("Career Awareness", 50), ("Career Exploration", 12), ("Career Preparation", 5)],
    )
    assert '<title id="tiers-title">Students reached by tier</title>' in svg
    assert "Career Awareness: 50; Career Exploration: 12; Career Preparation: 5." in svg
    for pattern in ("tiers-p0", "tiers-p1", "tiers-p2"):
        assert f'fill="url(#{pattern})"' in svg
    for text in (">Career Awareness</text>", ">50</text>", ">12</text>", ">5</text>"):
        assert text in svg


def test_hours_are_written_without_trailing_zeros_and_text_is_escaped():
    svg = row_chart(
        chart_id="c",
        title="<Hours> & more",
        description="Hours.",
        bars=[('Tier "A" <b>', Decimal("12.50")), ("B", Decimal("3.00"))],
    )
    assert "&lt;Hours&gt; &amp; more" in svg
    assert "<b>" not in svg
    assert ">12.5</text>" in svg and ">3</text>" in svg


def test_an_empty_chart_says_so():
    svg = bar_chart(chart_id="e", title="Nothing", description="Engagements.", bars=[])
    assert "Engagements. Nothing to show." in svg
