"""Ranking backends. The embedded one needs no service; others plug in by setting.

A backend answers `search(query, languages, limit)` with `Hit`s, best first,
and is told when documents change (`changed`). `PARLEY_SEARCH_BACKEND` names
the class, so a dedicated engine (OpenSearch, Meilisearch...) can take over
for very large bases: it would index from `SearchDocument` rows or from the
entries directly, and keep the same answers to the delivery API.
"""

import math
import threading
import uuid
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from django.conf import settings
from django.core.cache import cache
from django.utils.module_loading import import_string
from rapidfuzz import process
from rapidfuzz.distance import OSA

from channels.models import SearchDocument
from channels.search.text import is_typo_candidate, terms

GENERATION_KEY = "search:generation"
LOG_KEY = "search:log"
LOG_LENGTH = 200
UNCACHED = "uncached"
# BM25 parameters (the usual values).
K1, B = 1.2, 0.75
TYPO_WEIGHT = 0.7
# An answer found only in a fallback language ranks a little lower.
FALLBACK_FACTOR = 0.85


@dataclass(frozen=True)
class Hit:
    entry_id: int
    language: str
    score: float
    # Share of the question's terms (by weight) this entry matched, 0..1: unlike
    # the score it does not depend on the size of the base, so it tells a good
    # answer from a poor one.
    coverage: float = 1.0


class SearchBackend(Protocol):
    def search(self, query: str, languages: list[str], limit: int) -> list[Hit]: ...

    def changed(self, entry_ids: list[int] | None = None) -> None:
        """These entries' documents changed (None: any may have)."""


class _LanguageIndex:
    """One language's inverted index, updatable entry by entry."""

    def __init__(self) -> None:
        self.postings: dict[str, dict[int, float]] = {}
        self.lengths: dict[int, float] = {}
        self.total_length = 0.0
        self.entry_terms: dict[int, list[str]] = {}
        # Words that may hold a typo, by length: a word is compared only with
        # words whose length is within the edit distance allowed.
        self.typo_vocabulary: dict[int, set[str]] = {}

    def add(self, entry_id: int, weights: dict[str, float], length: float) -> None:
        self.remove(entry_id)
        for term, weight in weights.items():
            found = self.postings.get(term)
            if found is None:
                found = self.postings[term] = {}
                if is_typo_candidate(term):
                    self.typo_vocabulary.setdefault(len(term), set()).add(term)
            found[entry_id] = weight
        self.entry_terms[entry_id] = list(weights)
        self.lengths[entry_id] = length
        self.total_length += length

    def remove(self, entry_id: int) -> None:
        for term in self.entry_terms.pop(entry_id, ()):
            found = self.postings.get(term)
            if found is not None:
                found.pop(entry_id, None)
        self.total_length -= self.lengths.pop(entry_id, 0.0)

    def idf(self, term: str) -> float:
        n = len(self.lengths)
        df = len(self.postings.get(term, ()))
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def near(self, term: str, distance: int) -> list[str]:
        """Known words within `distance` edits of `term` (a swap counts as one)."""
        candidates = [
            word
            for size in range(len(term) - distance, len(term) + distance + 1)
            for word in self.typo_vocabulary.get(size, ())
            if self.postings.get(word)
        ]
        found = process.extract(
            term, candidates, scorer=OSA.distance, score_cutoff=distance, limit=3
        )
        return [word for word, _distance, _i in found]

    def scores(self, query: str, language: str) -> dict[int, tuple[float, float]]:
        """entry id -> (BM25 score, share of the query's weight it matched)."""
        asked = terms(query, language)
        total = sum(asked.values()) or 1.0
        # index term -> (its weight in the query, the query term it stands for)
        wanted: dict[str, tuple[float, str]] = {}
        for term, weight in asked.items():
            if self.postings.get(term):
                wanted[term] = (weight, term)
            elif is_typo_candidate(term):
                for found in self.near(term, 2 if len(term) >= 8 else 1):
                    if found not in wanted:
                        wanted[found] = (weight * TYPO_WEIGHT, term)
        if not self.lengths:
            return {}
        average = self.total_length / len(self.lengths)
        lengths = self.lengths
        scores: dict[int, float] = {}
        matched: dict[int, set[str]] = {}
        for term, (query_weight, source) in wanted.items():
            factor = query_weight * self.idf(term) * (K1 + 1)
            for entry_id, tf in self.postings[term].items():
                norm = K1 * (1 - B + B * lengths[entry_id] / average)
                scores[entry_id] = scores.get(entry_id, 0.0) + factor * tf / (tf + norm)
                matched.setdefault(entry_id, set()).add(source)
        return {
            entry_id: (score, sum(asked[t] for t in matched[entry_id]) / total)
            for entry_id, score in scores.items()
        }


class EmbeddedBackend:
    """BM25 over the `SearchDocument` rows, held in memory per process.

    Every change starts a new generation, shared through the cache (with Redis,
    by every web process) together with a short log of which entries changed.
    A process that sees a new generation re-reads only those entries'
    documents; it reloads everything only when it has fallen behind the log or
    after `rebuild_search_index`. Small spelling mistakes are forgiven by
    matching an unknown word to known ones at edit distance 1, a swap of two
    neighbouring letters counting as one (2 for words of 8 letters or more).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._generation: str | None = None
        self._indexes: dict[str, _LanguageIndex] = {}

    def warm(self) -> None:
        """Load the index now (a web worker calls this as it starts)."""
        self._current()

    def changed(self, entry_ids: list[int] | None = None) -> None:
        generation = uuid.uuid4().hex
        log = cache.get(LOG_KEY) or []
        log = [*log, (generation, sorted(entry_ids) if entry_ids is not None else None)]
        cache.set(LOG_KEY, log[-LOG_LENGTH:], None)
        cache.set(GENERATION_KEY, generation, None)

    def _current(self) -> dict[str, _LanguageIndex]:
        generation = cache.get(GENERATION_KEY)
        if generation is None:
            # The cache lost track (flushed, restarted): nobody can say what
            # changed, so a new generation makes every process reload.
            self.changed()
            generation = cache.get(GENERATION_KEY)
        if generation is None:
            # The cache is unreachable: keep serving what this process has.
            generation = self._generation or UNCACHED
        if generation != self._generation:
            with self._lock:
                if generation != self._generation:
                    self._catch_up(generation)
        return self._indexes

    def _catch_up(self, generation: str) -> None:
        log = cache.get(LOG_KEY) or []
        seen = [g for g, _ids in log]
        if self._generation in seen and generation in seen:
            later = log[seen.index(self._generation) + 1 : seen.index(generation) + 1]
            if all(ids is not None for _g, ids in later):
                self._refresh(sorted({i for _g, ids in later for i in ids}))
                self._generation = generation
                return
        self._indexes = {}
        self._refresh(None)
        self._generation = generation

    def _refresh(self, entry_ids: list[int] | None) -> None:
        rows = SearchDocument.objects.values_list("entry_id", "language", "terms", "length")
        if entry_ids is not None:
            rows = rows.filter(entry_id__in=entry_ids)
            for index in self._indexes.values():
                for entry_id in entry_ids:
                    index.remove(entry_id)
        for entry_id, language, weights, length in rows.iterator(chunk_size=2000):
            self._indexes.setdefault(language, _LanguageIndex()).add(entry_id, weights, length)

    def search(self, query: str, languages: list[str], limit: int) -> list[Hit]:
        indexes = self._current()
        best: dict[int, Hit] = {}
        for position, language in enumerate(languages):
            index = indexes.get(language)
            if index is None:
                continue
            factor = 1.0 if position == 0 else FALLBACK_FACTOR
            for entry_id, (score, coverage) in index.scores(query, language).items():
                score *= factor
                if entry_id not in best or score > best[entry_id].score:
                    best[entry_id] = Hit(entry_id, language, round(score, 4), round(coverage, 3))
        ranked = sorted(best.values(), key=lambda hit: (-hit.score, hit.entry_id))
        return ranked[:limit]


@lru_cache(maxsize=1)
def get_backend() -> SearchBackend:
    """The configured backend, one per process."""
    return import_string(settings.PARLEY_SEARCH_BACKEND)()
