"""Knowledge signals -> the search index: after commit, an entry's documents follow it."""

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from channels.search import index as search_index
from channels.search.backends import get_backend
from knowledge.models import Entry
from knowledge.signals import version_published, version_unpublished


def reindex_for_search(*, variant: Any, **kwargs: Any) -> None:
    """After commit: the entry's search documents follow what is live now."""
    search_index.index_entries([variant.entry_id])
    get_backend().changed([variant.entry_id])


version_published.connect(reindex_for_search, dispatch_uid="search-published")
version_unpublished.connect(reindex_for_search, dispatch_uid="search-unpublished")


@receiver(post_save, sender=Entry)
def entry_saved(*, instance: Entry, **kwargs: Any) -> None:
    """Example questions are searched too: re-index the entry once its change commits."""

    def reindex() -> None:
        search_index.index_entries([instance.pk])
        get_backend().changed([instance.pk])

    transaction.on_commit(reindex)
