"""Ranking backends: the engine behind answer search, chosen by `PARLEY_SEARCH_BACKEND`.

A backend answers `search(query, languages, limit)` with `Hit`s, best first.
The default is Tantivy (a Rust search library, used here as a Python package):
its index lives on disk in `PARLEY_SEARCH_INDEX_DIR`, memory-mapped, so every
web process shares the same pages and opens it in milliseconds. Web processes
only read it; the indexer (`channels.search.indexer`) writes it.

A deployment past one host's index (many hosts, very large bases) would put a
search cluster (OpenSearch, Elasticsearch, Vespa...) behind the same
interface: a backend class whose `search` queries the cluster, fed by an
indexer reading the same outbox.
"""

import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np
import tantivy
from django.conf import settings
from django.utils.module_loading import import_string
from rapidfuzz import process
from rapidfuzz.distance import OSA

from channels.search import vectors
from channels.search.indexer import STATE, index_dir, open_index, read_state, schema
from channels.search.query import SYNONYM_WEIGHT, Question, question
from channels.search.text import PREFIX, is_typo_candidate, prefix_term

# An answer found only in a fallback language ranks a little lower.
FALLBACK_FACTOR = 0.85
# How much each field counts: customers' phrasings first, then the title.
FIELD_BOOST = {"questions": 1.0, "title": 1.0, "body": 1.0}
# Two neighbouring words of the question met near each other in a field.
PHRASE_BOOST = 0.6
PHRASE_SLOP = 2
# A word matched only with a spelling mistake counts this much of the word, and
# is looked for among this many of the most frequent words with its first
# letter, keeping the closest few.
TYPO_WEIGHT = 0.7
TYPO_VOCABULARY = 5000
TYPO_MATCHES = 3
# An unknown Finnish compound is looked for by its last word this much.
COMPOUND_WEIGHT = 0.5
COMPOUND_HEAD = 3
# Re-ranking: how many of the engine's best are re-ordered by meaning, and the
# engine's share of the mixed score (chosen on bench/search_eval's tuning split).
RERANK_DEPTH = 30
RERANK_LEXICAL = 0.3


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


class TantivyBackend:
    """Reads this host's Tantivy index; reopens it when the indexer moves it on.

    Before each search a read of `state.json` tells whether the indexer has
    applied something since (then the reader reloads) or switched to a rebuilt
    generation (then it opens that one). Nothing is loaded up front. With
    re-ranking on, the engine's best `RERANK_DEPTH` candidates are re-ordered
    by meaning (`channels.search.vectors`).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen: bytes | None = None
        self._generation: str | None = None
        self._index: tantivy.Index | None = None

    def _current(self) -> tantivy.Index | None:
        root = index_dir()
        try:
            # A few hundred bytes: cheaper to compare than to trust file times,
            # whose resolution can hide two quick passes.
            seen = (root / STATE).read_bytes()
        except FileNotFoundError:
            return None  # no index on this host yet: its indexer has not run
        if seen != self._seen:
            with self._lock:
                if seen != self._seen:
                    self._reopen(root, seen)
        return self._index

    def _reopen(self, root: Path, seen: bytes) -> None:
        state = read_state(root)
        if state is None:
            return
        if state.generation != self._generation or self._index is None:
            self._index = open_index(root / state.generation)
            self._generation = state.generation
        else:
            self._index.reload()
        self._seen = seen

    def search(self, query: str, languages: list[str], limit: int) -> list[Hit]:
        index = self._current()
        if index is None or limit < 1:
            return []
        searcher = index.searcher()
        depth = max(limit, RERANK_DEPTH) if vectors.enabled() else limit
        best: dict[int, Candidate] = {}
        for position, language in enumerate(languages):
            asked = question(query, language)
            if not asked.weights:
                continue
            built = _query(searcher, asked, language)
            if built is None:
                continue
            factor = 1.0 if position == 0 else FALLBACK_FACTOR
            for score, address in searcher.search(built, depth, count=False).hits:
                doc = searcher.doc(address)
                entry_id = doc["entry"][0]
                if entry_id in best and best[entry_id].score >= score * factor:
                    continue
                best[entry_id] = Candidate(
                    entry_id,
                    language,
                    score * factor,
                    factor,
                    _coverage(asked, set(doc["terms"][0].split())),
                    (doc.get_first("vector") if vectors.enabled() else None),
                )
        candidates = sorted(best.values(), key=lambda c: (-c.score, c.entry_id))[:depth]
        scores = _reranked(query, candidates) if vectors.enabled() else None
        hits = [
            Hit(c.entry_id, c.language, round(s, 4), round(c.coverage, 3))
            for c, s in zip(candidates, scores or [c.score for c in candidates], strict=True)
        ]
        return sorted(hits, key=lambda hit: (-hit.score, hit.entry_id))[:limit]


@dataclass(frozen=True)
class Candidate:
    entry_id: int
    language: str
    score: float
    factor: float
    coverage: float
    vector: bytes | None


def _spread(values: np.ndarray) -> np.ndarray:
    """Min-max to 0..1 (all equal: all 1), so two kinds of score can be mixed."""
    low, high = float(values.min()), float(values.max())
    if high - low < 1e-9:
        return np.ones_like(values)
    return (values - low) / (high - low)


def _reranked(query: str, candidates: list[Candidate]) -> list[float] | None:
    """Scores mixing the engine's with the meaning's (the question's closeness to the
    answer and its translations, `vectors.across_translations`).

    Both are spread to 0..1 over the candidates, then mixed with
    `RERANK_LEXICAL` for the engine's; an answer from a fallback language keeps
    its penalty. So scores run from about 0 to 1 within one answer list (a lone
    candidate scores 1): they order it, `coverage` says how good it is. None
    (keep the engine's scores) when a candidate has no vector.
    """
    if not candidates or any(c.vector is None for c in candidates):
        return None
    asked = vectors.embed_query(query)
    meaning = np.array([float(vectors.unpack(c.vector) @ asked) for c in candidates])
    lexical = np.array([c.score for c in candidates])
    mixed = RERANK_LEXICAL * _spread(lexical) + (1 - RERANK_LEXICAL) * _spread(meaning)
    # Never zero: a score of 0 would read as "nothing matched".
    return [float(m * c.factor) + 0.001 for m, c in zip(mixed, candidates, strict=True)]


def _typo_distance(term: str) -> int:
    return 2 if len(term) >= 8 else 1


def _query(searcher: tantivy.Searcher, asked: Question, language: str) -> tantivy.Query | None:
    Query, Occur = tantivy.Query, tantivy.Occur
    index_schema = schema()
    clauses: list[tuple[tantivy.Occur, tantivy.Query]] = []
    known: set[str] = set()
    looked_for = [*asked.weights.items(), *((t, SYNONYM_WEIGHT) for t in asked.synonyms)]

    def look_for(term: str, weight: float) -> None:
        known.add(term)
        for name, boost in FIELD_BOOST.items():
            clause = Query.term_query(index_schema, name, term)
            clauses.append((Occur.Should, Query.boost_query(clause, weight * boost)))

    for term, weight in looked_for:
        if searcher.doc_freq("terms", term):
            look_for(term, weight)
        elif language == "fi" and (tail := _compound_tail(searcher, term)):
            look_for(tail, weight * COMPOUND_WEIGHT)
        elif is_typo_candidate(term):
            for near in _near(searcher, term):
                look_for(near, weight * TYPO_WEIGHT)
    if not clauses:
        return None
    for first, second in asked.pairs:
        if first in known and second in known:
            for name, boost in FIELD_BOOST.items():
                phrase = Query.phrase_query(index_schema, name, [first, second], PHRASE_SLOP)
                clauses.append((Occur.Should, Query.boost_query(phrase, PHRASE_BOOST * boost)))
    in_language = Query.boost_query(Query.term_query(index_schema, "language", language), 0.0)
    return Query.boolean_query(
        [(Occur.Must, in_language), (Occur.Must, Query.boolean_query(clauses))]
    )


def _compound_tail(searcher: tantivy.Searcher, term: str) -> str | None:
    """The last word of a Finnish compound the index does not know, as a prefix term.

    Finnish joins words ("tuplaveloitus", "hyvityssaldo", "oletuskortti"); a
    compound no text uses can still mean what its last word means. The
    longest tail of at least `PREFIX` letters, after a head of at least
    `COMPOUND_HEAD`, whose first letters are a known prefix term wins.
    """
    if term.startswith("^") or len(term) < COMPOUND_HEAD + PREFIX:
        return None
    for start in range(COMPOUND_HEAD, len(term) - PREFIX + 1):
        tail = prefix_term(term[start:])
        if searcher.doc_freq("terms", tail):
            return tail
    return None


def _near(searcher: tantivy.Searcher, term: str) -> list[str]:
    """Known words within a small edit distance of `term` (a swap counts as one).

    Candidates are the most frequent words sharing its first letter, read from
    the engine's term dictionary; a mistake in the first letter is not
    forgiven. (The engine's own fuzzy query walks the whole dictionary: about
    0.4 s a word at 50,000 entries in four languages.)
    """
    distance = _typo_distance(term)
    candidates = [
        word
        for word, _count in searcher.terms_with_prefix("terms", term[0], limit=TYPO_VOCABULARY)
        if abs(len(word) - len(term)) <= distance and not word.startswith("^")
    ]
    found = process.extract(
        term, candidates, scorer=OSA.distance, score_cutoff=distance, limit=TYPO_MATCHES
    )
    return [word for word, _distance, _index in found]


def _coverage(asked: Question, found: set[str]) -> float:
    total = sum(asked.weights.values()) or 1.0
    matched = 0.0
    # A synonym found stands for the words of the phrase it was asked as.
    said = {t for term, phrase in asked.synonyms.items() if term in found for t in phrase}
    for term, weight in asked.weights.items():
        if term in found or term in said:
            matched += weight
        elif is_typo_candidate(term):
            near = process.extractOne(
                term,
                [t for t in found if abs(len(t) - len(term)) <= _typo_distance(term)],
                scorer=OSA.distance,
                score_cutoff=_typo_distance(term),
            )
            if near is not None:
                matched += weight
    return matched / total


@lru_cache(maxsize=1)
def get_backend() -> SearchBackend:
    """The configured backend, one per process."""
    return import_string(settings.PARLEY_SEARCH_BACKEND)()
