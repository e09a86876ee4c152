"""The review engine: one set of workflow steps for everything that is reviewed.

Answers' versions (`knowledge.services`) and snippets' versions
(`templates_app.services`) are two kinds of the same thing: a numbered
version of a parent (a variant, a snippet) that is drafted, reviewed by a
second person and published, with the parent pointing at its `draft` and its
`published_version`. A `Reviewed` says what differs between kinds (models,
permissions, signals); the steps below are written once:

- each step checks the actor's permission, locks the parent row and then the
  version (so two steps on one parent never interleave), checks the
  transition table (`knowledge.workflow`), saves with history (the acting
  user and the step as the reason), writes a transition log row (sending
  `workflow_step` with it, inside the transaction), and sends its publication
  signals after commit;
- the callers own the transaction (`config.transactions.write_transaction`).
"""

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone

from config.errors import CommentRequired, DraftExists, WorkflowError
from config.limits import check_length
from knowledge.signals import workflow_step
from knowledge.workflow import (
    OPEN_STATUSES,
    Action,
    VersionStatus,
    check_four_eyes,
    check_permission,
    require_transition,
)

logger = logging.getLogger(__name__)

# (version, parent, actor, event) with event "published" or "unpublished".
PublicationHook = Callable[[Any, Any, Any, str], None]


def _nothing(version: Any, parent: Any, actor: Any, event: str) -> None:
    return None


@dataclass(frozen=True)
class Reviewed:
    """One kind of reviewed content, as the engine needs to know it."""

    version_model: type[models.Model]
    parent_model: type[models.Model]
    parent_field: str  # the version's foreign key to its parent: "variant", "snippet"
    transition_model: type[models.Model]  # the log: version, action, statuses, actor, comment
    permissions: Mapping[str, str]  # action -> permission the actor needs
    subject: str  # "A version", for messages
    what: str = ""  # what permission messages name: "snippets"
    text_fields: tuple[str, ...] = ()  # the translated columns a new draft copies
    # Inside the publishing transaction (outbox rows), and after its commit (caches).
    publishing: PublicationHook = field(default=_nothing)
    published: PublicationHook = field(default=_nothing)

    def parent_of(self, version: Any) -> Any:
        return getattr(version, self.parent_field)


def check(kind: Reviewed, actor: Any, action: str) -> None:
    """Refuse `action` (403) unless `actor` may take it; `None` is the system."""
    check_permission(actor, kind.permissions[action], action, what=kind.what)


def lock(kind: Reviewed, version: Any) -> Any:
    """Lock the version's parent, then return the version re-read under the lock."""
    parent_id = getattr(version, f"{kind.parent_field}_id")
    kind.parent_model.objects.select_for_update().get(pk=parent_id)
    return (
        kind.version_model.objects.select_for_update()
        .select_related(kind.parent_field)
        .get(pk=version.pk)
    )


def save(version: Any, *, actor: Any, reason: str, update_fields: list[str]) -> None:
    """Save named fields with a history row naming who and why (tasks have no request user)."""
    version._history_user = actor
    version._change_reason = reason
    version.save(update_fields=[*update_fields, "updated_at"])


def log(
    kind: Reviewed, version: Any, *, action: str, actor: Any, comment: str = "", before: str = ""
) -> None:
    """One row of the transition log, and `workflow_step` for whoever must be told.

    Sent inside the step's transaction: what receivers write commits or rolls
    back with the step (people are never told of a step that did not happen).
    """
    kind.transition_model.objects.create(
        version=version,
        action=action,
        from_status=before,
        to_status=version.status,
        actor=actor,
        comment=comment,
    )
    workflow_step.send(
        sender=kind.version_model,
        kind=kind,
        version=version,
        action=action,
        actor=actor,
        comment=comment,
        from_status=before,
    )


def move(
    kind: Reviewed,
    version: Any,
    *,
    action: str,
    actor: Any,
    comment: str = "",
    fields: Mapping[str, Any] | None = None,
) -> Any:
    """Apply `action` to a locked version: table check, save with history, log."""
    to_status = require_transition(action, version.status, subject=kind.subject)
    check_length("comment", comment)
    before = version.status
    version.status = to_status
    for name, value in (fields or {}).items():
        setattr(version, name, value)
    save(version, actor=actor, reason=action, update_fields=["status", *(fields or {})])
    log(kind, version, action=action, actor=actor, comment=comment, before=before)
    return version


def open_draft(
    kind: Reviewed, parent: Any, *, actor: Any, source: Any = None, comment: str = ""
) -> Any:
    """A new draft of `parent`, copied from `source` (default: the live version).

    DraftExists (409, with the open draft's id) when the parent has one open.
    """
    check(kind, actor, Action.CREATE)
    parent = kind.parent_model.objects.select_for_update().get(pk=parent.pk)
    versions = kind.version_model.objects.filter(**{kind.parent_field: parent})
    open_version = versions.filter(status__in=OPEN_STATUSES).first()
    if open_version is not None:
        raise DraftExists(
            f"Version {open_version.number} (id {open_version.pk}) is still open; "
            "finish or edit it first.",
            draft_id=open_version.pk,
        )
    source = source or parent.published_version
    number = (versions.aggregate(n=Max("number"))["n"] or 0) + 1
    draft = kind.version_model(**{kind.parent_field: parent}, number=number, author=actor)
    if source is not None:
        for column in kind.text_fields:
            setattr(draft, column, getattr(source, column))
    draft._history_user = actor
    draft._change_reason = Action.CREATE
    draft.save()
    if actor is not None:
        draft.contributors.add(actor)
    parent.draft = draft
    parent._history_user = actor
    parent.save(update_fields=["draft"])
    log(
        kind,
        draft,
        action=Action.CREATE,
        actor=actor,
        comment=comment or (f"Copied from version {source.number}." if source else ""),
    )
    return draft


def submit(
    kind: Reviewed,
    version: Any,
    *,
    actor: Any,
    comment: str = "",
    ready: Callable[[Any], Mapping[str, Any]] | None = None,
) -> Any:
    """Send a draft to review. `ready(version)` refuses what is not ready (raises) and
    returns more fields to set."""
    check(kind, actor, Action.SUBMIT)
    version = lock(kind, version)
    # An impossible move is that (409) before any complaint about the content.
    require_transition(Action.SUBMIT, version.status, subject=kind.subject)
    fields: dict[str, Any] = {"submitted_at": timezone.now()}
    if ready is not None:
        fields.update(ready(version))
    return move(kind, version, action=Action.SUBMIT, actor=actor, comment=comment, fields=fields)


def approve(kind: Reviewed, version: Any, *, actor: Any, comment: str = "") -> Any:
    """Approve a version in review. Four-eyes: its author and editors may not."""
    check(kind, actor, Action.APPROVE)
    version = lock(kind, version)
    check_four_eyes(version, actor)
    return move(
        kind,
        version,
        action=Action.APPROVE,
        actor=actor,
        comment=comment,
        fields={"approved_at": timezone.now()},
    )


def request_changes(kind: Reviewed, version: Any, *, actor: Any, comment: str) -> Any:
    """Send a version in review back to its author; the comment goes to the log."""
    check(kind, actor, Action.REQUEST_CHANGES)
    if not (comment or "").strip():
        raise CommentRequired("Say what should change.")
    version = lock(kind, version)
    return move(kind, version, action=Action.REQUEST_CHANGES, actor=actor, comment=comment.strip())


def publish(
    kind: Reviewed,
    version: Any,
    *,
    actor: Any,
    publish_at: datetime | None = None,
    comment: str = "",
) -> Any:
    """Publish an approved version now, or schedule it when `publish_at` is in the future.

    Publishing supersedes the parent's previous live version in the same
    transaction; `kind.publishing` runs inside it, `kind.published` after commit.
    """
    now = timezone.now()
    if publish_at is not None and publish_at > now:
        check(kind, actor, Action.SCHEDULE)
        version = lock(kind, version)
        return move(
            kind,
            version,
            action=Action.SCHEDULE,
            actor=actor,
            comment=comment,
            fields={"publish_at": publish_at},
        )
    check(kind, actor, Action.PUBLISH)
    version = lock(kind, version)
    require_transition(Action.PUBLISH, version.status, subject=kind.subject)
    parent = kind.parent_of(version)
    previous = (
        kind.version_model.objects.filter(**{kind.parent_field: parent})
        .filter(status=VersionStatus.PUBLISHED)
        .first()
    )
    if previous is not None:
        move(
            kind,
            previous,
            action=Action.SUPERSEDE,
            actor=actor,
            comment=f"Replaced by version {version.number}.",
        )
    move(
        kind,
        version,
        action=Action.PUBLISH,
        actor=actor,
        comment=comment,
        fields={"published_at": now, "publish_at": version.publish_at or now},
    )
    parent.published_version = version
    parent.draft = None
    parent._history_user = actor
    parent.save(update_fields=["published_version", "draft"])
    kind.publishing(version, parent, actor, "published")
    transaction.on_commit(lambda: kind.published(version, parent, actor, "published"))
    return version


def unpublish(
    kind: Reviewed,
    version: Any,
    *,
    actor: Any,
    comment: str = "",
    allowed: Callable[[Any], None] | None = None,
) -> Any:
    """Take the live version off every channel. `allowed(version)` may refuse (raises)."""
    check(kind, actor, Action.UNPUBLISH)
    version = lock(kind, version)
    if allowed is not None:
        allowed(version)
    move(kind, version, action=Action.UNPUBLISH, actor=actor, comment=comment)
    parent = kind.parent_of(version)
    parent.published_version = None
    parent._history_user = actor
    parent.save(update_fields=["published_version"])
    kind.publishing(version, parent, actor, "unpublished")
    transaction.on_commit(lambda: kind.published(version, parent, actor, "unpublished"))
    return version


def publish_due(
    kind: Reviewed, publish: Callable[..., Any], *, now: datetime | None = None
) -> list[Any]:
    """Publish, as the system, every scheduled version of `kind` whose time has come.

    `publish` is the kind's publishing service (it owns the transaction), so
    one version failing does not hold back the others.
    """
    now = now or timezone.now()
    published = []
    due = kind.version_model.objects.filter(status=VersionStatus.SCHEDULED, publish_at__lte=now)
    for version in due.order_by("publish_at", "pk"):
        try:
            published.append(publish(version=version, actor=None))
        except WorkflowError as error:  # e.g. unpublished or published by hand meanwhile
            logger.info("Scheduled %s not published: %s", version, error.detail)
    return published
