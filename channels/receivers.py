"""Knowledge signals -> changes feed, webhook outbox, stored answers, delivery cache.

The search index follows the same signals in `channels.search.receivers`.
"""

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from channels import analytics, cache, revision, stored, webhooks
from channels.models import AnswerChange, Channel, ChannelToken, Feedback
from knowledge.models import Entry, Topic
from knowledge.signals import publication_changing, version_published, version_unpublished
from templates_app.selectors import variants_using_snippet
from templates_app.signals import snippet_published, snippet_publishing, snippet_unpublished


@receiver(publication_changing)
def record_publication(*, version: Any, variant: Any, event: str, **kwargs: Any) -> None:
    """Inside the publishing transaction: the feed row, the webhook outbox rows, the
    stored answers' outbox, and the revision tasks the new text closes."""
    AnswerChange.objects.create(entry_id=variant.entry_id, channel_id=variant.channel_id)
    webhooks.enqueue_deliveries(version=version, variant=variant, event=event)
    if event == "unpublished":
        stored.withdraw(variant.entry_id)
    else:
        stored.record_change(variant.entry_id)
        # A new version of a text answers the revision tasks about the old one.
        revision.close_for_published(version)


@receiver(snippet_publishing)
def record_snippet_publication(*, snippet: Any, **kwargs: Any) -> None:
    """A new snippet text changes every live answer that uses it: tell mirrors and webhooks."""
    for variant in variants_using_snippet(snippet.key):
        AnswerChange.objects.create(entry_id=variant.entry_id, channel_id=variant.channel_id)
        webhooks.enqueue_deliveries(
            version=variant.published_version, variant=variant, event="published"
        )
        stored.record_change(variant.entry_id)


@receiver(snippet_unpublished)
def snippet_withdrawn(*, snippet: Any, **kwargs: Any) -> None:
    """After commit: answers that used the snippet are rendered without it."""
    with transaction.atomic():
        for variant in variants_using_snippet(snippet.key):
            stored.record_change(variant.entry_id)


# After commit: whatever was cached may now be wrong.
version_published.connect(cache.invalidate, dispatch_uid="delivery-cache-published")
version_unpublished.connect(cache.invalidate, dispatch_uid="delivery-cache-unpublished")
snippet_published.connect(cache.invalidate, dispatch_uid="delivery-cache-snippet")
snippet_unpublished.connect(cache.invalidate, dispatch_uid="delivery-cache-snippet-off")


@receiver(post_save, sender=Channel)
@receiver(post_delete, sender=Channel)
@receiver(post_save, sender=ChannelToken)
def channel_changed(**kwargs: Any) -> None:
    transaction.on_commit(cache.invalidate)


@receiver(post_save, sender=Channel)
@receiver(post_delete, sender=Channel)
@receiver(post_save, sender=Topic)
def served_everywhere_changed(**kwargs: Any) -> None:
    """A channel (fallbacks, inheritance, format, slug) or a topic's slug changes
    what every answer is served as: all are rendered again."""
    stored.record_change(None)


@receiver(post_save, sender=Entry)
def entry_saved(*, instance: Entry, **kwargs: Any) -> None:
    """Its key or topic is part of every answer."""
    stored.record_change(instance.pk)


@receiver(post_delete, sender=Entry)
def entry_deleted(*, instance: Entry, **kwargs: Any) -> None:
    stored.withdraw(instance.pk)


@receiver(pre_save, sender=Feedback)
def vote_replaced(*, instance: Feedback, **kwargs: Any) -> None:
    """A vote saved again (a client's later vote the same day): take back what it was."""
    if instance.pk is not None:
        before = Feedback.objects.filter(pk=instance.pk).first()
        if before is not None:
            analytics.add_to_vote_day(before, -1)


@receiver(post_save, sender=Feedback)
def vote_saved(*, instance: Feedback, **kwargs: Any) -> None:
    """Every vote saved counts in its day's sums (`VoteDay`), in the same transaction."""
    analytics.add_to_vote_day(instance, 1)


@receiver(post_delete, sender=Feedback)
def vote_deleted(*, instance: Feedback, **kwargs: Any) -> None:
    analytics.add_to_vote_day(instance, -1)
