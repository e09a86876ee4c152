"""Reusable answer snippets and their versions.

A snippet (an opener, an agreement, a closing, an apology for a common hard
case) is referenced from a body as ``{{snippet:<key>}}``. Its text changes go
through the same draft -> review -> publish cycle as answers; delivery expands
only the published version. Placeholders are declared in settings
(`templates_app.placeholders`), not here.
"""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from knowledge.models import TransitionRecord
from knowledge.workflow import EDITABLE_STATUSES, OPEN_STATUSES, VersionStatus

SNIPPET_KEY = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$", "Use lower-case letters, digits and single hyphens."
)


class SnippetKind(models.TextChoices):
    OPENER = "opener", "Opener / acknowledgement"
    AGREEMENT = "agreement", "Agreement (solution, time frame, next step)"
    CLOSING = "closing", "Closing question"
    APOLOGY = "apology", "Apology for a hard case"
    OTHER = "other", "Other"


class Snippet(models.Model):
    key = models.CharField(
        max_length=60,
        unique=True,
        validators=[SNIPPET_KEY],
        help_text="Used in bodies as {{snippet:<key>}}; cannot change once used.",
    )
    kind = models.CharField(max_length=20, choices=SnippetKind.choices)
    description = models.CharField(max_length=200, blank=True, default="")
    channels = models.ManyToManyField(
        "channels.Channel",
        blank=True,
        related_name="snippets",
        help_text="Channels that may use it; none means every channel.",
    )
    published_version = models.OneToOneField(
        "SnippetVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    draft = models.OneToOneField(
        "SnippetVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key


class SnippetVersion(models.Model):
    """One text of a snippet in every language. Editable only while a draft."""

    snippet = models.ForeignKey(Snippet, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    text = models.TextField(blank=True, default="")
    status = models.CharField(
        max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="authored_snippet_versions",
    )
    contributors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="contributed_snippet_versions",
        help_text="Everyone who wrote or edited this version; none of them may approve it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    publish_at = models.DateTimeField(
        null=True, blank=True, help_text="When a scheduled version goes live."
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["snippet", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["snippet", "number"], name="snippet_version_number"),
            models.UniqueConstraint(
                fields=["snippet"],
                condition=Q(status__in=sorted(OPEN_STATUSES)),
                name="snippet_version_one_open",
                violation_error_message="This snippet already has a version in progress.",
            ),
            models.UniqueConstraint(
                fields=["snippet"],
                condition=Q(status=VersionStatus.PUBLISHED),
                name="snippet_version_one_published",
                violation_error_message="Only one version of a snippet is live.",
            ),
        ]
        permissions = [
            ("review_snippetversion", "Can approve snippet versions or request changes"),
            ("publish_snippetversion", "Can publish snippet versions"),
        ]

    def __str__(self) -> str:
        return f"{self.snippet.key} v{self.number}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def review_comment(self) -> str:
        """What the reviewer last asked to change (from the log), while it applies."""
        if self.status != VersionStatus.CHANGES_REQUESTED:
            return ""
        last = self.transitions.filter(action="request_changes").order_by("-pk").first()
        return last.comment if last else ""


class SnippetTransition(TransitionRecord):
    """One workflow step of a snippet's version."""

    version = models.ForeignKey(
        SnippetVersion, on_delete=models.CASCADE, related_name="transitions"
    )

    class Meta(TransitionRecord.Meta):
        pass


class ToneWordKind(models.TextChoices):
    JARGON = "jargon", "Jargon (company words customers don't use)"
    OVER_FORMAL = "over_formal", "Over-formal (stiff words with a plainer one)"


class ToneWord(models.Model):
    """A word editors add to a tone list, next to the lists in `tone/rules/*.toml`.

    Lint flags it in answers of its language and suggests the replacement.
    """

    language = models.CharField(max_length=20)
    kind = models.CharField(max_length=20, choices=ToneWordKind.choices)
    word = models.CharField(
        max_length=100, help_text="Matched case-insensitively; a trailing * matches any ending."
    )
    suggestion = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        ordering = ["language", "kind", "word"]
        constraints = [
            models.UniqueConstraint(fields=["language", "kind", "word"], name="tone_word_once")
        ]

    def __str__(self) -> str:
        return f"{self.language}: {self.word}"
