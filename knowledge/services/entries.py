"""Entries: create and change them, with their questions normalised."""

from collections.abc import Mapping
from typing import Any

from config.errors import (
    ActionForbidden,
    EntryExists,
    InvalidInput,
)
from config.limits import check_length
from config.texts import normalise_text
from config.transactions import write_transaction
from knowledge.languages import language_codes, localized
from knowledge.models import (
    Entry,
    Tag,
    Topic,
)

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
            # Line endings and Unicode form as every text has them (config.texts).
            lines = normalise_text("\n".join(lines)).split("\n")
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
