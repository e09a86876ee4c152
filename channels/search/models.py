"""Answer search's tables: the outbox the index follows, and what customers asked."""

import re

from django.db import models

# New lines, and commas of Latin, Japanese and Chinese writing.
PHRASE_SEPARATORS = re.compile(r"[\n,、，]+")


class SearchChange(models.Model):
    """Outbox row: this entry's searchable text may have changed.

    Written in the same transaction as the change (a publication, an
    unpublication, an edit of the example questions), so a change that commits
    is never missed and one that rolls back leaves nothing. Every host's
    indexer reads the rows after the last one it applied
    (`channels.search.indexer`); rows carry only the entry, and the indexer
    reads what is live when it applies them, so applying one twice is harmless.
    """

    # Not a foreign key: a deleted entry must leave its row, to remove its documents.
    entry_id = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"#{self.pk} entry {self.entry_id}"


class SearchVector(models.Model):
    """A document's meaning vector, kept by the digest of the text it was made from.

    The indexer embeds only text whose digest has no row yet, so publishing one
    answer embeds one answer, and a rebuild of an unchanged base embeds nothing.
    """

    digest = models.CharField(max_length=64, unique=True)
    vector = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.digest[:12]


class SearchSynonym(models.Model):
    """Words customers use for the same thing, in one language, kept by editors.

    A question that uses one of the phrases also looks for the others (a little
    more weakly), so "coupon" finds the answer that says "promo code". Applied
    when a question is asked: a change needs no re-indexing.
    """

    language = models.CharField(max_length=20)
    phrases = models.TextField(
        help_text="Two or more words or phrases that mean the same here, one per line "
        "(or separated by commas), e.g. promo code, discount code, coupon."
    )
    note = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["language", "pk"]

    def __str__(self) -> str:
        return ", ".join(self.phrase_list())

    def phrase_list(self) -> list[str]:
        return [p.strip() for p in PHRASE_SEPARATORS.split(self.phrases) if p.strip()]


class SearchQuery(models.Model):
    """A question customers asked on a channel, in a language, and how it went.

    Questions are kept normalised (case, width and spaces folded), so the same
    question typed twice is one row with a count. `misses` counts the times
    nothing answered it well enough: what the base does not answer yet.
    """

    channel = models.ForeignKey(
        "channels.Channel", on_delete=models.CASCADE, related_name="search_queries"
    )
    language = models.CharField(max_length=20)
    query = models.CharField(max_length=200)
    searches = models.PositiveIntegerField(default=0)
    misses = models.PositiveIntegerField(default=0)
    last_top_entry = models.ForeignKey(
        "knowledge.Entry", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_top_score = models.FloatField(null=True, blank=True)
    first_seen = models.DateTimeField(auto_now_add=True)
    last_seen = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "search queries"
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "language", "query"], name="search_query_once"
            )
        ]
        indexes = [models.Index(fields=["channel", "language", "-misses"])]

    def __str__(self) -> str:
        return self.query
