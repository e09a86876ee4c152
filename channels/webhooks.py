"""Webhook deliveries: outbox rows written with the publish, sent and retried later.

A row is created in the publishing transaction, so a broker or receiver outage
loses nothing: the Celery task sends it after commit, a failed attempt is
retried with exponential backoff, and `run_due_jobs` (or beat) picks up any
row whose next attempt is due, whatever happened to the task.
"""

import hashlib
import hmac
import json
import logging
import urllib.error
import urllib.request
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from channels.models import Channel, DeliveryStatus, WebhookDelivery, WebhookEvent
from knowledge.languages import language_codes
from knowledge.models import Variant, Version
from knowledge.selectors import version_missing_languages

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
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
    channels = list(Channel.objects.all())
    if variant.channel.is_primary:
        return channels
    by_id = {channel.pk: channel for channel in channels}
    reached = []
    for channel in channels:
        current: Channel | None = channel
        seen: set[int] = set()
        while current is not None and current.pk not in seen:
            if current.pk == variant.channel_id:
                reached.append(channel)
                break
            seen.add(current.pk)
            current = by_id.get(current.inherits_from_id) if current.inherits_from_id else None
    return reached


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


def send_soon(delivery_id: int) -> None:
    """Queue a delivery for a worker. With the broker down the row stays pending
    in the outbox and the periodic retry job sends it, so publishing never fails."""
    from channels.tasks import deliver_webhook  # tasks import this module

    try:
        deliver_webhook.delay(delivery_id)
    except OperationalError:
        logger.warning(
            "Broker unreachable; webhook delivery %s waits for the retry job.", delivery_id
        )


def attempt_delivery(delivery_id: int) -> WebhookDelivery | None:
    """Send one due delivery once; record the outcome and when to retry.

    Returns the row, or None when it is not due (already sent, or another
    worker holds it). Safe to call twice for the same row.
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
        body = delivery.body.encode()
        request = urllib.request.Request(  # noqa: S310 (the URL is an http(s) URLField)
            delivery.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "User-Agent": "Parley-Webhooks/1",
                "X-Parley-Event": delivery.event,
                "X-Parley-Delivery": str(delivery.pk),
                "X-Parley-Signature": sign(body, delivery.channel.webhook_secret),
            },
        )
        delivery.attempts += 1
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
                delivery.last_status_code = response.status
            delivery.status = DeliveryStatus.DELIVERED
            delivery.delivered_at = timezone.now()
            delivery.next_attempt_at = None
            delivery.last_error = ""
        except urllib.error.HTTPError as error:
            delivery.last_status_code = error.code
            _failed(delivery, f"HTTP {error.code}")
        except (urllib.error.URLError, OSError, ValueError) as error:
            delivery.last_status_code = None
            _failed(delivery, str(error)[:500])
        delivery.save()
    return delivery


def _failed(delivery: WebhookDelivery, error: str) -> None:
    delivery.last_error = error
    if delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = DeliveryStatus.FAILED
        delivery.next_attempt_at = None
    else:
        delivery.next_attempt_at = timezone.now() + retry_delay(delivery.attempts)
    logger.info(
        "Webhook delivery %s failed (attempt %s): %s", delivery.pk, delivery.attempts, error
    )


def retry_due_deliveries(*, now: datetime | None = None) -> list[int]:
    """Attempt every pending delivery whose next attempt is due; returns their ids."""
    now = now or timezone.now()
    due = WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
    attempted = []
    for pk in due.order_by("next_attempt_at", "pk").values_list("pk", flat=True):
        if attempt_delivery(pk) is not None:
            attempted.append(pk)
    return attempted
