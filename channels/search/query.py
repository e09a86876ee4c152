"""A customer's question as search terms: the same analyzer as the documents.

`question` gives the weighted terms to look for, the pairs of neighbouring
words whose meeting in a text counts extra (phrase and proximity scoring), and
the editors' synonyms of what was asked (`SearchSynonym`), a little weaker.
Words the customer says they do *not* mean ("cancel for good, not pause";
"一時停止ではなく"; "不是暫停"; "ei taukoa vaan") are left out
(`channels.search.negation`).
"""

import uuid
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

from django.core.cache import cache

from channels.search.negation import without_negated
from channels.search.text import sequence

SYNONYM_WEIGHT = 0.7
SYNONYMS_VERSION = "search:synonyms:version"


@dataclass
class Question:
    weights: Counter[str] = field(default_factory=Counter)
    # Neighbouring full terms, in the order asked.
    pairs: list[tuple[str, str]] = field(default_factory=list)
    # Terms added from synonyms: term -> the asked terms it stands for.
    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)


def question(text: str, language: str) -> Question:
    asked = Question()
    full: list[str] = []
    for term, weight in sequence(without_negated(text, language), language):
        asked.weights[term] += weight
        if weight >= 1:
            full.append(term)
    pairs = {(a, b) for a, b in pairwise(full) if a != b}
    for group in synonym_groups(language):
        said = [phrase for phrase in group if _contains(full, phrase)]
        for phrase in said:
            for other in group:
                if other in said:
                    continue
                for term in other:
                    if term not in asked.weights:
                        asked.synonyms.setdefault(term, phrase)
                pairs.update((a, b) for a, b in pairwise(other) if a != b)
    asked.pairs = sorted(pairs)
    return asked


def _contains(terms: list[str], phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    return any(tuple(terms[i : i + size]) == phrase for i in range(len(terms) - size + 1))


Groups = dict[str, list[list[tuple[str, ...]]]]
# This process's copy of the synonyms, and the version it was read at.
_held: tuple[str, Groups] | None = None


def synonym_groups(language: str) -> list[list[tuple[str, ...]]]:
    """The editors' synonym groups for `language`, each phrase as its full terms.

    Read once per process and again only when the version in the cache moves
    (every save or delete moves it), so a question costs one cache read.
    """
    global _held
    version = cache.get(SYNONYMS_VERSION) or bump_synonyms()
    if _held is None or _held[0] != version:
        _held = (version, _read_groups())
    return _held[1].get(language, [])


def _read_groups() -> Groups:
    from channels.models import SearchSynonym

    groups: Groups = {}
    for synonym in SearchSynonym.objects.all():
        phrases = []
        for phrase in synonym.phrase_list():
            terms = tuple(t for t, weight in sequence(phrase, synonym.language) if weight >= 1)
            if terms and terms not in phrases:
                phrases.append(terms)
        if len(phrases) > 1:
            groups.setdefault(synonym.language, []).append(phrases)
    return groups


def bump_synonyms() -> str:
    """A new version: every process re-reads the synonyms before its next question."""
    version = uuid.uuid4().hex
    cache.set(SYNONYMS_VERSION, version, None)
    return version
