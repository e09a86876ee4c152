"""The only writers of snippets: create, edit, review and publish their versions.

Snippets follow the answers' workflow table (`knowledge.workflow`) and its
rules: only drafts are edited, one open version per snippet, four-eyes on
approval, a comment to request changes. Publishing replaces the live text at
once on every answer that uses the snippet, so the feed, webhooks and caches
are told as for an answer publication.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from knowledge.errors import (
    CommentRequired,
    DraftExists,
    InvalidInput,
    NotEditable,
    SnippetExists,
    UnknownPlaceholder,
)
from knowledge.languages import language_codes, localized
from knowledge.limits import check_length
from knowledge.transactions import write_transaction
from knowledge.workflow import (
    OPEN_STATUSES,
    Action,
    VersionStatus,
    check_four_eyes,
    check_permission,
    require_transition,
)
from templates_app.models import Snippet, SnippetVersion
from templates_app.placeholders import unknown_references
from templates_app.signals import snippet_published, snippet_publishing

PERMISSIONS = {
    Action.CREATE: "templates_app.add_snippetversion",
    Action.EDIT: "templates_app.change_snippetversion",
    Action.SUBMIT: "templates_app.change_snippetversion",
    Action.APPROVE: "templates_app.review_snippetversion",
    Action.REQUEST_CHANGES: "templates_app.review_snippetversion",
    Action.PUBLISH: "templates_app.publish_snippetversion",
}


def _check_permission(actor: Any, action: str) -> None:
    check_permission(actor, PERMISSIONS[action], action, what="snippets")


def _lock(version: SnippetVersion) -> SnippetVersion:
    Snippet.objects.select_for_update().get(pk=version.snippet_id)
    return SnippetVersion.objects.select_for_update().select_related("snippet").get(pk=version.pk)


def _to_status(version: SnippetVersion, action: str) -> str:
    return require_transition(action, version.status, subject="A snippet version")


def _move(
    version: SnippetVersion, *, action: str, actor: Any, fields: Mapping[str, Any] | None = None
) -> SnippetVersion:
    version.status = _to_status(version, action)
    for name, value in (fields or {}).items():
        setattr(version, name, value)
    version._history_user = actor
    version._change_reason = action
    version.save(update_fields=["status", *(fields or {}), "updated_at"])
    return version


def check_snippet_text(text: str) -> None:
    """Refuse placeholders outside the whitelist, and snippets inside a snippet."""
    # No snippet key is allowed inside a snippet, so every snippet reference is unknown.
    for reference in unknown_references(text, snippet_keys=set()):
        if reference.kind == "snippet":
            raise UnknownPlaceholder("A snippet cannot include another snippet.")
        raise UnknownPlaceholder(
            f"Unknown placeholder {{{{{reference.name}}}}}; known: "
            f"{', '.join(settings.PARLEY_PLACEHOLDERS)}."
        )


@write_transaction
def snippet_create(
    *,
    key: str,
    kind: str,
    actor: Any,
    description: str = "",
    channels: Iterable[Any] = (),
    texts: Mapping[str, str] | None = None,
) -> SnippetVersion:
    """Create a snippet and its first draft; returns the draft."""
    _check_permission(actor, Action.CREATE)
    if Snippet.objects.filter(key=key).exists():
        raise SnippetExists(f"A snippet with key '{key}' already exists.")
    snippet = Snippet(key=key, kind=kind, description=description)
    snippet.full_clean(exclude=["published_version", "draft"])
    snippet._history_user = actor
    snippet.save()
    snippet.channels.set(list(channels))
    draft = snippet_open_draft(snippet=snippet, actor=actor)
    if texts:
        draft = snippet_version_update(version=draft, actor=actor, texts=texts)
    return draft


@write_transaction
def snippet_open_draft(*, snippet: Snippet, actor: Any) -> SnippetVersion:
    """A new draft copied from the live text; DraftExists when one is open."""
    _check_permission(actor, Action.CREATE)
    snippet = Snippet.objects.select_for_update().get(pk=snippet.pk)
    open_version = snippet.versions.filter(status__in=OPEN_STATUSES).first()
    if open_version is not None:
        raise DraftExists(
            f"Version {open_version.number} of this snippet is still open.",
            draft_id=open_version.pk,
        )
    number = (snippet.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    draft = SnippetVersion(snippet=snippet, number=number, author=actor)
    live = snippet.published_version
    if live is not None:
        for code in language_codes():
            setattr(draft, localized("text", code), getattr(live, localized("text", code)))
    draft._history_user = actor
    draft._change_reason = Action.CREATE
    draft.save()
    if actor is not None:
        draft.contributors.add(actor)
    snippet.draft = draft
    snippet.save(update_fields=["draft"])
    return draft


@write_transaction
def snippet_version_update(
    *, version: SnippetVersion, actor: Any, texts: Mapping[str, str]
) -> SnippetVersion:
    """Change a draft's text per language: ``texts={"en": "...", "ja": "..."}``."""
    _check_permission(actor, Action.EDIT)
    version = _lock(version)
    if not version.is_editable:
        raise NotEditable("Only drafts can be edited.")
    unknown = set(texts) - set(language_codes())
    if unknown:
        raise InvalidInput(f"Unknown languages: {sorted(unknown)}.")
    changed = []
    for code, text in texts.items():
        text = (text or "").strip()
        column = localized("text", code)
        check_length("text", text, column=column)
        check_snippet_text(text)
        if getattr(version, column) != text:
            setattr(version, column, text)
            changed.append(column)
    if changed:
        version._history_user = actor
        version._change_reason = Action.EDIT
        version.save(update_fields=[*changed, "updated_at"])
        if actor is not None:
            version.contributors.add(actor)
    return version


@write_transaction
def snippet_version_submit(*, version: SnippetVersion, actor: Any) -> SnippetVersion:
    """Send a draft to review."""
    _check_permission(actor, Action.SUBMIT)
    version = _lock(version)
    if not any(getattr(version, localized("text", code)) for code in language_codes()):
        raise InvalidInput("A snippet needs text in at least one language.")
    return _move(
        version, action=Action.SUBMIT, actor=actor, fields={"submitted_at": timezone.now()}
    )


@write_transaction
def snippet_version_approve(*, version: SnippetVersion, actor: Any) -> SnippetVersion:
    """Approve a version in review; its author and editors may not (four-eyes)."""
    _check_permission(actor, Action.APPROVE)
    version = _lock(version)
    check_four_eyes(version, actor)
    return _move(
        version, action=Action.APPROVE, actor=actor, fields={"approved_at": timezone.now()}
    )


@write_transaction
def snippet_version_request_changes(
    *, version: SnippetVersion, actor: Any, comment: str
) -> SnippetVersion:
    """Send a version back to its author, saying what to change."""
    _check_permission(actor, Action.REQUEST_CHANGES)
    check_length("comment", comment)
    if not (comment or "").strip():
        raise CommentRequired("Say what should change.")
    version = _lock(version)
    return _move(
        version,
        action=Action.REQUEST_CHANGES,
        actor=actor,
        fields={"review_comment": comment.strip()},
    )


@write_transaction
def snippet_version_publish(*, version: SnippetVersion, actor: Any) -> SnippetVersion:
    """Make an approved version the snippet's live text, everywhere at once."""
    _check_permission(actor, Action.PUBLISH)
    version = _lock(version)
    snippet = version.snippet
    previous = snippet.versions.filter(status=VersionStatus.PUBLISHED).first()
    _to_status(version, Action.PUBLISH)
    if previous is not None:
        _move(previous, action=Action.SUPERSEDE, actor=actor)
    _move(version, action=Action.PUBLISH, actor=actor, fields={"published_at": timezone.now()})
    snippet.published_version = version
    snippet.draft = None
    snippet._history_user = actor
    snippet.save(update_fields=["published_version", "draft"])
    snippet_publishing.send(sender=Snippet, snippet=snippet, version=version, actor=actor)
    transaction.on_commit(
        lambda: snippet_published.send(
            sender=Snippet, snippet=snippet, version=version, actor=actor
        )
    )
    return version
