"""An answer written on one page: the entry and its texts for every channel, saved
(and, when asked, submitted) in one transaction through the other services.

The admin's answer editor calls `answer_save`. What the page showed when it was
loaded travels back as a stamp per channel (`answer_stamps`), so a save over
someone else's newer save or newly opened draft is refused, not merged.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from config.errors import (
    InvalidInput,
    NoChanges,
    NotEditable,
    StaleVersion,
    WorkflowError,
)
from config.texts import normalise_text
from config.transactions import write_transaction
from knowledge.diffs import TEXT_FIELDS
from knowledge.languages import language_codes, localized
from knowledge.models import Entry, Variant, Version
from knowledge.services.entries import entry_create, entry_update
from knowledge.services.versions import (
    variant_open_draft,
    version_create_draft,
    version_publish,
    version_submit,
    version_update,
)
from knowledge.workflow import EDITABLE_STATUSES, VersionStatus

# channel slug -> "title"/"body" -> language -> text
ChannelTexts = Mapping[str, Mapping[str, Mapping[str, str]]]


@dataclass
class AnswerSaved:
    """What a save did: the entry, the drafts written and the versions submitted."""

    entry: Entry
    saved: list[Version] = field(default_factory=list)
    submitted: list[Version] = field(default_factory=list)


def answer_channels() -> list[Any]:
    """Every channel, the primary (source) channel first: texts are written against it."""
    # Through the foreign key: content does not import delivery's models.
    channel_model = Variant._meta.get_field("channel").related_model
    return list(
        channel_model.objects.select_related("inherits_from").order_by("-is_primary", "slug")
    )


def shown_version(variant: Variant | None) -> Version | None:
    """The text the editor works on: the open draft, else the live version."""
    if variant is None:
        return None
    return variant.draft or variant.published_version


def version_stamp(variant: Variant | None) -> str:
    """Which version the page showed for a channel, and when it was last saved."""
    version = shown_version(variant)
    if version is None:
        return "none"
    return f"{version.pk}:{version.status}:{version.updated_at.isoformat()}"


def answer_stamps(entry: Entry | None) -> dict[str, str]:
    """Channel slug -> stamp of what the editor is shown now."""
    if entry is None:
        return {}
    variants = Variant.objects.filter(entry=entry).select_related(
        "channel", "draft", "published_version"
    )
    return {variant.channel.slug: version_stamp(variant) for variant in variants}


def version_texts(version: Version | None) -> dict[str, dict[str, str]]:
    """``{"title": {code: text}, "body": {...}}`` of a version ('' for None)."""
    return {
        name: {
            code: (getattr(version, localized(name, code)) if version is not None else "") or ""
            for code in language_codes()
        }
        for name in TEXT_FIELDS
    }


def _wanted(texts: Mapping[str, Mapping[str, str]]) -> dict[str, dict[str, str]]:
    unknown = set(texts) - set(TEXT_FIELDS)
    if unknown:
        raise InvalidInput(f"Unknown fields: {sorted(unknown)}.")
    return {
        name: {code: normalise_text(texts.get(name, {}).get(code, "")) for code in language_codes()}
        for name in TEXT_FIELDS
    }


def _difference(
    wanted: dict[str, dict[str, str]], current: dict[str, dict[str, str]]
) -> dict[str, dict[str, str]]:
    changed: dict[str, dict[str, str]] = {}
    for name, values in wanted.items():
        for code, text in values.items():
            if text != current[name][code]:
                changed.setdefault(name, {})[code] = text
    return changed


def _in_channel(error: WorkflowError, slug: str) -> WorkflowError:
    error.extra.setdefault("channel", slug)
    if not error.detail.startswith(f"{slug}:"):
        error.detail = f"{slug}: {error.detail}"
    return error


@write_transaction
def answer_save(
    *,
    actor: Any,
    entry: Entry | None = None,
    key: str = "",
    topic: str,
    tags: list[str] | None = None,
    questions: Mapping[str, str] | None = None,
    texts: ChannelTexts,
    loaded: Mapping[str, str] | None = None,
    submit: bool = False,
) -> AnswerSaved:
    """Create (`entry` None) or change an entry and its channels' texts, all or nothing.

    A channel left blank that has no variant gets none (it is served along its
    inheritance chain). A channel whose text differs from what it shows gets a
    draft: its open one, else a new one copied from the live version. With
    `loaded` (the stamps the page was built from), a channel changed by someone
    else since is refused with StaleVersion. `submit` then sends every draft of
    the entry that has something to review; any refusal rolls everything back.
    """
    if entry is None:
        entry = entry_create(
            key=key, topic=topic, actor=actor, tags=tags or [], questions=questions or {}
        )
        variants: dict[str, Variant] = {}
    else:
        entry = entry_update(entry=entry, actor=actor, topic=topic, tags=tags, questions=questions)
        variants = {
            variant.channel.slug: variant
            for variant in Variant.objects.select_for_update(of=("self",))
            .filter(entry=entry)
            .select_related("channel", "draft", "published_version")
        }
    result = AnswerSaved(entry=entry)
    unknown = set(texts) - {channel.slug for channel in answer_channels()}
    if unknown:
        raise InvalidInput(f"Unknown channels: {sorted(unknown)}.", field="texts")
    for channel in answer_channels():
        if channel.slug not in texts:
            continue
        try:
            saved = _save_channel(
                entry=entry,
                channel=channel,
                variant=variants.get(channel.slug),
                wanted=_wanted(texts[channel.slug]),
                loaded=None if loaded is None else loaded.get(channel.slug, "none"),
                actor=actor,
            )
        except WorkflowError as error:
            raise _in_channel(error, channel.slug) from error
        if saved is not None:
            result.saved.append(saved)
    if submit:
        result.submitted = _submit_drafts(entry, actor=actor)
    return result


def _save_channel(
    *,
    entry: Entry,
    channel: Any,
    variant: Variant | None,
    wanted: dict[str, dict[str, str]],
    loaded: str | None,
    actor: Any,
) -> Version | None:
    if loaded is not None and loaded != version_stamp(variant):
        shown = shown_version(variant)
        if shown is not None and shown.status not in EDITABLE_STATUSES and variant.draft_id:
            raise StaleVersion(
                f"version {shown.number} was {shown.get_status_display().lower()} after you "
                "opened the page, so it cannot be changed now. Nothing was saved; your text "
                "is still in the form: copy it. It can be changed again once it is sent back "
                "or published."
            )
        raise StaleVersion(
            "someone changed this text after you opened the page"
            + (
                f" (it is now version {shown.number}, {shown.get_status_display().lower()})"
                if shown is not None
                else ""
            )
            + ". Nothing was saved; your text is still in the form. Reload the page to see "
            "theirs, then apply your edit again.",
        )
    current = shown_version(variant)
    changes = _difference(wanted, version_texts(current))
    if not changes:
        return None
    if variant is None:
        return variant_open_draft(entry=entry, channel=channel, actor=actor, texts=changes)
    if variant.draft is not None:
        if variant.draft.status not in EDITABLE_STATUSES:
            status = VersionStatus(variant.draft.status).label.lower()
            raise NotEditable(
                f"version {variant.draft.number} is {status}; it cannot be changed until "
                "it is published or sent back."
            )
        return version_update(version=variant.draft, actor=actor, texts=changes)
    draft = version_create_draft(variant=variant, actor=actor)
    return version_update(version=draft, actor=actor, texts=changes)


def _submit_drafts(entry: Entry, *, actor: Any) -> list[Version]:
    """Submit the entry's editable drafts that hold text, primary channel first."""
    drafts = (
        Version.objects.filter(variant__entry=entry, status__in=sorted(EDITABLE_STATUSES))
        .select_related("variant__channel", "variant__published_version")
        .order_by("-variant__channel__is_primary", "variant__channel__slug")
    )
    submitted = []
    for draft in drafts:
        texts = version_texts(draft)
        if not any(value for values in texts.values() for value in values.values()):
            continue  # an empty draft opened elsewhere: nothing to send
        try:
            submitted.append(version_submit(version=draft, actor=actor))
        except NoChanges:
            continue  # a draft identical to the live text: nothing to review
        except WorkflowError as error:
            raise _in_channel(error, draft.variant.channel.slug) from error
    if not submitted:
        raise NoChanges(
            "Nothing to submit: no draft of this answer has a change to review "
            "(texts already in review are listed with their status)."
        )
    return submitted


@write_transaction
def entry_publish_approved(*, entry: Entry, actor: Any) -> list[Version]:
    """Publish every approved text of `entry` at once, the primary channel's first
    (the others were written against it). Nothing is published if one is refused."""
    approved = (
        Version.objects.filter(variant__entry=entry, status=VersionStatus.APPROVED)
        .select_related("variant__channel")
        .order_by("-variant__channel__is_primary", "variant__channel__slug")
    )
    published = []
    for version in approved:
        try:
            published.append(version_publish(version=version, actor=actor))
        except WorkflowError as error:
            raise _in_channel(error, version.variant.channel.slug) from error
    if not published:
        raise InvalidInput("This answer has no approved text waiting to be published.")
    return published
