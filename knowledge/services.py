"""The only writers of the knowledge base: versions and their workflow state,
entries, reviewers' languages and personal API tokens.

Every service runs in one transaction, locks the variant row first (so two
steps on one variant never interleave), checks permission and the transition
table, writes history with the acting user and a reason, logs the transition,
and sends its signals only after commit. The admin, the editorial API and the
periodic jobs all call these functions and nothing else.
"""

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.conf import settings

from config.errors import (
    ActionForbidden,
    EntryExists,
    InvalidInput,
    InvalidTransition,
    LintFailed,
    NotEditable,
    StaleVersion,
    UnknownPlaceholder,
)
from config.limits import check_length
from config.transactions import write_transaction
from knowledge import engine
from knowledge.diffs import changed_languages
from knowledge.digests import source_digest
from knowledge.languages import language_codes, localized, source_language
from knowledge.models import (
    Entry,
    ReviewerProfile,
    Tag,
    Topic,
    Transition,
    UserToken,
    Variant,
    Version,
)
from knowledge.selectors import live_source_version
from knowledge.signals import publication_changing, version_published, version_unpublished
from knowledge.tokens import issue_token, revoke_token
from knowledge.workflow import (
    ACTION_PERMISSIONS,
    EDITABLE_STATUSES,
    ROLLBACK_SOURCES,
    Action,
    VersionStatus,
)
from templates_app.models import Snippet
from templates_app.placeholders import unknown_references
from templates_app.tone.versions import blocking, lint_version

TEXT_FIELDS = ("title", "body")


# --- the answers' kind of reviewed content ------------------------------------


def _publishing(version: Version, variant: Variant, actor: Any, event: str) -> None:
    # Inside the transaction: the changes feed and the webhook outbox.
    publication_changing.send(
        sender=Version, version=version, variant=variant, actor=actor, event=event
    )


def _published(version: Version, variant: Variant, actor: Any, event: str) -> None:
    signal = version_published if event == "published" else version_unpublished
    signal.send(sender=Version, version=version, variant=variant, actor=actor)


ANSWERS = engine.Reviewed(
    version_model=Version,
    parent_model=Variant,
    parent_field="variant",
    transition_model=Transition,
    permissions=ACTION_PERMISSIONS,
    subject="A version",
    text_fields=tuple(
        localized(field, code) for code in language_codes() for field in (*TEXT_FIELDS, "based_on")
    ),
    publishing=_publishing,
    published=_published,
)


def _check_permission(actor: Any, action: str) -> None:
    engine.check(ANSWERS, actor, action)


def _lock(version: Version) -> Version:
    """Lock the version's variant, then return the version re-read under the lock."""
    return engine.lock(ANSWERS, version)


def _save(version: Version, *, actor: Any, reason: str, update_fields: list[str]) -> None:
    engine.save(version, actor=actor, reason=reason, update_fields=update_fields)


def _current_source_digest(variant: Variant) -> str:
    """Digest of the entry's live source text (its primary variant), or ''."""
    live = live_source_version(variant.entry_id)
    return source_digest(live) if live is not None else ""


# --- drafts ----------------------------------------------------------------


@write_transaction
def version_create_draft(
    *, variant: Variant, actor: Any, source: Version | None = None, comment: str = ""
) -> Version:
    """Open a new draft of `variant`, copied from `source` (default: the live version).

    Raises DraftExists (with the open draft's id) when the variant already has one.
    """
    return engine.open_draft(ANSWERS, variant, actor=actor, source=source, comment=comment)


@write_transaction
def version_update(
    *,
    version: Version,
    actor: Any,
    texts: Mapping[str, Mapping[str, str]],
    expected_updated_at: datetime | None = None,
) -> Version:
    """Change a draft's texts: ``texts={"title": {"ja": "..."}, "body": {...}}``.

    Each language edited is marked as written against the entry's current
    source text. `expected_updated_at` refuses a lost update (StaleVersion).
    """
    _check_permission(actor, Action.EDIT)
    version = _lock(version)
    if expected_updated_at is not None and version.updated_at != expected_updated_at:
        raise StaleVersion("Someone changed this version since you loaded it.")
    if version.status not in EDITABLE_STATUSES:
        raise NotEditable(
            f"Only drafts can be edited; this version is "
            f"{VersionStatus(version.status).label.lower()}."
        )
    unknown = set(texts) - set(TEXT_FIELDS)
    languages = {code for values in texts.values() for code in values}
    if unknown or languages - set(language_codes()):
        raise InvalidInput(
            f"Unknown fields or languages: {sorted(unknown | (languages - set(language_codes())))}."
        )
    changed_languages: set[str] = set()
    changed_columns: list[str] = []
    for field, values in texts.items():
        for code, value in values.items():
            column = localized(field, code)
            value = value or ""
            check_length(field, value, column=column)
            if getattr(version, column) != value:
                setattr(version, column, value)
                changed_columns.append(column)
                changed_languages.add(code)
    if not changed_columns:
        return version
    check_references({column: getattr(version, column) for column in changed_columns})
    if version.variant.channel.is_primary:
        # Texts edited next to the source text are written against this version's source.
        digest = source_digest(version)
        changed_languages.add(source_language())
    else:
        digest = _current_source_digest(version.variant)
    for code in changed_languages:
        setattr(version, localized("based_on", code), digest)
        changed_columns.append(localized("based_on", code))
    _save(version, actor=actor, reason=Action.EDIT, update_fields=changed_columns)
    if actor is not None:
        version.contributors.add(actor)
    return version


def check_references(texts: Mapping[str, str]) -> None:
    """Refuse placeholders outside the whitelist and snippets that do not exist.

    `texts` maps a column (``body_ja``) to its new text. Called at save, and by
    the admin form so the editor keeps what they typed.
    """
    if not any("{{" in (text or "") for text in texts.values()):
        return
    keys = set(Snippet.objects.values_list("key", flat=True))
    for column, text in texts.items():
        unknown = unknown_references(text or "", keys)
        if unknown:
            names = ", ".join(f"{{{{{reference.name}}}}}" for reference in unknown)
            known = ", ".join(settings.PARLEY_PLACEHOLDERS)
            raise UnknownPlaceholder(
                f"{column}: unknown {names}. Placeholders: {known}; "
                "snippets: {{snippet:<key>}} of an existing snippet.",
                field=column,
            )


# --- review ----------------------------------------------------------------


@write_transaction
def version_submit(*, version: Version, actor: Any, comment: str = "") -> Version:
    """Send a draft to review; refused while lint finds errors."""

    def ready(version: Version) -> dict[str, Any]:
        errors = blocking(lint_version(version))
        if errors:
            raise LintFailed(
                f"The tone check found {len(errors)} error(s); fix them, then submit again.",
                findings=[finding.as_dict() for finding in errors],
            )
        return {
            "escalated_at": None,
            # Routes the review to people who read these languages.
            "changed_languages": changed_languages(version, version.variant.published_version),
        }

    return engine.submit(ANSWERS, version, actor=actor, comment=comment, ready=ready)


@write_transaction
def version_approve(*, version: Version, actor: Any, comment: str = "") -> Version:
    """Approve a version in review. Four-eyes: its author and editors may not."""
    return engine.approve(ANSWERS, version, actor=actor, comment=comment)


@write_transaction
def version_request_changes(*, version: Version, actor: Any, comment: str) -> Version:
    """Send a version in review back to its author, saying what to change."""
    return engine.request_changes(ANSWERS, version, actor=actor, comment=comment)


# --- publishing ------------------------------------------------------------


@write_transaction
def version_publish(
    *,
    version: Version,
    actor: Any,
    publish_at: datetime | None = None,
    comment: str = "",
) -> Version:
    """Publish an approved version now, or schedule it when `publish_at` is in the future.

    Publishing supersedes the variant's previous live version in the same
    transaction; `version_published` is sent after commit.
    """
    return engine.publish(ANSWERS, version, actor=actor, publish_at=publish_at, comment=comment)


@write_transaction
def version_unpublish(*, version: Version, actor: Any, comment: str = "") -> Version:
    """Take the live version off every channel."""
    return engine.unpublish(ANSWERS, version, actor=actor, comment=comment)


@write_transaction
def version_escalate(*, version_id: int, now: datetime, deadline: datetime) -> Version | None:
    """Flag a version in review since before `deadline` as overdue (the system's step).

    None when it was reviewed or escalated meanwhile. The status stays; the
    log gets an `escalate` row.
    """
    Variant.objects.select_for_update().filter(versions__pk=version_id).first()
    version = (
        Version.objects.select_for_update()
        .select_related("variant__entry", "variant__channel")
        .filter(
            pk=version_id,
            status=VersionStatus.IN_REVIEW,
            submitted_at__lte=deadline,
            escalated_at__isnull=True,
        )
        .first()
    )
    if version is None:
        return None
    version.escalated_at = now
    engine.save(version, actor=None, reason=Action.ESCALATE, update_fields=["escalated_at"])
    engine.log(
        ANSWERS,
        version,
        action=Action.ESCALATE,
        actor=None,
        comment=f"In review for more than {settings.PARLEY_REVIEW_SLA_HOURS} hours.",
        before=version.status,
    )
    return version


@write_transaction
def version_rollback(*, version: Version, actor: Any, comment: str = "") -> Version:
    """Open a new draft from an older version's content; it then goes through review."""
    _check_permission(actor, Action.CREATE)
    if version.status not in ROLLBACK_SOURCES:
        raise InvalidTransition(
            "Only a published, superseded or unpublished version can be rolled back to."
        )
    return version_create_draft(
        variant=version.variant,
        actor=actor,
        source=version,
        comment=comment or f"Rollback to version {version.number}.",
    )


@write_transaction
def variant_open_draft(
    *,
    entry: Entry,
    channel: Any,
    actor: Any,
    texts: Mapping[str, Mapping[str, str]] | None = None,
) -> Version:
    """Open a draft of `entry` for `channel`, creating the variant when it has none yet.

    The draft is copied from the live version, then `texts` are applied; all or nothing.
    """
    _check_permission(actor, Action.CREATE)
    variant = Variant.objects.filter(entry=entry, channel=channel).first()
    if variant is None:
        variant = Variant(entry=entry, channel=channel)
        variant._history_user = actor
        variant.save()
    draft = version_create_draft(variant=variant, actor=actor)
    if texts:
        draft = version_update(version=draft, actor=actor, texts=texts)
    return draft


# --- entries ---------------------------------------------------------------

ENTRY_PERMISSIONS = {"create": "knowledge.add_entry", "update": "knowledge.change_entry"}


def _entry_permission(actor: Any, what: str) -> None:
    if actor is not None and (not actor.is_active or not actor.has_perm(ENTRY_PERMISSIONS[what])):
        raise ActionForbidden(f"You are not allowed to {what} entries.")


_UNSET: Any = object()


def _apply_entry_fields(
    entry: Entry,
    *,
    topic: str | None,
    questions: Mapping[str, list[str]] | None,
    review_by: Any,
    owner: Any = _UNSET,
) -> list[str]:
    """Set the given fields on `entry`; returns the columns changed.

    Questions are one per line: each line is stripped, blank lines dropped,
    whatever wrote them (a JSON list, an admin textarea with CRLF).
    """
    changed: list[str] = []
    if owner is not _UNSET:
        entry.owner = owner
        changed.append("owner")
    if topic is not None:
        found = Topic.objects.filter(slug=topic).first()
        if found is None:
            raise InvalidInput(f"Unknown topic '{topic}'.", field="topic")
        entry.topic = found
        changed.append("topic")
    if questions is not None:
        unknown = set(questions) - set(language_codes())
        if unknown:
            raise InvalidInput(f"Unknown languages: {sorted(unknown)}.", field="questions")
        for code, lines in questions.items():
            if isinstance(lines, str):
                lines = lines.splitlines()
            text = "\n".join(line.strip() for line in lines if line.strip())
            check_length("questions", text, column=localized("questions", code))
            setattr(entry, localized("questions", code), text)
            changed.append(localized("questions", code))
    if review_by is not _UNSET:
        entry.review_by = review_by
        changed.append("review_by")
    return changed


@write_transaction
def entry_create(
    *,
    key: str,
    topic: str,
    actor: Any,
    tags: list[str] | None = None,
    questions: Mapping[str, list[str] | str] | None = None,
    review_by: Any = None,
    owner: Any = _UNSET,
) -> Entry:
    """Create an entry owned by `owner` (default: `actor`); `topic` and `tags` are slugs,
    new tags are created."""
    _entry_permission(actor, "create")
    if Entry.objects.filter(key=key).exists():
        raise EntryExists(f"An entry with key '{key}' already exists.")
    entry = Entry(key=key, owner=actor)
    _apply_entry_fields(entry, topic=topic, questions=questions, review_by=review_by, owner=owner)
    entry._history_user = actor
    entry.save()
    if tags is not None:
        _set_tags(entry, tags)
    return entry


@write_transaction
def entry_update(
    *,
    entry: Entry,
    actor: Any,
    topic: str | None = None,
    tags: list[str] | None = None,
    questions: Mapping[str, list[str] | str] | None = None,
    review_by: Any = _UNSET,
    owner: Any = _UNSET,
) -> Entry:
    """Change an entry's topic, tags, example questions, owner or `review_by` date.

    Arguments left out keep their value; so do languages left out of `questions`.
    """
    _entry_permission(actor, "update")
    entry = Entry.objects.select_for_update().get(pk=entry.pk)
    changed = _apply_entry_fields(
        entry, topic=topic, questions=questions, review_by=review_by, owner=owner
    )
    if changed:
        entry._history_user = actor
        entry.save(update_fields=[*changed, "updated_at"])
    if tags is not None:
        _set_tags(entry, tags)
    return entry


def _set_tags(entry: Entry, slugs: list[str]) -> None:
    tags = [Tag.objects.get_or_create(slug=slug)[0] for slug in dict.fromkeys(slugs)]
    entry.tags.set(tags)


# --- reviewers and tokens ------------------------------------------------------


def reviewer_set_languages(*, user: Any, languages: list[str]) -> ReviewerProfile:
    """Declare the languages `user` reviews; an empty list means every language.

    Only people who review may: for anyone else a review queue means nothing
    (ActionForbidden, 403, from the admin and the API alike).
    """
    if not (user.is_active and user.has_perm("knowledge.review_version")):
        raise ActionForbidden("Only reviewers declare the languages they review.")
    unknown = set(languages) - set(language_codes())
    if unknown:
        raise InvalidInput(f"Unknown languages: {sorted(unknown)}.", field="languages")
    ordered = [code for code in language_codes() if code in languages]
    profile, _created = ReviewerProfile.objects.update_or_create(
        user=user, defaults={"languages": ordered}
    )
    return profile


def user_token_issue(token: UserToken) -> str:
    """Give an unsaved personal token its secret and save it; returns the raw token."""
    return issue_token(token, "pu")


def user_token_create(*, user: Any, name: str = "") -> tuple[UserToken, str]:
    """Create a personal API token for `user`; returns it with its raw key."""
    token = UserToken(user=user, name=name)
    return token, user_token_issue(token)


def user_token_revoke(*, token: UserToken) -> UserToken:
    """Stop a personal token from working."""
    return revoke_token(token)
