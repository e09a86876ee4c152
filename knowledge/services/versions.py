"""Answers' versions: drafts, texts, review, publishing, rollback, escalation.

Every step goes through the review engine (`knowledge.engine`) with the
answers' kind, `ANSWERS`.
"""

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from django.conf import settings

from config.errors import (
    EmptyVersion,
    InvalidInput,
    InvalidTransition,
    LintFailed,
    NoChanges,
    NotEditable,
    StaleVersion,
    UnknownPlaceholder,
)
from config.limits import check_length
from config.texts import normalise_text
from config.transactions import write_transaction
from knowledge import engine
from knowledge.diffs import TEXT_FIELDS, changed_languages
from knowledge.digests import source_digest
from knowledge.languages import language_codes, language_name, localized, source_language
from knowledge.models import (
    Entry,
    FindingAcknowledgement,
    Transition,
    Variant,
    Version,
)
from knowledge.selectors import MISSING, UP_TO_DATE, current_source_digest, text_state
from knowledge.signals import publication_changing, version_published, version_unpublished
from knowledge.workflow import (
    ACTION_PERMISSIONS,
    EDITABLE_STATUSES,
    OPEN_STATUSES,
    ROLLBACK_SOURCES,
    Action,
    VersionStatus,
)
from templates_app.models import Snippet
from templates_app.placeholders import unknown_references
from templates_app.selectors import unpublished_snippets_in
from templates_app.tone.versions import blocking, finding_excerpt, lint_version

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


# --- drafts ----------------------------------------------------------------


def require_draft(version: Version) -> None:
    """Refuse (409 `not_editable`) a change to a version that is no longer a draft."""
    if version.status not in EDITABLE_STATUSES:
        raise NotEditable(
            f"Only drafts can be changed; this version is "
            f"{VersionStatus(version.status).label.lower()}."
        )


@write_transaction
def version_create_draft(
    *, variant: Variant, actor: Any, source: Version | None = None, comment: str = ""
) -> Version:
    """Open a new draft of `variant`, copied from `source` (default: the live version).

    Raises DraftExists (with the open draft's id) when the variant already has one.
    """
    return engine.open_draft(ANSWERS, variant, actor=actor, source=source, comment=comment)


def _set_texts(version: Version, texts: Mapping[str, Mapping[str, str]]) -> list[str]:
    """Set a draft's texts (``{"title": {"ja": ...}}``), normalised and length-checked;
    the columns that changed, their references checked."""
    changed: list[str] = []
    for field, values in texts.items():
        for code, value in values.items():
            column = localized(field, code)
            value = normalise_text(value)
            check_length(field, value, column=column)
            if getattr(version, column) != value:
                setattr(version, column, value)
                changed.append(column)
    if changed:
        check_references({column: getattr(version, column) for column in changed})
    return changed


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
    engine.check(ANSWERS, actor, Action.EDIT)
    version = engine.lock(ANSWERS, version)
    if expected_updated_at is not None and version.updated_at != expected_updated_at:
        raise StaleVersion("Someone changed this version since you loaded it.")
    require_draft(version)
    unknown = set(texts) - set(TEXT_FIELDS)
    languages = {code for values in texts.values() for code in values}
    if unknown or languages - set(language_codes()):
        raise InvalidInput(
            f"Unknown fields or languages: {sorted(unknown | (languages - set(language_codes())))}."
        )
    changed_columns = _set_texts(version, texts)
    if not changed_columns:
        return version
    changed_languages = {
        code
        for code in language_codes()
        if any(localized(field, code) in changed_columns for field in TEXT_FIELDS)
    }
    if version.variant.channel.is_primary:
        # Texts edited next to the source text are written against this version's source.
        digest = source_digest(version)
        changed_languages.add(source_language())
    else:
        digest = current_source_digest(version)
    for code in changed_languages:
        setattr(version, localized("based_on", code), digest)
        changed_columns.append(localized("based_on", code))
    engine.save(version, actor=actor, reason=Action.EDIT, update_fields=changed_columns)
    if actor is not None:
        version.contributors.add(actor)
    return version


@write_transaction
def version_confirm_translations(
    *, version: Version, actor: Any, languages: Iterable[str], comment: str = ""
) -> Version:
    """Mark outdated translations of a draft as still correct, without retyping them.

    Each language named (it must have a title and a body, and be outdated: written
    against another source text than the one a translation written now is written
    against) gets that source's digest, and the log names them. The draft then goes
    through review like an edit: submitting counts these languages as changed, so
    their reviewers check the confirmation. The source text itself cannot be confirmed.
    """
    engine.check(ANSWERS, actor, Action.CONFIRM)
    version = engine.lock(ANSWERS, version)
    require_draft(version)
    codes = list(dict.fromkeys(languages))
    unknown = sorted(set(codes) - set(language_codes()))
    if not codes or unknown:
        raise InvalidInput(
            f"Unknown languages: {unknown}." if unknown else "Name the languages to confirm.",
            field="languages",
        )
    check_length("comment", comment)
    digest = current_source_digest(version)
    if not digest:
        raise InvalidInput("This entry has no source text yet: there is nothing to confirm.")
    if version.variant.channel.is_primary and source_language() in codes:
        raise InvalidInput(
            f"{source_language()} is the source text; only its translations can be confirmed.",
            field="languages",
        )
    states = {code: text_state(version=version, language=code, source=digest) for code in codes}
    missing = [code for code, state in states.items() if state == MISSING]
    current = [code for code, state in states.items() if state == UP_TO_DATE]
    if missing or current:
        raise InvalidInput(
            "Only outdated translations can be confirmed"
            + (f"; no title and body in: {', '.join(missing)}" if missing else "")
            + (f"; already up to date: {', '.join(current)}" if current else "")
            + ".",
            field="languages",
        )
    columns = [localized("based_on", code) for code in codes]
    for column in columns:
        setattr(version, column, digest)
    engine.save(version, actor=actor, reason=Action.CONFIRM, update_fields=columns)
    if actor is not None:
        version.contributors.add(actor)  # four-eyes: who confirmed does not approve
    names = ", ".join(f"{language_name(code)} ({code})" for code in codes)
    engine.log(
        ANSWERS,
        version,
        action=Action.CONFIRM,
        actor=actor,
        comment=f"Confirmed still correct against the current source text: {names}."
        + (f" {comment.strip()}" if comment.strip() else ""),
        before=version.status,
    )
    return version


@write_transaction
def version_import_translation(
    *,
    version: Version,
    actor: Any,
    language: str,
    texts: Mapping[str, str],
    written_against: str,
    comment: str,
) -> Version:
    """Write one language of a draft from a translator's file (`texts`: field -> text).

    Unlike an edit, the language is marked as written against `written_against`,
    the digest of the source text the translator saw: when the source changed
    since, the imported text is outdated from the start and says so. The source
    language itself is never imported. Logged with `comment` (which file).
    """
    engine.check(ANSWERS, actor, Action.IMPORT)
    version = engine.lock(ANSWERS, version)
    require_draft(version)
    if language not in language_codes() or language == source_language():
        raise InvalidInput(f"{language} is not a language translations are imported into.")
    if set(texts) - set(TEXT_FIELDS):
        raise InvalidInput(f"Unknown fields: {sorted(set(texts) - set(TEXT_FIELDS))}.")
    columns = _set_texts(version, {field: {language: value} for field, value in texts.items()})
    based_on = localized("based_on", language)
    if getattr(version, based_on) != written_against:
        setattr(version, based_on, written_against)
        columns.append(based_on)
    if not columns:
        return version
    engine.save(version, actor=actor, reason=Action.IMPORT, update_fields=columns)
    if actor is not None:
        version.contributors.add(actor)
    engine.log(
        ANSWERS, version, action=Action.IMPORT, actor=actor, comment=comment, before=version.status
    )
    return version


@write_transaction
def version_acknowledge_finding(
    *,
    version: Version,
    actor: Any,
    language: str,
    rule: str,
    excerpt: str,
    reason: str,
    field: str = "body",
) -> FindingAcknowledgement:
    """Say a heuristic tone finding of a draft is right as written, and why.

    The finding must be on the draft now (same language, field, rule and marked
    words); deterministic errors cannot be acknowledged, they must be fixed. The
    reviewer sees the reason next to the text; the log records it.
    """
    engine.check(ANSWERS, actor, Action.ACKNOWLEDGE)
    version = engine.lock(ANSWERS, version)
    require_draft(version)
    reason = normalise_text(reason).strip()
    if not reason:
        raise InvalidInput("Say why the text is right as written.", field="reason")
    if len(reason) > 300:  # the column's size
        raise InvalidInput("Keep the reason under 300 characters.", field="reason")
    matching = [
        finding
        for finding in lint_version(version)
        if (finding.language, finding.field, finding.rule) == (language, field, rule)
        and finding_excerpt(version, finding) == excerpt
    ]
    if not matching:
        raise InvalidInput(
            "That finding is not on this version (any more): check the text again.",
            field="rule",
        )
    if any(finding.severity == "error" for finding in matching):
        raise InvalidInput(
            f"{rule} is not a judgement call: fix the text before submitting.", field="rule"
        )
    acknowledgement, _created = FindingAcknowledgement.objects.update_or_create(
        version=version,
        language=language,
        field=field,
        rule=rule,
        excerpt=excerpt,
        defaults={"reason": reason, "author": actor},
    )
    engine.log(
        ANSWERS,
        version,
        action=Action.ACKNOWLEDGE,
        actor=actor,
        comment=f"{rule} ({language} {field}) “{excerpt[:80]}”: {reason}",
        before=version.status,
    )
    return acknowledgement


def _confirmed_languages(version: Version, live: Version | None) -> list[str]:
    """Languages of `version` with a title and body that are now current although the
    live version's were written against another source: confirmed (or rewritten) to
    match the current source. Review checks them like an edit."""
    digest = current_source_digest(version)
    if live is None or not digest:
        return []
    return [
        code
        for code in language_codes()
        if text_state(version=version, language=code, source=digest) == UP_TO_DATE
        and getattr(version, localized("based_on", code))
        != getattr(live, localized("based_on", code))
    ]


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
        if not any(
            getattr(version, localized("title", code)) and getattr(version, localized("body", code))
            for code in language_codes()
        ):
            raise EmptyVersion(
                "Write a title and a body in at least one language before submitting."
            )
        live = version.variant.published_version
        edited = set(changed_languages(version, live)) | set(_confirmed_languages(version, live))
        changed = [code for code in language_codes() if code in edited]
        if live is not None and not changed:
            raise NoChanges("This is the live text, unchanged: there is nothing to review.")
        errors = blocking(lint_version(version))
        if errors:
            raise LintFailed(
                f"The tone check found {len(errors)} error(s); fix them, then submit again.",
                findings=[finding.as_dict() for finding in errors],
            )
        return {
            "escalated_at": None,
            # Routes the review to people who read these languages.
            "changed_languages": changed,
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
    transaction; `version_published` is sent after commit. A text whose snippets
    have no published text any more is refused (it would go out with words missing).
    """
    missing = unpublished_snippets_in(version)
    if missing:
        raise UnknownPlaceholder(
            f"This text uses snippets that are not published: {', '.join(missing)}.",
            snippets=missing,
        )
    published = engine.publish(
        ANSWERS, version, actor=actor, publish_at=publish_at, comment=comment
    )
    if published.status == VersionStatus.PUBLISHED and published.variant.channel.is_primary:
        _adopt_unanchored_translations(published, actor=actor)
    return published


def _adopt_unanchored_translations(source: Version, *, actor: Any) -> None:
    """Texts of the entry's other variants written while it had no live source text
    (`based_on` empty) were written with this one: they are current against it, not
    outdated at birth. Texts written against an older source stay as they are."""
    digest = source_digest(source)
    others = Version.objects.filter(
        variant__entry_id=source.variant.entry_id,
        status__in=[*OPEN_STATUSES, VersionStatus.PUBLISHED],
    ).exclude(variant_id=source.variant_id)
    for version in others:
        columns = [
            localized("based_on", code)
            for code in language_codes()
            if not getattr(version, localized("based_on", code))
            and getattr(version, localized("title", code))
            and getattr(version, localized("body", code))
        ]
        if columns:
            for column in columns:
                setattr(version, column, digest)
            engine.save(version, actor=actor, reason="source published", update_fields=columns)


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
    engine.check(ANSWERS, actor, Action.CREATE)
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
    engine.check(ANSWERS, actor, Action.CREATE)
    variant = Variant.objects.filter(entry=entry, channel=channel).first()
    if variant is None:
        variant = Variant(entry=entry, channel=channel)
        variant._history_user = actor
        variant.save()
    draft = version_create_draft(variant=variant, actor=actor)
    if texts:
        draft = version_update(version=draft, actor=actor, texts=texts)
    return draft
