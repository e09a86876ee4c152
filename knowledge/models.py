"""Knowledge entries, their channel variants and the versions of each variant.

Translated fields (`Topic.name`, `Entry.questions`, `Version.title/body/based_on`)
get one column per language from modeltranslation; history is registered in
`translation.py`, after the translation options (see PITFALLS.md).
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from knowledge.workflow import EDITABLE_STATUSES, OPEN_STATUSES, VersionStatus


class TranslatedTextModel(models.Model):
    """Stores an empty translation as ``''``, never ``None``.

    Admin forms and the ORM would otherwise disagree (``None`` against ``''``),
    and history would record ``'' -> None`` changes nobody made.
    """

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        from modeltranslation.translator import translator

        from knowledge.languages import localized_all

        for field in translator.get_options_for_model(type(self)).fields:
            for column in localized_all(field):
                if getattr(self, column, "") is None:
                    setattr(self, column, "")
        super().save(*args, **kwargs)


class Topic(TranslatedTextModel):
    slug = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=120, blank=True, default="")

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name or self.slug


class Tag(models.Model):
    slug = models.SlugField(max_length=50, unique=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.slug


class Entry(TranslatedTextModel):
    """One piece of knowledge, with a variant per channel."""

    key = models.SlugField(
        max_length=100, unique=True, help_text="Stable identifier channels ask for."
    )
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="entries")
    tags = models.ManyToManyField(Tag, blank=True, related_name="entries")
    questions = models.TextField(
        blank=True,
        default="",
        help_text="Example customer phrasings, one per line; used by search.",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_entries",
    )
    review_by = models.DateField(
        null=True, blank=True, help_text="Date by which the owner re-checks the content."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key"]
        verbose_name_plural = "entries"

    def __str__(self) -> str:
        return self.key

    def question_list(self, language: str) -> list[str]:
        from knowledge.languages import localized

        text = getattr(self, localized("questions", language)) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class Variant(models.Model):
    """The text of one entry for one channel; points at its live and open versions."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="variants")
    channel = models.ForeignKey(
        "channels.Channel", on_delete=models.PROTECT, related_name="variants"
    )
    published_version = models.ForeignKey(
        "Version",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The version channels are served.",
    )
    draft = models.ForeignKey(
        "Version",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The version on its way to publication, if any.",
    )

    class Meta:
        ordering = ["entry__key", "channel__slug"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "channel"], name="variant_entry_channel"),
        ]

    def __str__(self) -> str:
        return f"{self.entry.key} @ {self.channel.slug}"


class Version(TranslatedTextModel):
    """One numbered text of a variant, in every language. Immutable once submitted."""

    variant = models.ForeignKey(Variant, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=300, blank=True, default="")
    body = models.TextField(blank=True, default="")
    based_on = models.CharField(
        max_length=64,
        blank=True,
        default="",
        editable=False,
        help_text="Digest of the source text this language was written against.",
    )
    status = models.CharField(
        max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT, db_index=True
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="authored_versions",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    publish_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(
        null=True, blank=True, help_text="When the review was escalated for missing its SLA."
    )
    changed_languages = models.JSONField(
        default=list,
        blank=True,
        help_text="Languages whose text differs from the live version; set on submit.",
    )
    contributors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="contributed_versions",
        help_text="Everyone who wrote or edited this version; none of them may approve it.",
    )

    class Meta:
        ordering = ["variant", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["variant", "number"], name="version_variant_number"),
            models.UniqueConstraint(
                fields=["variant"],
                condition=Q(status__in=sorted(OPEN_STATUSES)),
                name="version_one_open_per_variant",
                violation_error_message="This variant already has a version in progress.",
            ),
            models.UniqueConstraint(
                fields=["variant"],
                condition=Q(status=VersionStatus.PUBLISHED),
                name="version_one_published_per_variant",
            ),
        ]
        permissions = [
            ("review_version", "Can approve versions or request changes"),
            ("publish_version", "Can publish, schedule and unpublish versions"),
        ]

    def __str__(self) -> str:
        return f"{self.variant} v{self.number}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class FindingAcknowledgement(models.Model):
    """An author's word that a heuristic tone finding is right as written, and why.

    Heuristic findings never stop a person: the author acknowledges one with a
    reason, and the reviewer sees it next to the text and decides. A finding is
    named by language, field, rule and the words it marks, so an edit that
    changes those words leaves the new finding unacknowledged.
    """

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="acknowledgements")
    language = models.CharField(max_length=10)
    field = models.CharField(max_length=10, default="body")
    rule = models.CharField(max_length=40)
    excerpt = models.CharField(
        max_length=300, blank=True, default="", help_text="The words the finding marks."
    )
    reason = models.CharField(max_length=300)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "language", "field", "rule", "excerpt"],
                name="acknowledgement_one_per_finding",
            )
        ]

    def __str__(self) -> str:
        return f"{self.version} {self.language} {self.rule}: {self.reason}"


class TransitionRecord(models.Model):
    """One workflow step of a reviewed version: who did what, when, and why.

    Concrete logs add `version`: answers' `Transition`, snippets'
    `templates_app.SnippetTransition`; the review engine writes both.
    """

    action = models.CharField(max_length=20)
    from_status = models.CharField(max_length=20, blank=True, default="")
    to_status = models.CharField(max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty for steps the system took (scheduled publishing, escalation).",
    )
    comment = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.version}: {self.from_status or '-'} -> {self.to_status}"  # type: ignore[attr-defined]


class Transition(TransitionRecord):
    """One workflow step of an answer's version."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="transitions")

    class Meta(TransitionRecord.Meta):
        pass


class ReviewerProfile(models.Model):
    """The languages a reviewer can judge; their review queue shows only those versions."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="reviewer_profile",
    )
    languages = models.JSONField(
        default=list,
        blank=True,
        help_text="Language codes this person reviews; empty means every language.",
    )

    def __str__(self) -> str:
        return f"{self.user}: {', '.join(self.languages) or 'all languages'}"


class HashedToken(models.Model):
    """An API token of which only the SHA-256 digest is stored (see `knowledge.tokens`)."""

    name = models.CharField(max_length=100, blank=True, default="")
    prefix = models.CharField(
        max_length=12, editable=False, help_text="First characters, to recognise the token."
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]


class UserToken(HashedToken):
    """A personal API token for the editorial API."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"


class TranslationFile(models.Model):
    """A file sent to translators or taken back from them: who, when, which units.

    An export records, per unit, what it was based on (the source digest the
    translator sees, the text in the language at that moment), so an import of
    its translation can tell a text edited meanwhile (conflict) from one left
    alone, and a source changed meanwhile (outdated) from a current one. An
    import records its per-unit report.
    """

    class Direction(models.TextChoices):
        EXPORT = "export", "Sent to translators"
        IMPORT = "import", "Taken back from translators"

    direction = models.CharField(max_length=10, choices=Direction.choices)
    format = models.CharField(max_length=10)
    languages = models.JSONField(default=list)
    filename = models.CharField(max_length=200, blank=True, default="")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    export = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="imports",
        help_text="For an import: the export its file came from, when the file names it.",
    )
    units = models.JSONField(
        default=list,
        help_text="Export: each unit and its baseline. Import: the per-unit report.",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} #{self.pk} ({', '.join(self.languages)})"

    @property
    def counts(self) -> dict[str, int]:
        """Units per status (an import) or per state (an export)."""
        key = "status" if self.direction == self.Direction.IMPORT else "state"
        found: dict[str, int] = {}
        for unit in self.units:
            found[unit.get(key, "?")] = found.get(unit.get(key, "?"), 0) + 1
        return found
