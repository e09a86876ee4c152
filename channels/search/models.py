"""Answer search's tables: what is matched per entry and language, and what was asked."""

from django.db import models


class SearchDocument(models.Model):
    """What search matches for one entry in one language: weighted term counts.

    Written from the entry's example questions and its published titles and
    bodies when something is published or unpublished (`channels.search.index`).
    """

    entry = models.ForeignKey(
        "knowledge.Entry", on_delete=models.CASCADE, related_name="search_documents"
    )
    language = models.CharField(max_length=20)
    terms = models.JSONField(default=dict)
    length = models.FloatField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "language"], name="search_document_once")
        ]

    def __str__(self) -> str:
        return f"{self.entry_id}/{self.language}"


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
