"""Scheduled publishing and webhooks done by a real Celery worker and beat on Redis."""

import hashlib
import hmac
import json
from datetime import timedelta

import pytest
from django.utils import timezone

from channels.models import DeliveryStatus, WebhookDelivery
from knowledge import services
from knowledge.models import Version
from knowledge.workflow import VersionStatus
from tests.channels.test_webhooks import Receiver
from tests.integration.conftest import wait_until

pytestmark = [
    pytest.mark.integration(services=["postgres", "redis"]),
    pytest.mark.real_worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def hook(channels):
    receiver = Receiver([])
    chat = channels["chat"]
    chat.webhook_url = receiver.url
    chat.webhook_secret = "s3cret"
    chat.save()
    yield receiver
    receiver.close()


def approved_chat_version(refund, staff) -> Version:
    variant = refund["chat"].variant
    draft = services.version_create_draft(variant=variant, actor=staff["editor"])
    services.version_update(
        version=draft,
        actor=staff["editor"],
        texts={"body": {"en": "I know waiting is hard. It arrives in 5 days. Anything else?"}},
    )
    services.version_submit(version=draft, actor=staff["editor"])
    return services.version_approve(version=draft, actor=staff["reviewer"])


def signed_by(receiver: Receiver, secret: str) -> dict:
    headers, body = receiver.received[0]
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-Parley-Signature"] == expected
    return json.loads(body)


def test_beat_and_worker_publish_a_scheduled_version_and_deliver_its_webhook(
    celery_processes, refund, staff, hook
):
    version = approved_chat_version(refund, staff)
    services.version_publish(
        version=version,
        actor=staff["publisher"],
        publish_at=timezone.now() + timedelta(seconds=2),
    )
    version.refresh_from_db()
    assert version.status == VersionStatus.SCHEDULED

    celery_processes["worker"].start()
    celery_processes["beat"].start()

    def published() -> bool:
        version.refresh_from_db()
        return version.status == VersionStatus.PUBLISHED

    wait_until(published, 60, "beat and the worker to publish the scheduled version")
    wait_until(lambda: hook.received, 30, "the webhook to arrive")
    payload = signed_by(hook, "s3cret")
    assert (payload["event"], payload["key"], payload["version"]) == (
        "answer.published",
        "refund-time",
        version.pk,
    )
    delivery = WebhookDelivery.objects.get()
    wait_until(
        lambda: WebhookDelivery.objects.filter(status=DeliveryStatus.DELIVERED).exists(),
        10,
        "the delivery to be recorded",
    )
    delivery.refresh_from_db()
    assert (delivery.attempts, delivery.last_status_code) == (1, 200)


def test_a_publish_while_the_worker_is_stopped_is_delivered_when_it_starts(
    celery_processes, refund, staff, hook
):
    version = approved_chat_version(refund, staff)
    published = services.version_publish(version=version, actor=staff["publisher"])
    assert published.status == VersionStatus.PUBLISHED

    # No worker: the delivery waits in the outbox (and its message in Redis).
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING
    assert hook.received == []

    celery_processes["worker"].start()
    wait_until(lambda: hook.received, 30, "the queued webhook to arrive")
    assert signed_by(hook, "s3cret")["version"] == version.pk
    wait_until(
        lambda: WebhookDelivery.objects.filter(status=DeliveryStatus.DELIVERED).exists(),
        10,
        "the delivery to be recorded",
    )
    assert len(hook.received) == 1


def test_the_worker_keeps_the_search_index_current(celery_processes, refund, staff):
    from channels.search import indexer
    from channels.search.backends import get_backend

    indexer.rebuild()
    celery_processes["worker"].start()

    def found() -> list[int]:
        return [hit.entry_id for hit in get_backend().search("zanzibar", ["en"], 5)]

    draft = services.version_create_draft(variant=refund["chat"].variant, actor=staff["editor"])
    services.version_update(
        version=draft,
        actor=staff["editor"],
        texts={
            "body": {"en": "I know waiting is hard. Zanzibar orders take 5 days. Anything else?"}
        },
    )
    services.version_submit(version=draft, actor=staff["editor"])
    services.version_approve(version=draft, actor=staff["reviewer"])
    services.version_publish(version=draft, actor=staff["publisher"])
    # This process never indexes: the worker applies the outbox row after commit.
    wait_until(lambda: found() == [refund["entry"].pk], 60, "the worker to index the answer")

    services.version_unpublish(version=draft, actor=staff["publisher"])
    wait_until(lambda: found() == [], 60, "the worker to take the answer out")


def test_the_worker_renders_published_answers_into_the_store(celery_processes, refund, staff):
    from rest_framework.test import APIClient

    from channels import stored
    from channels.models import StoredAnswer

    stored.render()
    celery_processes["worker"].start()
    draft = services.version_create_draft(variant=refund["primary"].variant, actor=staff["editor"])
    services.version_update(
        version=draft,
        actor=staff["editor"],
        texts={"body": {"en": "Refunds arrive in 4 days, stored by the worker."}},
    )
    services.version_submit(version=draft, actor=staff["editor"])
    services.version_approve(version=draft, actor=staff["reviewer"])
    services.version_publish(version=draft, actor=staff["publisher"])

    def rendered() -> bool:
        row = StoredAnswer.objects.filter(
            channel__slug="help-page", language="en", key="refund-time"
        ).first()
        return row is not None and b"stored by the worker" in bytes(row.body)

    wait_until(rendered, 60, "the worker to render the published answer")
    answer = APIClient().get("/api/v1/delivery/help-page/answers/refund-time/", {"lang": "en"})
    assert answer.json()["body"] == "Refunds arrive in 4 days, stored by the worker."
