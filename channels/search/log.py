"""The search log's buffer: searches are counted in the cache and written in batches.

A search costs no database write. `record` adds to counters in the cache
(`CACHES["search_log"]`: the same Redis as the default cache in production,
this process's memory in the embedded setup); `flush`, a periodic job
(`channels.tasks.flush_search_log`, `manage.py run_due_jobs`), adds them to the
`SearchQuery` rows, so the admin's counts trail the searches by at most one job
interval (`PARLEY_SEARCH_LOG_FLUSH_SECONDS`).

Why no count is lost or counted twice, with many web processes and flushers:
- Counters belong to a time slot (a minute). A question's first search in a slot
  appends it to the slot's index (a `size` counter, then one key per position)
  *before* creating its counter, so there is never a counter the flusher cannot
  find. A question indexed twice (two first searches at once) is harmless.
- Counters only change by atomic increments. The flusher reads a counter's value
  v and takes it by decrementing it by v, never by deleting or setting it: a
  search counted between the read and the decrement stays in the counter for the
  next flush. Should two flushers overlap, the one whose decrement goes below
  zero keeps only what was there and gives the rest back.
- The open slot is flushed like the others. A slot's keys are deleted only after
  a last flush once it has been closed for `GRACE_SLOTS` slots, when no request
  can still be writing to it (a request reads the clock just before it counts).
- Counts taken from the cache are given back when the database write fails.
- When the cache cannot be reached, a search is written to the database
  directly, as it was before the buffer: only the part the cache did not take.
"""

import hashlib
import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, NamedTuple

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.db import transaction
from django.db.models import DateTimeField, F, Value
from django.db.models.functions import Least

from channels.models import Channel, SearchQuery
from knowledge.models import Entry

logger = logging.getLogger(__name__)

CACHE = "search_log"
PREFIX = "searchlog"
SLOT_SECONDS = 60
# A slot is deleted once it has been closed this many slots: far longer than a
# request takes from reading the clock to counting (Redis calls time out in 0.5 s).
GRACE_SLOTS = 5
# Questions per database batch (and per cache read).
BATCH = 500
MAX_QUESTION = 200


class Question(NamedTuple):
    """One row of the log: a normalised question on a channel, in a language."""

    channel_id: int
    language: str
    query: str


@dataclass
class Tally:
    """Searches of one question waiting to be written, and how the last one went."""

    searches: int = 0
    misses: int = 0
    top: tuple[int | None, float | None, float] | None = None  # entry, score, when
    first: float | None = None  # when it was first asked, in these counts


class CacheUnusable(Exception):
    """The cache did not keep a count."""


def record(
    *,
    channel_id: int,
    language: str,
    query: str,
    miss: bool,
    top_entry_id: int | None,
    top_score: float | None,
    now: float | None = None,
) -> None:
    """Count one search of `query` (normalised) on a channel in a language.

    `miss`: nothing answered it well enough. `top_entry_id`, `top_score`: the
    best answer served, if any. The count waits in the cache for `flush`; when
    the cache cannot take it, it is written to the database now.
    """
    now = time.time() if now is None else now
    question = Question(channel_id, language, query[:MAX_QUESTION])
    left = Tally(searches=1, misses=int(miss), top=(top_entry_id, top_score, now), first=now)
    try:
        _count(question, left, now)
    except Exception:  # any cache failure: the database takes what the cache did not
        logger.warning("Search log cache unavailable; writing the search directly.", exc_info=True)
        if left.searches or left.misses:
            _write({question: left})


def flush(*, now: float | None = None) -> int:
    """Add every count waiting in the cache to the `SearchQuery` rows, in batches.

    Rows are created for new questions; searches and misses are added with F()
    expressions, so concurrent writers add up. Returns the number of searches
    written. Counts of a channel deleted since are dropped with it.
    """
    now = time.time() if now is None else now
    store = _store()
    current = _slot(now)
    # Keys outlive their slot by `_keep_seconds()` at most: older slots are empty.
    slots = range(current - _keep_seconds() // SLOT_SECONDS, current + 1)
    sizes = store.get_many([_slot_key(slot, "size") for slot in slots])
    written = 0
    for slot in slots:
        size = sizes.get(_slot_key(slot, "size"))
        if not size:
            continue
        positions = [_slot_key(slot, f"at:{i}") for i in range(1, size + 1)]
        complete = True  # every position read: only then may the slot be deleted
        spent = [_slot_key(slot, "size"), *positions]
        for start in range(0, size, BATCH):
            chunk = positions[start : start + BATCH]
            indexed = store.get_many(chunk)
            complete = complete and len(indexed) == len(chunk)
            count, keys = _flush_batch(store, slot, list(indexed.values()))
            written += count
            spent += keys
        if complete and slot < current - GRACE_SLOTS:
            store.delete_many(spent)
    return written


# --- counting ---------------------------------------------------------------------------


def _count(question: Question, left: Tally, now: float) -> None:
    """Add one search to the cache; `left` keeps what has not landed yet."""
    store, slot, keep = _store(), _slot(now), _keep_seconds()
    searches = _question_key(slot, question, "searches")
    if _increment(store, searches) is None:
        # First search of the question in this slot: index it before its counter exists.
        position = _increment_or_create(store, _slot_key(slot, "size"), keep)
        if not store.add(_slot_key(slot, f"at:{position}"), [*question, now], keep):
            raise CacheUnusable(f"Search log position {position} of slot {slot} is taken.")
        _increment_or_create(store, searches, keep)
    left.searches = 0
    if left.misses:
        _increment_or_create(store, _question_key(slot, question, "misses"), keep)
        left.misses = 0
    store.set(_question_key(slot, question, "top"), left.top, keep)


def _increment(store: BaseCache, key: str, delta: int = 1) -> int | None:
    """The counter after adding `delta`; None when there is no such counter."""
    try:
        return store.incr(key, delta)
    except ValueError:
        return None


def _increment_or_create(store: BaseCache, key: str, keep: int, delta: int = 1) -> int:
    value = _increment(store, key, delta)
    if value is not None:
        return value
    if store.add(key, delta, keep):
        return delta
    value = _increment(store, key, delta)  # another process created it meanwhile
    if value is None:
        raise CacheUnusable(f"Search log counter {key} could not be created.")
    return value


# --- flushing ---------------------------------------------------------------------------


def _flush_batch(store: BaseCache, slot: int, indexed: list[Any]) -> tuple[int, list[str]]:
    """Take the counts of the questions in `indexed` (one slot) and write them.

    Returns the searches written and the cache keys of these questions.
    """
    first: dict[Question, float] = {}
    for channel_id, language, query, when in indexed:
        question = Question(channel_id, language, query)
        first[question] = min(when, first.get(question, when))
    keys = {
        question: {name: _question_key(slot, question, name) for name in _NAMES}
        for question in first
    }
    values = store.get_many([key for names in keys.values() for key in names.values()])
    taken: list[tuple[str, int]] = []
    try:
        tallies = {}
        for question, names in keys.items():
            tally = Tally(top=values.get(names["top"]), first=first[question])
            tally.searches = _take(store, names["searches"], values.get(names["searches"]), taken)
            tally.misses = _take(store, names["misses"], values.get(names["misses"]), taken)
            if tally.searches or tally.misses:
                tallies[question] = tally
        written = _write(tallies)
    except Exception:
        _give_back(store, taken)
        raise
    return written, [key for names in keys.values() for key in names.values()]


_NAMES = ("searches", "misses", "top")


def _take(store: BaseCache, key: str, seen: Any, taken: list[tuple[str, int]]) -> int:
    """Take `seen` from the counter `key` by decrementing it; what was taken.

    What was counted since the read stays in the counter. Were another flusher
    taking it too, the decrement goes below zero: keep only what was there.
    """
    if not isinstance(seen, int) or seen <= 0:
        return 0
    after = _increment(store, key, -seen)
    if after is None:  # expired since the read
        return 0
    took = min(max(after + seen, 0), seen)
    if took:
        taken.append((key, took))
    if took < seen:
        _increment(store, key, seen - took)
    return took


def _give_back(store: BaseCache, taken: list[tuple[str, int]]) -> None:
    """Return taken counts to their counters, for the next flush (the write failed)."""
    for key, count in taken:
        try:
            _increment_or_create(store, key, _keep_seconds(), count)
        except Exception:
            logger.error("Search log: %s search(es) in %s are lost.", count, key, exc_info=True)


def _write(tallies: dict[Question, Tally]) -> int:
    """Add `tallies` to their rows (created when missing); the searches written."""
    if not tallies:
        return 0
    live = set(
        Channel.objects.filter(pk__in={q.channel_id for q in tallies}).values_list("pk", flat=True)
    )
    tallies = {q: tally for q, tally in sorted(tallies.items()) if q.channel_id in live}
    if not tallies:
        return 0
    tops = {tally.top[0] for tally in tallies.values() if tally.top and tally.top[0]}
    entries = set(Entry.objects.filter(pk__in=tops).values_list("pk", flat=True))
    with transaction.atomic():
        SearchQuery.objects.bulk_create(
            [SearchQuery(channel_id=c, language=lang, query=text) for c, lang, text in tallies],
            ignore_conflicts=True,
            batch_size=BATCH,
        )
        rows = SearchQuery.objects.filter(
            channel_id__in={q.channel_id for q in tallies},
            language__in={q.language for q in tallies},
            query__in={q.query for q in tallies},
        ).only("channel_id", "language", "query", "searches", "last_seen")
        changed = []
        for row in rows:
            tally = tallies.get(Question(row.channel_id, row.language, row.query))
            if tally is None:
                continue
            _add(row, tally, entries)
            changed.append(row)
        SearchQuery.objects.bulk_update(changed, _FIELDS, batch_size=BATCH)
    return sum(tally.searches for tally in tallies.values())


_FIELDS = ["searches", "misses", "first_seen", "last_seen", "last_top_entry", "last_top_score"]


def _add(row: SearchQuery, tally: Tally, entries: set[int]) -> None:
    """Set `row` up for `bulk_update`: counts added, the last search's outcome if newer."""
    # A row with no search yet was just created: its `last_seen` is its creation time.
    new = row.searches == 0
    row.searches = F("searches") + tally.searches
    row.misses = F("misses") + tally.misses
    row.first_seen = F("first_seen")
    if tally.first is not None:
        row.first_seen = Least(F("first_seen"), Value(_when(tally.first), DateTimeField()))
    entry_id, score, when = tally.top if tally.top else (None, None, None)
    if when is not None and (new or row.last_seen <= _when(when)):
        row.last_top_entry_id = entry_id if entry_id in entries else None
        row.last_top_score = score
        row.last_seen = _when(when)
    else:  # counts from before the last search written (a late or direct one)
        row.last_top_entry_id = F("last_top_entry_id")
        row.last_top_score = F("last_top_score")
        row.last_seen = F("last_seen")


# --- keys -------------------------------------------------------------------------------


def _store() -> BaseCache:
    return caches[CACHE]


def _keep_seconds() -> int:
    """How long keys live in the cache: long enough to outlast a stalled flush job."""
    return int(max(24 * 60 * 60, 10 * settings.PARLEY_SEARCH_LOG_FLUSH_SECONDS))


def _slot(now: float) -> int:
    return int(now // SLOT_SECONDS)


def _slot_key(slot: int, name: str) -> str:
    return f"{PREFIX}:{slot}:{name}"


def _question_key(slot: int, question: Question, name: str) -> str:
    digest = hashlib.blake2b("\0".join(map(str, question)).encode(), digest_size=16).hexdigest()
    return f"{PREFIX}:{slot}:{digest}:{name}"


def _when(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, tz=UTC)
