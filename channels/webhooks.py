"""Webhook deliveries: outbox rows written with the publish, sent and retried later.

A row is created in the publishing transaction, so a broker or receiver outage
loses nothing: the Celery task sends it after commit, a failed attempt is
retried with exponential backoff, and `run_due_jobs` (or beat) picks up any
row whose next attempt is due, whatever happened to the task.
"""

import hashlib
import hmac
import http.client
import json
import logging
from collections.abc import Callable
from contextvars import ContextVar
from datetime import datetime, timedelta
from typing import Any

from celery import current_app
from django.conf import settings
from django.core.signals import request_finished
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from kombu.exceptions import OperationalError

from channels import destinations
from channels.chains import channels_reaching
from channels.models import Channel, DeliveryStatus, WebhookDelivery, WebhookEvent
from knowledge.languages import language_codes
from knowledge.models import Variant, Version
from knowledge.selectors import version_missing_languages

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
DELIVER_TASK = "channels.tasks.deliver_webhook"
FIRST_RETRY = timedelta(seconds=30)
TIMEOUT_SECONDS = 5


def sign(body: bytes, secret: str) -> str:
    """`X-Parley-Signature` value: ``sha256=<hex HMAC-SHA256 of the raw body>``."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def retry_delay(attempts: int) -> timedelta:
    """Wait after the `attempts`-th failure: 30 s, 1 min, 2 min, ... doubling."""
    return FIRST_RETRY * (2 ** max(0, attempts - 1))


def channels_reached(variant: Variant) -> list[Channel]:
    """Channels whose answers can come from `variant`: its channel and those inheriting.

    A variant on the primary channel reaches every channel, since every chain ends there.
    """
    return channels_reaching(variant.channel_id, Channel.objects.all())


def enqueue_deliveries(*, version: Version, variant: Variant, event: str) -> list[WebhookDelivery]:
    """Write one outbox row per reached channel with a webhook; send each after commit."""
    name = WebhookEvent.PUBLISHED if event == "published" else WebhookEvent.UNPUBLISHED
    missing = set(version_missing_languages(version))
    languages = [code for code in language_codes() if code not in missing]
    published_at: datetime | None = version.published_at
    rows = []
    now = timezone.now()
    for channel in channels_reached(variant):
        if not channel.webhook_url:
            continue
        payload: dict[str, Any] = {
            "event": str(name),
            "channel": channel.slug,
            "key": variant.entry.key,
            "version": version.pk,
            "languages": languages,
            "published_at": published_at.isoformat() if published_at else None,
        }
        rows.append(
            WebhookDelivery.objects.create(
                channel=channel,
                event=name,
                url=channel.webhook_url,
                body=json.dumps(payload, ensure_ascii=False, separators=(",", ":")),
                next_attempt_at=now,
            )
        )
    for row in rows:
        transaction.on_commit(lambda pk=row.pk: send_soon(pk))
    return rows


# Delivery ids whose sending waits for the end of the current request; None
# outside a request (see `WebhooksAfterResponseMiddleware`).
_after_response: ContextVar[list[int] | None] = ContextVar("webhooks_after_response", default=None)


def send_soon(delivery_id: int) -> None:
    """Send a delivery without keeping anyone waiting for the receiver.

    With a broker, a worker sends it. With in-process tasks (the embedded
    default) it is sent once the current response has gone out, or at once
    outside a request (commands, jobs). With the broker down the row stays
    pending in the outbox and the periodic retry job sends it, so publishing
    never fails.
    """
    if settings.CELERY_TASK_ALWAYS_EAGER:
        pending = _after_response.get()
        if pending is not None:
            pending.append(delivery_id)
        else:
            attempt_delivery(delivery_id)
        return
    try:
        # By name: tasks are an interface on top of this module, not below it.
        current_app.send_task(DELIVER_TASK, args=[delivery_id])
    except OperationalError:
        logger.warning(
            "Broker unreachable; webhook delivery %s waits for the retry job.", delivery_id
        )


class WebhooksAfterResponseMiddleware:
    """Collects the deliveries a request queues; `request_finished` sends them.

    Django sends `request_finished` when the server closes the response, after
    its bytes went out: the editor who published is not kept waiting.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        _after_response.set([])
        return self.get_response(request)


@receiver(request_finished, dispatch_uid="webhooks-after-response")
def send_after_response(**kwargs: Any) -> None:
    pending = _after_response.get()
    _after_response.set(None)
    for delivery_id in pending or []:
        try:
            attempt_delivery(delivery_id)
        except Exception:  # the retry job tries again; never break the server loop
            logger.exception("Webhook delivery %s could not be attempted.", delivery_id)


def signature_headers(body: bytes, channel: Channel, *, now: datetime) -> dict[str, str]:
    """`X-Parley-Signature` with the channel's secret; during a rotation's grace period
    `X-Parley-Signature-Previous` with the secret it replaced, so receivers can switch."""
    headers = {"X-Parley-Signature": sign(body, channel.webhook_secret)}
    until = channel.webhook_previous_secret_until
    if channel.webhook_previous_secret and until is not None and until > now:
        headers["X-Parley-Signature-Previous"] = sign(body, channel.webhook_previous_secret)
    return headers


def attempt_delivery(delivery_id: int) -> WebhookDelivery | None:
    """Send one due delivery once; record the outcome and when to retry.

    Returns the row, or None when it is not due (already sent, or another
    worker holds it). Safe to call twice for the same row. The row is claimed
    in a short transaction and the request is made after it commits, so no
    lock is held while a receiver takes its time; a process that dies while
    sending leaves the row due again at its next retry time.
    """
    now = timezone.now()
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(skip_locked=True)
            .select_related("channel")
            .filter(pk=delivery_id, status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
            .first()
        )
        if delivery is None:
            return None
        delivery.attempts += 1
        delivery.next_attempt_at = now + retry_delay(delivery.attempts)
        delivery.save(update_fields=["attempts", "next_attempt_at"])
    body = delivery.body.encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Parley-Webhooks/1",
        "X-Parley-Event": delivery.event,
        "X-Parley-Delivery": str(delivery.pk),
        **signature_headers(body, delivery.channel, now=now),
    }
    try:
        status = destinations.post(delivery.url, body, headers, timeout=TIMEOUT_SECONDS)
    except destinations.UnsafeDestination as error:
        _failed(delivery, None, f"Refused: {error}")
    except (OSError, http.client.HTTPException) as error:
        _failed(delivery, None, str(error)[:500] or type(error).__name__)
    else:
        if 200 <= status < 300:
            delivery.status = DeliveryStatus.DELIVERED
            delivery.delivered_at = timezone.now()
            delivery.next_attempt_at = None
            delivery.last_status_code = status
            delivery.last_error = ""
        elif 300 <= status < 400:
            _failed(delivery, status, f"HTTP {status}: redirects are not followed")
        else:
            _failed(delivery, status, f"HTTP {status}")
    delivery.save(
        update_fields=[
            "status", "delivered_at", "next_attempt_at", "last_status_code", "last_error"
        ]
    )  # fmt: skip
    return delivery


def _failed(delivery: WebhookDelivery, status_code: int | None, error: str) -> None:
    delivery.last_status_code = status_code
    delivery.last_error = error
    if delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = DeliveryStatus.FAILED
        delivery.next_attempt_at = None
    else:
        delivery.next_attempt_at = timezone.now() + retry_delay(delivery.attempts)
    logger.info(
        "Webhook delivery %s failed (attempt %s): %s", delivery.pk, delivery.attempts, error
    )


def retry_delivery_now(delivery_id: int) -> WebhookDelivery | None:
    """Make a pending or failed delivery due now and attempt it (the admin's "retry now")."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update()
            .exclude(status=DeliveryStatus.DELIVERED)
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None:
            return None
        delivery.status = DeliveryStatus.PENDING
        delivery.next_attempt_at = timezone.now()
        delivery.save(update_fields=["status", "next_attempt_at"])
    return attempt_delivery(delivery_id)


def retry_due_deliveries(*, now: datetime | None = None) -> list[int]:
    """Attempt every pending delivery whose next attempt is due; returns their ids."""
    now = now or timezone.now()
    due = WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
    attempted = []
    for pk in due.order_by("next_attempt_at", "pk").values_list("pk", flat=True):
        if attempt_delivery(pk) is not None:
            attempted.append(pk)
    return attempted
