"""The outbox in-process: stored with the change, delivered after commit, retried, resent."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError
from post_office.connections import connections
from post_office.models import STATUS, Email

from notifications import tasks
from notifications.services import email_deliver, email_queue, email_resend, email_send_due
from tests.support import email_backends

pytestmark = pytest.mark.django_db


def queue_notice(**overrides):
    kwargs = {
        "to": "partner@example.org",
        "template": "notice",
        "context": {"subject": "Hello", "message": "Body <b>text</b>", "link": "https://x.test/a"},
    }
    return email_queue(**{**kwargs, **overrides})


@pytest.fixture
def delivery_backend(settings):
    """Point the outbox's delivery at a given backend class for one test."""

    def use(path):
        settings.POST_OFFICE = {**settings.POST_OFFICE, "BACKENDS": {"default": path}}
        connections.close()

    yield use
    connections.close()


def test_email_is_stored_and_sent_only_after_the_transaction_commits(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        email = queue_notice()
        assert Email.objects.get(pk=email.pk).status == STATUS.queued
        assert mailoutbox == []
    email.refresh_from_db()
    assert email.status == STATUS.sent
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.subject == "Hello"
    assert "Body <b>text</b>" in message.body
    html = message.alternatives[0]
    assert html[1] == "text/html"
    assert "Body &lt;b&gt;text&lt;/b&gt;" in html[0]


def test_a_rolled_back_change_leaves_no_email():
    with pytest.raises(RuntimeError), transaction.atomic():
        queue_notice()
        raise RuntimeError("the change failed")
    assert not Email.objects.exists()


def test_attachments_keep_their_name_and_type(mailoutbox, django_capture_on_commit_callbacks):
    ics = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    with django_capture_on_commit_callbacks(execute=True):
        queue_notice(attachments=[("invite.ics", ics, "text/calendar")])
    [(name, content, mimetype)] = mailoutbox[0].attachments
    assert name == "invite.ics"
    assert mimetype == "text/calendar"
    assert (content.decode() if isinstance(content, bytes) else content) == ics


def test_a_broker_that_is_down_leaves_the_email_queued_without_an_error(
    monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.outbox_send, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        email = queue_notice()
    assert Email.objects.get(pk=email.pk).status == STATUS.queued
    assert mailoutbox == []

    monkeypatch.undo()
    assert email_send_due() == 1
    assert len(mailoutbox) == 1
    assert Email.objects.get(pk=email.pk).status == STATUS.sent


def test_sign_up_succeeds_while_the_broker_is_down(
    client, monkeypatch, django_capture_on_commit_callbacks
):
    def broker_down(*args, **kwargs):
        raise OperationalError("Connection refused.")

    monkeypatch.setattr(tasks.outbox_send, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/signup/",
            {
                "email": "x@example.org",
                "password1": "a-long-walk-home",
                "password2": "a-long-walk-home",
            },
        )
    assert response.status_code == 302
    assert Email.objects.get().status == STATUS.queued


def test_delivery_error_is_retried_with_growing_back_off_then_marked_failed(
    settings, delivery_backend, django_capture_on_commit_callbacks
):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    settings.OUTBOX_RETRY_BASE_SECONDS = 60
    delivery_backend("tests.support.email_backends.FailingBackend")
    email = queue_notice()

    before = timezone.now()
    assert email_deliver(email_id=email.pk) == STATUS.requeued
    email.refresh_from_db()
    assert email.number_of_retries == 1
    assert before + timedelta(seconds=59) < email.scheduled_time < before + timedelta(seconds=70)
    assert email_deliver(email_id=email.pk) is None, "not due before its back-off ends"

    Email.objects.filter(pk=email.pk).update(scheduled_time=timezone.now())
    before = timezone.now()
    assert email_deliver(email_id=email.pk) == STATUS.requeued
    email.refresh_from_db()
    assert email.number_of_retries == 2
    assert email.scheduled_time > before + timedelta(seconds=119)

    Email.objects.filter(pk=email.pk).update(scheduled_time=timezone.now())
    assert email_deliver(email_id=email.pk) == STATUS.failed
    failures = email.logs.filter(status=STATUS.failed)
    assert failures.count() == 3
    assert failures.first().exception_type == "SMTPServerDisconnected"


def test_a_temporary_error_then_success_sends_exactly_once(settings, delivery_backend, mailoutbox):
    delivery_backend("tests.support.email_backends.FlakyBackend")
    email_backends.failures_left["count"] = 1
    email = queue_notice()
    assert email_deliver(email_id=email.pk) == STATUS.requeued
    Email.objects.filter(pk=email.pk).update(scheduled_time=timezone.now())
    assert email_deliver(email_id=email.pk) == STATUS.sent
    assert email_deliver(email_id=email.pk) is None
    assert len(mailoutbox) == 1


def test_a_sent_email_is_never_sent_again_by_the_sweep(mailoutbox):
    email = queue_notice()
    assert email_deliver(email_id=email.pk) == STATUS.sent
    assert email_send_due() == 0
    assert email_deliver(email_id=email.pk) is None
    assert len(mailoutbox) == 1


def test_resend_queues_a_failed_email_again(
    settings, delivery_backend, mailoutbox, django_capture_on_commit_callbacks
):
    settings.OUTBOX_MAX_ATTEMPTS = 1
    delivery_backend("tests.support.email_backends.FailingBackend")
    email = queue_notice()
    assert email_deliver(email_id=email.pk) == STATUS.failed

    delivery_backend("django.core.mail.backends.locmem.EmailBackend")
    with django_capture_on_commit_callbacks(execute=True):
        email_resend(email_id=email.pk)
    email.refresh_from_db()
    assert email.status == STATUS.sent
    assert len(mailoutbox) == 1


def test_expired_emails_are_not_sent(mailoutbox):
    email = queue_notice()
    Email.objects.filter(pk=email.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert email_send_due() == 0
    assert mailoutbox == []


def test_admin_lists_searches_and_resends_failed_emails(
    client, make_user, mailoutbox, django_capture_on_commit_callbacks
):
    from accounts.roles import Role

    client.force_login(make_user(Role.DISTRICT_ADMIN))
    email = queue_notice(context={"subject": "Findable subject", "message": "m", "link": ""})
    Email.objects.filter(pk=email.pk).update(status=STATUS.failed)

    page = client.get("/admin/post_office/email/?q=Findable&status__exact=1")
    assert page.status_code == 200
    assert "Findable subject" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/post_office/email/",
            {"action": "resend_selected", "_selected_action": [email.pk]},
        )
    assert response.status_code == 302
    assert Email.objects.get(pk=email.pk).status == STATUS.sent
    assert len(mailoutbox) == 1


def test_subjects_and_text_bodies_are_not_html_escaped(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        queue_notice(
            context={"subject": "Q&A with O'Brien", "message": "Tom & Jerry <3", "link": ""}
        )
    [message] = mailoutbox
    assert message.subject == "Q&A with O'Brien"
    assert "Tom & Jerry <3" in message.body
    assert "Tom &amp; Jerry &lt;3" in message.alternatives[0][0]


def test_the_admin_resend_button_asks_before_sending(
    client, make_user, mailoutbox, django_capture_on_commit_callbacks
):
    from accounts.roles import Role

    client.force_login(make_user(Role.DISTRICT_ADMIN))
    email = queue_notice()
    Email.objects.filter(pk=email.pk).update(status=STATUS.failed)
    url = f"/admin/post_office/email/{email.pk}/resend/"
    assert "Send this email again?" in client.get(url).content.decode()
    assert Email.objects.get(pk=email.pk).status == STATUS.failed, "a GET changes nothing"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert Email.objects.get(pk=email.pk).status == STATUS.sent
