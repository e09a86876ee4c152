"""Reads of snippets for delivery and lint."""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db.models import Q

from knowledge.languages import language_codes, localized, localized_all
from knowledge.models import Variant, Version
from knowledge.workflow import VersionStatus
from templates_app.models import Snippet, ToneWord
from templates_app.placeholders import references
from templates_app.tone.rules import ExtraWords


@dataclass(frozen=True)
class PublishedSnippet:
    """A snippet's live text per language and the channels it is limited to (empty: all)."""

    key: str
    texts: dict[str, str]
    channel_ids: frozenset[int] = field(default_factory=frozenset)

    def text_for(self, language: str, channel_id: int | None = None) -> str:
        """The live text in `language`, or '' when missing or not for `channel_id`."""
        if channel_id is not None and self.channel_ids and channel_id not in self.channel_ids:
            return ""
        return self.texts.get(language, "")


def published_snippets() -> dict[str, PublishedSnippet]:
    """Every snippet with a published version, by key, in one query."""
    codes = language_codes()
    rows = Snippet.objects.filter(published_version__isnull=False).values_list(
        "key",
        "channels__id",
        *(f"published_version__{localized('text', code)}" for code in codes),
    )
    texts: dict[str, dict[str, str]] = {}
    scopes: dict[str, set[int]] = {}
    for key, channel_id, *values in rows:
        texts[key] = {code: value for code, value in zip(codes, values, strict=True) if value}
        scope = scopes.setdefault(key, set())
        if channel_id is not None:
            scope.add(channel_id)
    return {
        key: PublishedSnippet(key=key, texts=texts[key], channel_ids=frozenset(scopes[key]))
        for key in texts
    }


def snippet_texts(
    snippets: Mapping[str, PublishedSnippet], language: str, channel_id: int
) -> dict[str, str]:
    """``{key: live text}`` of the snippets usable in `language` on channel `channel_id`."""
    return {
        key: text
        for key, snippet in snippets.items()
        if (text := snippet.text_for(language, channel_id))
    }


def tone_words() -> dict[str, ExtraWords]:
    """The editors' jargon and over-formal words, per language, for `lint_text`; one query."""
    by_language: dict[str, dict[str, list[tuple[str, str]]]] = {}
    rows = ToneWord.objects.values_list("language", "kind", "word", "suggestion")
    for language, kind, word, suggestion in rows:
        by_language.setdefault(language, {}).setdefault(kind, []).append((word.lower(), suggestion))
    return {
        language: tuple((kind, tuple(words)) for kind, words in sorted(kinds.items()))
        for language, kinds in by_language.items()
    }


def variants_using_snippet(key: str) -> list[Variant]:
    """Variants whose live version references ``{{snippet:<key>}}`` in some language."""
    needle = f"snippet:{key}"
    mentions = Q()
    for column in localized_all("title") + localized_all("body"):
        mentions |= Q(**{f"published_version__{column}__contains": needle})
    candidates = Variant.objects.filter(mentions).select_related(
        "published_version", "entry", "channel"
    )
    return [
        variant
        for variant in candidates
        if any(
            reference.kind == "snippet" and reference.name == key
            for column in localized_all("title") + localized_all("body")
            for reference in references(getattr(variant.published_version, column) or "")
        )
    ]


def _uses(version: Version, key: str) -> bool:
    return any(
        reference.kind == "snippet" and reference.name == key
        for column in localized_all("title") + localized_all("body")
        for reference in references(getattr(version, column) or "")
    )


def versions_waiting_with_snippet(key: str) -> list[Version]:
    """Answers' versions on their way to publication (in review, approved, scheduled)
    that reference ``{{snippet:<key>}}``: they passed lint while it was live."""
    needle = f"snippet:{key}"
    mentions = Q()
    for column in localized_all("title") + localized_all("body"):
        mentions |= Q(**{f"{column}__contains": needle})
    waiting = [VersionStatus.IN_REVIEW, VersionStatus.APPROVED, VersionStatus.SCHEDULED]
    candidates = Version.objects.filter(mentions, status__in=waiting).select_related(
        "variant__entry"
    )
    return [version for version in candidates if _uses(version, key)]


def unpublished_snippets_in(version: Version) -> list[str]:
    """Keys of snippets `version` references that have no published text now."""
    keys = {
        reference.name
        for column in localized_all("title") + localized_all("body")
        for reference in references(getattr(version, column) or "")
        if reference.kind == "snippet"
    }
    live = set(
        Snippet.objects.filter(key__in=keys, published_version__isnull=False).values_list(
            "key", flat=True
        )
    )
    return sorted(keys - live)
