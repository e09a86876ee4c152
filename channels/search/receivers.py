"""Knowledge signals -> the search outbox: a row in the same transaction, a pass after commit."""

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from channels.models import SearchChange, SearchSynonym
from channels.search.indexer import apply_changes_soon
from channels.search.query import bump_synonyms
from knowledge.models import Entry
from knowledge.signals import publication_changing


def record_change(entry_id: int) -> None:
    """Inside the current transaction: this entry's searchable text may change."""
    SearchChange.objects.create(entry_id=entry_id)
    transaction.on_commit(apply_changes_soon)


@receiver(publication_changing, dispatch_uid="search-outbox-publication")
def publication_changing_search(*, variant: Any, **kwargs: Any) -> None:
    record_change(variant.entry_id)


@receiver(post_save, sender=Entry, dispatch_uid="search-outbox-entry-saved")
@receiver(post_delete, sender=Entry, dispatch_uid="search-outbox-entry-deleted")
def entry_changed(*, instance: Entry, **kwargs: Any) -> None:
    """Example questions are searched too; a deleted entry's documents must go."""
    record_change(instance.pk)


@receiver(post_save, sender=SearchSynonym, dispatch_uid="search-synonyms-saved")
@receiver(post_delete, sender=SearchSynonym, dispatch_uid="search-synonyms-deleted")
def synonyms_changed(**kwargs: Any) -> None:
    """Every process reads the synonyms again before its next question."""
    transaction.on_commit(bump_synonyms)
