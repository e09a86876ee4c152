"""Celery tasks of the channels app: they take ids and call plain functions."""

from celery import shared_task
from django.conf import settings

from channels import revision, stored, usage, webhooks
from channels.models import DeliveryStatus
from channels.search import indexer
from channels.search import log as search_log


@shared_task(ignore_result=True)
def deliver_webhook(delivery_id: int) -> None:
    """Send one webhook; on failure schedule the retry with exponential backoff."""
    delivery = webhooks.attempt_delivery(delivery_id)
    if (
        delivery is not None
        and delivery.status == DeliveryStatus.PENDING
        and not settings.CELERY_TASK_ALWAYS_EAGER  # in-process mode retries via run_due_jobs
    ):
        delay = webhooks.retry_delay(delivery.attempts).total_seconds()
        deliver_webhook.apply_async((delivery_id,), countdown=delay)


@shared_task(ignore_result=True)
def retry_due_webhooks() -> list[int]:
    return webhooks.retry_due_deliveries()


@shared_task(ignore_result=True)
def apply_search_changes() -> int:
    """One pass of this host's search indexer, then old outbox rows are pruned."""
    applied = indexer.apply_changes()
    indexer.prune_changes()
    return applied


@shared_task(ignore_result=True)
def flush_search_log() -> int:
    """Add the searches counted in the cache to the search log (`SearchQuery`)."""
    return search_log.flush()


@shared_task(ignore_result=True)
def flush_served_counts() -> int:
    """Write the answers served, counted in the cache, to `ServedCount`."""
    return usage.flush()


@shared_task(ignore_result=True)
def apply_revision_thresholds() -> dict[str, int]:
    """Open, remind and escalate revision tasks (`channels.revision`)."""
    return revision.apply_thresholds()


@shared_task(ignore_result=True)
def render_answers() -> int:
    """Render what the outbox says changed (`channels.stored`)."""
    return stored.render_pending()
