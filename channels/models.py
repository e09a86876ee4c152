"""Channels: the places answers are delivered to (help page, chat, e-mail...)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


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
