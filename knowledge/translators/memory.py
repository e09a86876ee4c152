"""Translation memory: the published texts, as pairs of source text and translation.

Only translations that are current against their entry's live source count: an
outdated one may say what the source no longer says. A unit with nothing in its
language is offered the translation of the most similar source text, when that
one is at least `MATCH_THRESHOLD` % alike (rapidfuzz's normalised Indel ratio of the
texts lower-cased and stripped of punctuation; 100 for an exact match).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils
from translate.storage import tmx

from knowledge.diffs import TEXT_FIELDS
from knowledge.languages import localized, source_language
from knowledge.models import Variant
from knowledge.selectors import UP_TO_DATE, text_state
from knowledge.translators.units import MISSING, Unit, live_source_digests, unit_id

MATCH_THRESHOLD = 75


@dataclass(frozen=True)
class Pair:
    source: str
    target: str
    origin: str  # the unit id it was published as


def memory_pairs(language: str) -> list[Pair]:
    """Every published (source text, current translation) pair in `language`."""
    variants = list(
        Variant.objects.filter(published_version__isnull=False).select_related(
            "entry", "channel", "published_version"
        )
    )
    live_sources = live_source_digests({variant.entry_id for variant in variants})
    code = source_language()
    pairs = []
    for variant in variants:
        live = variant.published_version
        state = text_state(
            version=live, language=language, source=live_sources.get(variant.entry_id, "")
        )
        if state != UP_TO_DATE:
            continue
        for text_field in TEXT_FIELDS:
            source = getattr(live, localized(text_field, code)) or ""
            target = getattr(live, localized(text_field, language)) or ""
            if source and target:
                pairs.append(
                    Pair(
                        source, target, unit_id(variant.entry.key, variant.channel.slug, text_field)
                    )
                )
    return pairs


def prefill(units: Iterable[Unit]) -> None:
    """Offer the best memory match (with its score) to each unit missing its language."""
    by_language: dict[str, list[Unit]] = {}
    for unit in units:
        if unit.state == MISSING and not unit.target:
            by_language.setdefault(unit.language, []).append(unit)
    for language, waiting in by_language.items():
        pairs = memory_pairs(language)
        if not pairs:
            continue
        sources = [pair.source for pair in pairs]
        for unit in waiting:
            best = process.extractOne(
                unit.source,
                sources,
                scorer=fuzz.ratio,
                processor=utils.default_process,
                score_cutoff=MATCH_THRESHOLD,
            )
            if best is None:
                continue
            _text, score, index = best
            pair = pairs[index]
            unit.target, unit.match, unit.match_from = pair.target, int(score), pair.origin
            kind = "exact" if unit.match == 100 else "fuzzy"
            unit.notes.append(
                f"Translation memory: {kind} match, {unit.match} %, from {pair.origin}. "
                "Check it against the source before you mark it translated."
            )


def memory_tmx(languages: Iterable[str]) -> bytes:
    """The memory in `languages` as one TMX document (source language: the source's)."""
    store = tmx.tmxfile(sourcelanguage=source_language())
    code = source_language()
    for language in languages:
        for pair in memory_pairs(language):
            store.addtranslation(pair.source, code, pair.target, language, comment=pair.origin)
    return bytes(store)
