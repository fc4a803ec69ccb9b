"""Fixtures of the language tests: the language each queued email was written in."""

from dataclasses import dataclass

import pytest
from django.utils import translation

import notifications.services


@pytest.fixture(autouse=True)
def _english_after_each_test():
    """The test client runs requests in the test's thread, where LocaleMiddleware leaves the
    request's language active: the next test starts in English again, as a new request does."""
    yield
    translation.deactivate()


@dataclass
class Written:
    template: str
    to: list[str]
    language: str


@pytest.fixture
def emails_written(monkeypatch) -> list[Written]:
    """Every email queued during the test, with the language active while its subject and
    bodies were rendered (the catalogs come later: the text itself may still be English)."""
    written: list[Written] = []
    renders: list[tuple[str, str]] = []
    real_render = notifications.services.render_to_string
    real_store = notifications.services.email_store_message

    def render(name, context=None, *args, **kwargs):
        renders.append((name.split("/")[1], translation.get_language()))
        return real_render(name, context, *args, **kwargs)

    def store(*, message):
        if renders:  # queued by email_queue: its three renders (subject, text, HTML)
            template, language = renders[-1]
            assert all(seen == (template, language) for seen in renders), renders
            written.append(Written(template, list(message.to), language))
            renders.clear()
        return real_store(message=message)

    monkeypatch.setattr(notifications.services, "render_to_string", render)
    monkeypatch.setattr(notifications.services, "email_store_message", store)
    return written
