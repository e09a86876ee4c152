"""Channels: the places answers are delivered to (help page, chat, e-mail...)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from knowledge.models import HashedToken


class Tone(models.TextChoices):
    PLAIN = "plain", "Plain (dry, direct self-service text)"
    EMPATHETIC = "empathetic", "Empathetic (acknowledge, guide, agree, close)"


class Format(models.TextChoices):
    MARKDOWN = "markdown", "Markdown"
    HTML = "html", "HTML"
    TEXT = "text", "Plain text"


def _language_choices() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, name in settings.LANGUAGES]


class Channel(models.Model):
    slug = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=100)
    tone = models.CharField(max_length=20, choices=Tone.choices, default=Tone.PLAIN)
    format = models.CharField(max_length=20, choices=Format.choices, default=Format.MARKDOWN)
    max_length = models.PositiveIntegerField(
        null=True, blank=True, help_text="Longest body this channel can show, in characters."
    )
    emoji_allowed = models.BooleanField(default=False)
    inherits_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="heirs",
        help_text="Channel whose variant is served when this channel has none of its own.",
    )
    is_primary = models.BooleanField(
        default=False,
        help_text=(
            "The entry's plain variant lives on this channel: every inheritance chain ends "
            "here, and translations are checked against its source-language text."
        ),
    )
    default_language = models.CharField(
        max_length=15,
        choices=_language_choices,
        default="en",
        help_text="Served when a request names no language.",
    )
    fallback_languages = models.JSONField(
        default=list,
        blank=True,
        help_text=(
            "Languages tried, in order, when the requested one has no text; "
            "the source language is always tried last."
        ),
    )
    public = models.BooleanField(default=False, help_text="Readable without a token.")
    webhook_url = models.URLField(blank=True, default="")
    webhook_secret = models.CharField(max_length=128, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_primary"],
                condition=Q(is_primary=True),
                name="channel_single_primary",
                violation_error_message="Only one channel can hold the entries' plain variants.",
            ),
            models.CheckConstraint(
                condition=Q(is_primary=False) | Q(tone=Tone.PLAIN, inherits_from__isnull=True),
                name="channel_primary_is_plain_root",
                violation_error_message="The primary channel must be plain and inherit from none.",
            ),
            models.CheckConstraint(
                condition=~Q(inherits_from=models.F("pk")),
                name="channel_not_own_parent",
                violation_error_message="A channel cannot inherit from itself.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        known = {code for code, _name in settings.LANGUAGES}
        chain = self.fallback_languages
        if not isinstance(chain, list) or not all(isinstance(c, str) for c in chain):
            raise ValidationError({"fallback_languages": "Give a list of language codes."})
        unknown = [code for code in chain if code not in known]
        if unknown:
            raise ValidationError(
                {"fallback_languages": f"Not configured languages: {', '.join(unknown)}."}
            )
        if len(set(chain)) != len(chain):
            raise ValidationError({"fallback_languages": "A language appears twice."})
        self._check_inheritance_cycle()

    def _check_inheritance_cycle(self) -> None:
        seen = {self.pk}
        parent = self.inherits_from
        while parent is not None:
            if parent.pk in seen:
                raise ValidationError({"inherits_from": "This would make an inheritance loop."})
            seen.add(parent.pk)
            parent = parent.inherits_from


class ChannelToken(HashedToken):
    """A channel's API token (`Authorization: Bearer <key>`)."""

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.channel.slug})"


class AnswerChange(models.Model):
    """One publish or unpublish touching an entry; its id is the changes-feed cursor.

    The feed re-resolves each changed entry for the asking channel, so one row
    serves every channel the entry reaches through inheritance.
    """

    entry = models.ForeignKey("knowledge.Entry", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"change {self.pk} of entry {self.entry_id}"


class WebhookEvent(models.TextChoices):
    PUBLISHED = "answer.published", "Answer published"
    UNPUBLISHED = "answer.unpublished", "Answer unpublished"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"  # waiting for its first or next attempt
    DELIVERED = "delivered", "Delivered"  # the receiver answered 2xx
    FAILED = "failed", "Failed"  # gave up after the last retry


class WebhookDelivery(models.Model):
    """An outbox row: written in the publishing transaction, sent by a Celery task."""

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40, choices=WebhookEvent.choices)
    url = models.URLField()
    body = models.TextField(help_text="The exact JSON sent (the signature covers these bytes).")
    status = models.CharField(
        max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "webhook deliveries"

    def __str__(self) -> str:
        return f"{self.event} → {self.channel.slug} ({self.status})"


class Feedback(models.Model):
    """A customer's rating of one served answer: entry × channel × language × version."""

    entry = models.ForeignKey("knowledge.Entry", on_delete=models.CASCADE, related_name="feedback")
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="feedback")
    language = models.CharField(max_length=15)
    version = models.ForeignKey(
        "knowledge.Version", on_delete=models.SET_NULL, null=True, related_name="feedback"
    )
    helpful = models.BooleanField(null=True, blank=True)
    effort = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Customer effort, 1 (easy) to 5 (hard)."
    )
    comment = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "feedback"
        constraints = [
            models.CheckConstraint(
                condition=Q(effort__isnull=True) | Q(effort__gte=1, effort__lte=5),
                name="feedback_effort_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return f"feedback on {self.entry_id} @ {self.channel_id} ({self.language})"


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

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="search_queries")
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
