"""The only writers of snippets: create, edit, review, schedule, publish, unpublish.

Snippets' versions go through the review engine (`knowledge.engine`) like
answers' versions: the same table, permissions per step, four-eyes, history,
transition log and signals after commit. Publishing replaces the live text at
once on every answer that uses the snippet, so the feed, webhooks and caches
are told as for an answer publication.
"""

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from django.conf import settings

from config.errors import (
    InvalidInput,
    NotEditable,
    SnippetExists,
    SnippetInUse,
    UnknownPlaceholder,
)
from config.limits import check_length
from config.texts import normalise_text
from config.transactions import write_transaction
from knowledge import engine
from knowledge.languages import language_codes, localized, localized_all
from knowledge.workflow import Action
from templates_app.models import Snippet, SnippetTransition, SnippetVersion
from templates_app.placeholders import unknown_references
from templates_app.selectors import variants_using_snippet, versions_waiting_with_snippet
from templates_app.signals import snippet_published, snippet_publishing, snippet_unpublished

PERMISSIONS = {
    Action.CREATE: "templates_app.add_snippetversion",
    Action.EDIT: "templates_app.change_snippetversion",
    Action.SUBMIT: "templates_app.change_snippetversion",
    Action.APPROVE: "templates_app.review_snippetversion",
    Action.REQUEST_CHANGES: "templates_app.review_snippetversion",
    Action.SCHEDULE: "templates_app.publish_snippetversion",
    Action.PUBLISH: "templates_app.publish_snippetversion",
    Action.UNPUBLISH: "templates_app.publish_snippetversion",
}


def _publishing(version: SnippetVersion, snippet: Snippet, actor: Any, event: str) -> None:
    # Inside the transaction: answers using it change, so feed rows and webhooks.
    # (An unpublish is refused while any live answer uses the snippet.)
    if event == "published":
        snippet_publishing.send(sender=Snippet, snippet=snippet, version=version, actor=actor)


def _published(version: SnippetVersion, snippet: Snippet, actor: Any, event: str) -> None:
    signal = snippet_published if event == "published" else snippet_unpublished
    signal.send(sender=Snippet, snippet=snippet, version=version, actor=actor)


SNIPPETS = engine.Reviewed(
    version_model=SnippetVersion,
    parent_model=Snippet,
    parent_field="snippet",
    transition_model=SnippetTransition,
    permissions=PERMISSIONS,
    subject="A snippet version",
    what="snippets",
    text_fields=tuple(localized_all("text")),
    publishing=_publishing,
    published=_published,
)


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
    """Create a snippet and its first draft with `texts`; all or nothing. Returns the draft."""
    engine.check(SNIPPETS, actor, Action.CREATE)
    if Snippet.objects.filter(key=key).exists():
        raise SnippetExists(f"A snippet with key '{key}' already exists.")
    snippet = Snippet(key=key, kind=kind, description=description)
    snippet.full_clean(exclude=["published_version", "draft"])
    snippet._history_user = actor
    snippet.save()
    snippet.channels.set(list(channels))
    return snippet_open_draft(snippet=snippet, actor=actor, texts=texts)


@write_transaction
def snippet_open_draft(
    *, snippet: Snippet, actor: Any, texts: Mapping[str, str] | None = None
) -> SnippetVersion:
    """A new draft copied from the live text, then `texts` applied; all or nothing
    (a text refused leaves no draft behind). DraftExists when one is open."""
    draft = engine.open_draft(SNIPPETS, snippet, actor=actor)
    if texts:
        draft = snippet_version_update(version=draft, actor=actor, texts=texts)
    return draft


@write_transaction
def snippet_version_update(
    *, version: SnippetVersion, actor: Any, texts: Mapping[str, str]
) -> SnippetVersion:
    """Change a draft's text per language: ``texts={"en": "...", "ja": "..."}``."""
    engine.check(SNIPPETS, actor, Action.EDIT)
    version = engine.lock(SNIPPETS, version)
    if not version.is_editable:
        raise NotEditable("Only drafts can be edited.")
    unknown = set(texts) - set(language_codes())
    if unknown:
        raise InvalidInput(f"Unknown languages: {sorted(unknown)}.")
    changed = []
    for code, text in texts.items():
        text = normalise_text(text).strip()
        column = localized("text", code)
        check_length("text", text, column=column)
        check_snippet_text(text)
        if getattr(version, column) != text:
            setattr(version, column, text)
            changed.append(column)
    if changed:
        engine.save(version, actor=actor, reason=Action.EDIT, update_fields=changed)
        if actor is not None:
            version.contributors.add(actor)
    return version


@write_transaction
def snippet_version_submit(
    *, version: SnippetVersion, actor: Any, comment: str = ""
) -> SnippetVersion:
    """Send a draft to review."""

    def ready(version: SnippetVersion) -> dict[str, Any]:
        if not any(getattr(version, localized("text", code)) for code in language_codes()):
            raise InvalidInput("A snippet needs text in at least one language.")
        return {}

    return engine.submit(SNIPPETS, version, actor=actor, comment=comment, ready=ready)


@write_transaction
def snippet_version_approve(
    *, version: SnippetVersion, actor: Any, comment: str = ""
) -> SnippetVersion:
    """Approve a version in review; its author and editors may not (four-eyes)."""
    return engine.approve(SNIPPETS, version, actor=actor, comment=comment)


@write_transaction
def snippet_version_request_changes(
    *, version: SnippetVersion, actor: Any, comment: str
) -> SnippetVersion:
    """Send a version back to its author, saying what to change (kept in the log)."""
    return engine.request_changes(SNIPPETS, version, actor=actor, comment=comment)


@write_transaction
def snippet_version_publish(
    *,
    version: SnippetVersion,
    actor: Any,
    publish_at: datetime | None = None,
    comment: str = "",
) -> SnippetVersion:
    """Make an approved version the snippet's live text, everywhere at once; or schedule
    it when `publish_at` is in the future."""
    return engine.publish(SNIPPETS, version, actor=actor, publish_at=publish_at, comment=comment)


@write_transaction
def snippet_version_unpublish(
    *, version: SnippetVersion, actor: Any, comment: str = ""
) -> SnippetVersion:
    """Take a snippet's live text away; refused (`snippet_in_use`) while a live answer
    uses it, since those answers would lose words no reviewer took out."""

    def allowed(version: SnippetVersion) -> None:
        key = version.snippet.key
        keys = sorted(
            {variant.entry.key for variant in variants_using_snippet(key)}
            | {waiting.variant.entry.key for waiting in versions_waiting_with_snippet(key)}
        )
        if keys:
            raise SnippetInUse(
                f"Live or approved answers use this snippet: {', '.join(keys)}. "
                "Take it out of them first.",
                keys=keys,
            )

    return engine.unpublish(SNIPPETS, version, actor=actor, comment=comment, allowed=allowed)
