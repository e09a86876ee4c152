"""The admin home page: each person's own work, first thing after logging in.

Drafts and sent-back versions for authors, the review queue (overdue first)
for reviewers, approved and scheduled texts for publishers, outdated texts of
the entries a person owns, and what was escalated lately.
"""

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import timezone

from knowledge.languages import language_codes, localized, source_language
from knowledge.models import Entry, Transition, Version
from knowledge.selectors import OUTDATED, outdated_matrix, review_queue
from knowledge.workflow import Action, VersionStatus

SHOWN = 25  # rows per list; each says how many there are in all
RECENT = timedelta(days=7)


def version_title(version: Version) -> str:
    """The version's title in the source language, else the first it has."""
    for code in [source_language(), *language_codes()]:
        title = getattr(version, localized("title", code))
        if title:
            return title
    return version.variant.entry.key


def _rows(queryset: QuerySet[Version]) -> dict[str, Any]:
    return {"count": queryset.count(), "rows": _titled(list(queryset[:SHOWN]))}


def _titled(versions: list[Version]) -> list[Version]:
    """Each version with `shown_title`, so lists read as titles rather than ids."""
    for version in versions:
        version.shown_title = version_title(version)
    return versions


def _versions() -> QuerySet[Version]:
    return Version.objects.select_related("variant__entry", "variant__channel", "author")


def is_overdue(version: Version, now: datetime) -> bool:
    """Escalated, or waiting for review longer than the SLA."""
    deadline = now - timedelta(hours=settings.PARLEY_REVIEW_SLA_HOURS)
    return version.escalated_at is not None or (
        version.submitted_at is not None and version.submitted_at <= deadline
    )


def home_sections(user: Any, *, now: datetime | None = None) -> dict[str, Any]:
    """What the home page lists for `user`."""
    now = now or timezone.now()
    mine = _versions().filter(Q(author=user) | Q(contributors=user)).distinct()
    sections: dict[str, Any] = {
        "drafts": _rows(mine.filter(status=VersionStatus.DRAFT).order_by("-updated_at")),
        "changes_requested": _rows(
            mine.filter(status=VersionStatus.CHANGES_REQUESTED)
            .prefetch_related(
                Prefetch(
                    "transitions",
                    queryset=Transition.objects.filter(action=Action.REQUEST_CHANGES)
                    .select_related("actor")
                    .order_by("-created_at", "-pk"),
                    to_attr="requests",
                )
            )
            .order_by("-updated_at")
        ),
        "in_review_mine": _rows(
            mine.filter(status=VersionStatus.IN_REVIEW).order_by("submitted_at")
        ),
    }
    if user.has_perm("knowledge.review_version"):
        waiting = list(review_queue(user, _versions()))
        for version in waiting:
            version.overdue = is_overdue(version, now)
        waiting.sort(key=lambda v: (not v.overdue, v.submitted_at or now, v.pk))
        sections["queue"] = {"count": len(waiting), "rows": _titled(waiting[:SHOWN])}
    if user.has_perm("knowledge.publish_version"):
        approved = list(
            _versions().filter(status=VersionStatus.APPROVED).order_by("approved_at", "pk")
        )
        by_entry: dict[int, dict[str, Any]] = {}
        for version in approved:
            group = by_entry.setdefault(
                version.variant.entry_id, {"entry": version.variant.entry, "versions": []}
            )
            group["versions"].append(version)
        sections["approved"] = {"count": len(approved), "rows": list(by_entry.values())}
    sections["scheduled"] = _rows(
        _versions().filter(status=VersionStatus.SCHEDULED).order_by("publish_at", "pk")
    )
    sections["escalated"] = _rows(
        _versions()
        .filter(status=VersionStatus.IN_REVIEW, escalated_at__gte=now - RECENT)
        .order_by("-escalated_at")
    )
    sections["outdated"] = _outdated_of(user)
    sections["revision_tasks"] = _revision_tasks_of(user, now)
    return sections


def _revision_tasks_of(user: Any, now: datetime) -> dict[str, Any]:
    """Open revision tasks that are `user`'s to do, the soonest due first."""
    from channels.revision import tasks_for

    tasks = list(tasks_for(user).order_by("due_at", "pk")[:SHOWN])
    for task in tasks:
        task.overdue = task.due_at <= now
    return {"count": tasks_for(user).count(), "rows": tasks}


def _outdated_of(user: Any) -> dict[str, Any]:
    """Live texts of the entries `user` owns that were written against an older source."""
    rows = []
    for row in outdated_matrix(Entry.objects.filter(owner=user)):
        for channel, states in row["cells"].items():
            languages = [code for code, state in states.items() if state == OUTDATED]
            if languages:
                rows.append({"entry": row["entry"], "channel": channel, "languages": languages})
    return {"count": len(rows), "rows": rows[:SHOWN]}


def notices_panel() -> str | None:
    """The notices app's panel, when it is installed."""
    try:
        get_template("admin/notices/panel.html")
    except TemplateDoesNotExist:
        return None
    return "admin/notices/panel.html"
