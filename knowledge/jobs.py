"""Periodic work: scheduled publishing, review-SLA escalation, verification reminders.

Each job is a plain function; Celery beat (`knowledge.tasks`) and
`manage.py run_due_jobs` both call these. Each step commits on its own, so one
failing version does not hold back the others.
"""

from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from knowledge import engine, services
from knowledge.models import Entry, Version
from knowledge.services import version_escalate
from knowledge.workflow import VersionStatus


def publish_due_versions(*, now: datetime | None = None) -> list[Any]:
    """Publish every scheduled version whose `publish_at` has come: answers' then snippets'."""
    from templates_app import services as snippets  # it imports knowledge

    now = now or timezone.now()
    return [
        *engine.publish_due(services.ANSWERS, services.version_publish, now=now),
        *engine.publish_due(snippets.SNIPPETS, snippets.snippet_version_publish, now=now),
    ]


def escalate_overdue_reviews(*, now: datetime | None = None) -> list[Version]:
    """Flag versions in review longer than the SLA, once each.

    Each escalation is a workflow step: the notices app (listening to
    `workflow_step`) tells the publishers and the author, in the admin and by e-mail.
    """
    now = now or timezone.now()
    deadline = now - timedelta(hours=settings.PARLEY_REVIEW_SLA_HOURS)
    overdue = Version.objects.filter(
        status=VersionStatus.IN_REVIEW, submitted_at__lte=deadline, escalated_at__isnull=True
    )
    escalated = []
    for version_id in overdue.values_list("pk", flat=True):
        version = version_escalate(version_id=version_id, now=now, deadline=deadline)
        if version is not None:
            escalated.append(version)
    return escalated


def remind_content_verification(*, today: date | None = None) -> dict[str, list[str]]:
    """E-mail each owner the entries whose `review_by` date has passed."""
    today = today or timezone.localdate()
    due = Entry.objects.filter(review_by__lte=today, owner__isnull=False).select_related("owner")
    by_owner: dict = defaultdict(list)
    for entry in due.order_by("review_by", "key"):
        by_owner[entry.owner].append(entry)
    reminded: dict[str, list[str]] = {}
    for owner, entries in by_owner.items():
        reminded[owner.username] = [entry.key for entry in entries]
        if not owner.email:
            continue
        send_mail(
            subject=f"[Parley] {len(entries)} answer(s) to verify",
            message="Please check these entries are still correct, then set a new review date:"
            "\n\n" + "\n".join(f"- {e.key} (review by {e.review_by})" for e in entries),
            from_email=None,
            recipient_list=[owner.email],
        )
    return reminded
