"""People's notices about workflow steps that concern them, and their e-mail choice.

A notice is written in the transaction of the step it is about (it exists
exactly when the step happened); its e-mail goes out after commit.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class NoticeEvent(models.TextChoices):
    SUBMITTED = "submitted", "Waiting for your review"  # to reviewers of the changed languages
    CHANGES_REQUESTED = "changes_requested", "Changes requested"  # to the author
    APPROVED = "approved", "Approved"  # to the author
    SCHEDULED = "scheduled", "Scheduled"  # to the author
    PUBLISHED = "published", "Published"  # to the author
    ESCALATED = "escalated", "Review overdue"  # to publishers and the author


class Notice(models.Model):
    """One thing one person should know or do about one version (of either kind)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    event = models.CharField(max_length=20, choices=NoticeEvent.choices)
    title = models.CharField(max_length=200, help_text="The headline; the e-mail's subject.")
    text = models.TextField(blank=True, default="")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who took the step; empty when the system did.",
    )
    # The version it is about: an answer's or a snippet's (exactly one).
    version = models.ForeignKey(
        "knowledge.Version",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notices",
    )
    snippet_version = models.ForeignKey(
        "templates_app.SnippetVersion",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notices",
    )
    url = models.CharField(max_length=300, blank=True, default="", help_text="Its admin page.")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the person read it (followed it, or marked it read).",
    )
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notice_recipient_unread")]
        constraints = [
            models.CheckConstraint(
                condition=Q(version__isnull=False, snippet_version__isnull=True)
                | Q(version__isnull=True, snippet_version__isnull=False),
                name="notice_about_one_version",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NoticeSettings(models.Model):
    """A person's choices about notices. Without a row, e-mail is on."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notice_settings",
    )
    email = models.BooleanField(
        "e-mail me",
        default=True,
        help_text="Send each notice by e-mail too. Notices always appear in the admin.",
    )

    class Meta:
        verbose_name = "e-mail setting"
        verbose_name_plural = "e-mail settings"

    def __str__(self) -> str:
        return f"{self.user}: e-mail {'on' if self.email else 'off'}"
