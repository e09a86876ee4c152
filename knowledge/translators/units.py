"""What a translator is sent: one unit per entry, channel and field, in one language.

A unit's source is the source-language text of the variant's live version. Its
state in the target language is the language matrix's: `missing` (no text in
this field), `outdated` (written against an older source text) or `up_to_date`.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet

from knowledge.diffs import TEXT_FIELDS
from knowledge.digests import source_digest
from knowledge.languages import language_name, localized, source_language
from knowledge.models import Entry, Variant, Version
from knowledge.selectors import MISSING, OUTDATED, UP_TO_DATE, text_state

TONE_NOTES = {
    "plain": (
        "Plain help-page tone: dry and direct. State the answer and the steps; "
        "no apology, no small talk."
    ),
    "empathetic": (
        "Empathetic tone for a person in a conversation: acknowledge their problem, "
        "guide them through the fix, agree on what happens next, close warmly."
    ),
}
CODES_NOTE = (
    "Text in {{double braces}} is a placeholder or a snippet, shown as a code your tool "
    "protects: keep every one, and move it where the sentence needs it."
)


def unit_id(entry_key: str, channel_slug: str, text_field: str) -> str:
    """Stable id of a unit: keys and slugs hold no dots, so it splits back unambiguously."""
    return f"{entry_key}.{channel_slug}.{text_field}"


def split_unit_id(value: str) -> tuple[str, str, str] | None:
    """(entry key, channel slug, field) of a unit id, or None when it is not one."""
    parts = value.split(".")
    if len(parts) != 3 or parts[2] not in TEXT_FIELDS or not all(parts):
        return None
    return parts[0], parts[1], parts[2]


def text_fingerprint(text: str) -> str:
    """Digest of one text, to tell later whether it changed."""
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class Unit:
    """One text to translate, with what the translator is told and offered."""

    id: str
    field: str
    language: str
    source: str
    state: str
    # What the file offers as the target: the outdated translation, or a memory match.
    target: str = ""
    match: int | None = None
    match_from: str = ""
    notes: list[str] = field(default_factory=list)
    max_length: int | None = None
    # Baselines kept in the export's record, not in the file.
    written_against: str = ""
    current: str = ""

    def record(self) -> dict:
        """What the export's record keeps of this unit."""
        return {
            "id": self.id,
            "language": self.language,
            "state": self.state,
            "written_against": self.written_against,
            "current": text_fingerprint(self.current),
            "source": text_fingerprint(self.source),
            "match": self.match,
        }


def _variants(entries: Iterable[str] | None, channels: Iterable[str] | None) -> QuerySet[Variant]:
    variants = Variant.objects.filter(published_version__isnull=False).select_related(
        "entry", "channel", "published_version", "draft"
    )
    if entries is not None:
        variants = variants.filter(entry__key__in=list(entries))
    if channels is not None:
        variants = variants.filter(channel__slug__in=list(channels))
    return variants.order_by("entry__key", "-channel__is_primary", "channel__slug")


def live_source_digests(entry_ids: set[int]) -> dict[int, str]:
    """Each entry's live source digest: what a translation is current against."""
    found = {}
    for variant in Variant.objects.filter(
        entry_id__in=entry_ids, channel__is_primary=True, published_version__isnull=False
    ).select_related("published_version"):
        found[variant.entry_id] = source_digest(variant.published_version)
    return found


def _notes(variant: Variant, text_field: str, language: str, state: str) -> list[str]:
    channel, entry = variant.channel, variant.entry
    notes = [f"Channel {channel.slug}. {TONE_NOTES.get(channel.tone, '')}".strip()]
    if text_field == "body" and channel.max_length:
        notes.append(
            f"At most {channel.max_length} characters as the customer sees it "
            "(placeholders filled in)."
        )
    if text_field == "title":
        notes.append("The answer's title: short, as a customer would ask or search.")
    questions = entry.question_list(source_language())
    if questions:
        notes.append("Customers ask, for example: " + " | ".join(questions[:5]))
    theirs = entry.question_list(language)
    if theirs:
        notes.append(f"In {language_name(language)} they ask: " + " | ".join(theirs[:5]))
    if state == OUTDATED:
        notes.append(
            "Outdated: the source text changed since this translation was written. "
            "The current translation is filled in; update it to the source."
        )
    return notes


def units_to_translate(
    *,
    languages: Iterable[str],
    entries: Iterable[str] | None = None,
    channels: Iterable[str] | None = None,
    everything: bool = False,
) -> list[Unit]:
    """Units of the live texts of the chosen entries and channels, per target language.

    Without `everything`, only texts missing in a language or outdated there. The
    order is stable: language, entry, channel (the source channel first), field.
    """
    variants = list(_variants(entries, channels))
    live_sources = live_source_digests({variant.entry_id for variant in variants})
    code = source_language()
    units = []
    for language in languages:
        for variant in variants:
            live: Version = variant.published_version  # type: ignore[assignment]
            digest = live_sources.get(variant.entry_id, "")
            language_state = text_state(version=live, language=language, source=digest)
            here = variant.draft if variant.draft is not None else live
            for text_field in TEXT_FIELDS:
                source = getattr(live, localized(text_field, code)) or ""
                if not source:
                    continue
                existing = getattr(live, localized(text_field, language)) or ""
                state = MISSING if not existing else language_state
                if not everything and state == UP_TO_DATE:
                    continue
                units.append(
                    Unit(
                        id=unit_id(variant.entry.key, variant.channel.slug, text_field),
                        field=text_field,
                        language=language,
                        source=source,
                        state=state,
                        target=existing,
                        notes=_notes(variant, text_field, language, state),
                        max_length=variant.channel.max_length if text_field == "body" else None,
                        written_against=digest,
                        current=getattr(here, localized(text_field, language)) or "",
                    )
                )
    return units


def unknown_entry_keys(keys: Iterable[str]) -> list[str]:
    """The keys of `keys` that name no entry."""
    keys = list(keys)
    known = set(Entry.objects.filter(key__in=keys).values_list("key", flat=True))
    return [key for key in keys if key not in known]
