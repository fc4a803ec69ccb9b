"""axe-core (from npm) checks pages against the WCAG 2.1 A and AA rules: `violations`, used by
tests/e2e/test_axe_everywhere.py on every page of every role, and a check that it does find
what it should (a harness that quietly runs no rule would pass everything)."""

from functools import cache
from pathlib import Path

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@cache
def axe_source() -> str:
    return AXE.read_text()


def axe_results(page) -> dict:
    # Evaluated through the DevTools protocol: the page's Content Security Policy (no inline
    # script) rightly refuses an injected <script>, not this. Once per page loaded.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    # Only the violations are detailed (the passes would take longer to gather).
    return page.evaluate(
        """tags => axe.run(document, {
          runOnly: {type: "tag", values: tags}, resultTypes: ["violations"],
        })""",
        WCAG_AA,
    )


def violations(page) -> list[str]:
    """The WCAG 2.1 A and AA violations on the page shown, one line each."""
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in axe_results(page)["violations"]
    ]


def test_axe_runs_the_wcag_rules_and_reports_a_violation(page):
    page.goto("/how-it-works/")
    result = axe_results(page)
    assert len(result["passes"]) >= 10, "the WCAG 2.1 A and AA rules ran"
    assert violations(page) == []
    # An image without a text alternative, and a field without a label.
    page.evaluate(
        """() => {
          const main = document.querySelector("main");
          main.insertAdjacentHTML("beforeend", '<img src="data:," width="20" height="20">');
          main.insertAdjacentHTML("beforeend", '<input type="text" name="unnamed">');
        }"""
    )
    found = " ".join(violations(page))
    assert "image-alt" in found
    assert "label" in found
