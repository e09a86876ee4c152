"""Version statuses. The transition table between them lives here too."""

from typing import Any

from django.conf import settings
from django.db import models

from config.errors import ActionForbidden, FourEyesViolation, InvalidTransition


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"  # being written; editable
    IN_REVIEW = "in_review", "In review"  # submitted; waits for a reviewer
    CHANGES_REQUESTED = "changes_requested", "Changes requested"  # back to the author; editable
    APPROVED = "approved", "Approved"  # a second person said yes; not yet live
    SCHEDULED = "scheduled", "Scheduled"  # approved, goes live at `publish_at`
    PUBLISHED = "published", "Published"  # the live version of its variant
    SUPERSEDED = "superseded", "Superseded"  # was live, replaced by a newer version
    UNPUBLISHED = "unpublished", "Unpublished"  # was live, taken off the channels


# Statuses a version can be edited in.
EDITABLE_STATUSES = frozenset({VersionStatus.DRAFT, VersionStatus.CHANGES_REQUESTED})

# A variant has at most one version on its way to publication (its "open draft").
OPEN_STATUSES = frozenset(
    {
        VersionStatus.DRAFT,
        VersionStatus.IN_REVIEW,
        VersionStatus.CHANGES_REQUESTED,
        VersionStatus.APPROVED,
        VersionStatus.SCHEDULED,
    }
)


class Action(models.TextChoices):
    CREATE = "create", "Create draft"
    EDIT = "edit", "Edit"
    SUBMIT = "submit", "Submit for review"
    APPROVE = "approve", "Approve"
    REQUEST_CHANGES = "request_changes", "Request changes"
    SCHEDULE = "schedule", "Schedule"
    PUBLISH = "publish", "Publish"
    SUPERSEDE = "supersede", "Superseded by a newer version"
    UNPUBLISH = "unpublish", "Unpublish"
    ESCALATE = "escalate", "Escalate overdue review"
    CONFIRM = "confirm", "Confirm translation still correct"
    ACKNOWLEDGE = "acknowledge", "Acknowledge a tone finding"
    IMPORT = "import", "Import a translation"


S = VersionStatus

# (action, from status) -> to status. A pair missing here is an impossible move.
TRANSITIONS: dict[tuple[str, str], str] = {
    (Action.SUBMIT, S.DRAFT): S.IN_REVIEW,
    (Action.SUBMIT, S.CHANGES_REQUESTED): S.IN_REVIEW,
    (Action.APPROVE, S.IN_REVIEW): S.APPROVED,
    (Action.REQUEST_CHANGES, S.IN_REVIEW): S.CHANGES_REQUESTED,
    (Action.SCHEDULE, S.APPROVED): S.SCHEDULED,
    (Action.SCHEDULE, S.SCHEDULED): S.SCHEDULED,
    (Action.PUBLISH, S.APPROVED): S.PUBLISHED,
    (Action.PUBLISH, S.SCHEDULED): S.PUBLISHED,
    (Action.SUPERSEDE, S.PUBLISHED): S.SUPERSEDED,
    (Action.UNPUBLISH, S.PUBLISHED): S.UNPUBLISHED,
}

# The permission an actor needs for each action a person can take.
ACTION_PERMISSIONS: dict[str, str] = {
    Action.CREATE: "knowledge.add_version",
    Action.EDIT: "knowledge.change_version",
    Action.SUBMIT: "knowledge.change_version",
    Action.CONFIRM: "knowledge.change_version",
    Action.ACKNOWLEDGE: "knowledge.change_version",
    Action.IMPORT: "knowledge.change_version",
    Action.APPROVE: "knowledge.review_version",
    Action.REQUEST_CHANGES: "knowledge.review_version",
    Action.SCHEDULE: "knowledge.publish_version",
    Action.PUBLISH: "knowledge.publish_version",
    Action.UNPUBLISH: "knowledge.publish_version",
}

# Versions whose content can be copied into a new draft (rollback).
ROLLBACK_SOURCES = frozenset({S.PUBLISHED, S.SUPERSEDED, S.UNPUBLISHED})


def next_status(action: str, current: str) -> str | None:
    """Where `action` leads from `current`, or None when the move is impossible."""
    return TRANSITIONS.get((action, current))


def require_transition(action: str, current: str, *, subject: str = "A version") -> str:
    """Where `action` leads from `current`; InvalidTransition (409) when impossible."""
    to_status = next_status(action, current)
    if to_status is None:
        raise InvalidTransition(
            f"{subject} that is {VersionStatus(current).label.lower()} cannot be moved by "
            f"'{Action(action).label.lower()}'.",
            status=current,
        )
    return to_status


def check_permission(actor: Any, permission: str, action: str, *, what: str = "") -> None:
    """Refuse `action` (403) unless `actor` holds `permission`. `None` is the system."""
    if actor is None:
        return
    if not actor.is_active or not actor.has_perm(permission):
        target = f" {what}" if what else ""
        raise ActionForbidden(f"You are not allowed to {Action(action).label.lower()}{target}.")


def check_four_eyes(version: Any, actor: Any) -> None:
    """Refuse approval by anyone who wrote or edited `version` (`PARLEY_FOUR_EYES`).

    `version` is any versioned text with an `author` and `contributors`.
    """
    if not settings.PARLEY_FOUR_EYES or actor is None:
        return
    if version.author_id == actor.pk or version.contributors.filter(pk=actor.pk).exists():
        raise FourEyesViolation("You wrote or edited this version; another person must approve.")
