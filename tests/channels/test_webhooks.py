"""Webhooks against a real HTTP receiver on localhost."""

import hashlib
import hmac
import io
import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.management import call_command
from django.utils import timezone

from channels.models import DeliveryStatus, WebhookDelivery
from channels.webhooks import retry_delay
from tests.channels.conftest import release

pytestmark = pytest.mark.django_db


class Receiver:
    """Answers each POST with the next status from `statuses` and records what came."""

    def __init__(self, statuses: list[int]) -> None:
        self.statuses = statuses
        self.received: list[tuple[dict, bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()


@pytest.fixture
def receiver_for(channels, loopback_webhooks):
    made = []

    def make(channel: str, statuses: list[int]) -> Receiver:
        receiver = Receiver(statuses)
        made.append(receiver)
        target = channels[channel]
        target.webhook_url = receiver.url
        target.webhook_secret = "s3cret"
        target.save()
        return receiver

    yield make
    for receiver in made:
        receiver.close()


def test_publish_sends_a_signed_webhook_to_every_channel_it_reaches(
    refund, staff, receiver_for, django_capture_on_commit_callbacks
):
    chat_hook = receiver_for("chat", [200])
    email_hook = receiver_for("email", [200])
    help_hook = receiver_for("help-page", [200])
    with django_capture_on_commit_callbacks(execute=True):
        version = release(refund["chat"].variant, staff, {"body": {"fi": "Uusi"}})
    # email inherits chat; the help page is not served chat's text.
    assert len(chat_hook.received) == len(email_hook.received) == 1
    assert help_hook.received == []
    headers, body = chat_hook.received[0]
    expected = "sha256=" + hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
    assert headers["X-Parley-Signature"] == expected
    payload = json.loads(body)
    assert payload == {
        "event": "answer.published",
        "channel": "chat",
        "key": "refund-time",
        "version": version.pk,
        "languages": ["en", "ja"],
        "published_at": payload["published_at"],
    }
    assert WebhookDelivery.objects.filter(status=DeliveryStatus.DELIVERED).count() == 2


def test_failed_delivery_is_retried_with_backoff_by_run_due_jobs(
    refund, staff, receiver_for, django_capture_on_commit_callbacks
):
    hook = receiver_for("chat", [500, 503])
    with django_capture_on_commit_callbacks(execute=True):
        release(refund["chat"].variant, staff, {"body": {"fi": "Uusi"}})
    delivery = WebhookDelivery.objects.get(channel__slug="chat")
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("pending", 1, 500)
    assert delivery.next_attempt_at > timezone.now() + timedelta(seconds=25)

    def run_due_jobs_later(seconds: float) -> None:
        # Make the next attempt due, as time passing would.
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            next_attempt_at=timezone.now() - timedelta(seconds=seconds)
        )
        call_command("run_due_jobs", stdout=io.StringIO())

    run_due_jobs_later(1)
    delivery.refresh_from_db()
    assert (delivery.attempts, delivery.last_status_code, delivery.status) == (2, 503, "pending")
    run_due_jobs_later(1)
    delivery.refresh_from_db()
    assert (delivery.attempts, delivery.status) == (3, DeliveryStatus.DELIVERED)
    assert len(hook.received) == 3
    assert len({body for _headers, body in hook.received}) == 1  # the same bytes each time


def test_backoff_doubles():
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]


def test_unpublish_sends_answer_unpublished(
    refund, staff, receiver_for, django_capture_on_commit_callbacks
):
    from knowledge import services

    hook = receiver_for("chat", [200])
    with django_capture_on_commit_callbacks(execute=True):
        services.version_unpublish(version=refund["chat"], actor=staff["publisher"])
    assert json.loads(hook.received[0][1])["event"] == "answer.unpublished"


def test_a_rolled_back_publish_leaves_no_webhook(refund, staff, receiver_for):
    from django.db import transaction

    hook = receiver_for("chat", [200])
    with pytest.raises(RuntimeError), transaction.atomic():
        release(refund["chat"].variant, staff, {"body": {"fi": "Uusi"}})
        raise RuntimeError("the surrounding transaction fails")
    assert not WebhookDelivery.objects.exists()
    assert hook.received == []


def test_the_task_sent_by_name_is_the_registered_delivery_task():
    from channels.tasks import deliver_webhook
    from channels.webhooks import DELIVER_TASK
    from config.celery import app

    assert DELIVER_TASK in app.tasks
    assert app.tasks[DELIVER_TASK].name == deliver_webhook.name == DELIVER_TASK
