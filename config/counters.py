"""Counts kept in a shared cache and written to the database in batches by a periodic job.

An event (a search, an answer served) costs a few cache operations and no
database write; `CacheCounters.flush` takes what was counted and hands it to a
writer. Used by the search log and by the count of answers served.

Why no count is lost or counted twice, with many web processes and flushers:
- Counters belong to a time slot (a minute). An item's first count in a slot
  appends it to the slot's index (a `size` counter, then one key per position)
  *before* creating its counter, so there is never a counter the flusher cannot
  find. An item indexed twice (two first counts at once) is harmless.
- Counters only change by atomic increments. The flusher reads a counter's value
  v and takes it by decrementing it by v, never by deleting or setting it: a
  count added between the read and the decrement stays for the next flush.
  Should two flushers overlap, the one whose decrement goes below zero keeps
  only what was there and gives the rest back.
- The open slot is flushed like the others. A slot's keys are deleted only after
  a last flush once it has been closed for `GRACE_SLOTS` slots, when no request
  can still be writing to it (a request reads the clock just before it counts).
- Counts taken from the cache are given back when the database write fails.
- When the cache cannot be reached, `count` raises and says what it did not
  take, so the caller can write that part directly.
"""

import hashlib
import logging
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import caches
from django.core.cache.backends.base import BaseCache

logger = logging.getLogger(__name__)

SLOT_SECONDS = 60
# A slot is deleted once it has been closed this many slots: far longer than a
# request takes from reading the clock to counting (Redis calls time out in 0.5 s).
GRACE_SLOTS = 5
# Items per database batch (and per cache read).
BATCH = 500


class CacheUnusable(Exception):
    """The cache did not keep a count."""


@dataclass
class Tally:
    """Counts of one item waiting to be written, its latest `extra`, and when it was first
    counted (in these counts)."""

    counts: dict[str, int] = field(default_factory=dict)
    extra: Any = None
    first: float | None = None


Writer = Callable[[dict[Any, Tally]], int]


class CacheCounters:
    """Named counters per item (a tuple of str/int), by minute slot, in cache `alias`.

    `extra`: the name of one value kept beside the counters (the last one set wins),
    e.g. how the latest search went.
    """

    def __init__(
        self,
        *,
        alias: str,
        prefix: str,
        names: tuple[str, ...],
        keep_seconds: Callable[[], int],
        extra: str | None = None,
        item: Callable[..., Hashable] = tuple,
    ) -> None:
        self.alias, self.prefix, self.names = alias, prefix, names
        self.keep_seconds, self.extra, self.item = keep_seconds, extra, item

    # --- counting ---------------------------------------------------------------------

    def count(self, item: tuple, left: dict[str, int], *, extra: Any = None, now: float) -> None:
        """Add `left` (name -> count) to `item`'s counters; each count that lands is
        zeroed in `left`, so after an exception it holds what the cache did not take."""
        store, slot, keep = self.store(), self.slot(now), self.keep_seconds()
        first_name = self.names[0]
        counter = self.item_key(slot, item, first_name)
        if self._increment(store, counter, left.get(first_name, 0) or 0) is None:
            # First count of the item in this slot: index it before its counter exists.
            position = self._increment_or_create(store, self.slot_key(slot, "size"), keep)
            if not store.add(self.slot_key(slot, f"at:{position}"), [*item, now], keep):
                raise CacheUnusable(f"{self.prefix} position {position} of slot {slot} is taken.")
            self._increment_or_create(store, counter, keep, left.get(first_name, 0) or 0)
        left[first_name] = 0
        for name in self.names[1:]:
            if left.get(name):
                self._increment_or_create(store, self.item_key(slot, item, name), keep, left[name])
                left[name] = 0
        if self.extra is not None:
            store.set(self.item_key(slot, item, self.extra), extra, keep)

    # --- flushing ---------------------------------------------------------------------

    def flush(self, write: Writer, *, now: float) -> int:
        """Hand every count waiting in the cache to `write` in batches; what it returns,
        summed. `write` gets {item: Tally}; a failing write gives the counts back."""
        store = self.store()
        current = self.slot(now)
        # Keys outlive their slot by `keep_seconds()` at most: older slots are empty.
        slots = range(current - self.keep_seconds() // SLOT_SECONDS, current + 1)
        sizes = store.get_many([self.slot_key(slot, "size") for slot in slots])
        written = 0
        for slot in slots:
            size = sizes.get(self.slot_key(slot, "size"))
            if not size:
                continue
            positions = [self.slot_key(slot, f"at:{i}") for i in range(1, size + 1)]
            complete = True  # every position read: only then may the slot be deleted
            spent = [self.slot_key(slot, "size"), *positions]
            for start in range(0, size, BATCH):
                chunk = positions[start : start + BATCH]
                indexed = store.get_many(chunk)
                complete = complete and len(indexed) == len(chunk)
                count, keys = self._flush_batch(store, slot, list(indexed.values()), write)
                written += count
                spent += keys
            if complete and slot < current - GRACE_SLOTS:
                store.delete_many(spent)
        return written

    def _flush_batch(
        self, store: BaseCache, slot: int, indexed: list[Any], write: Writer
    ) -> tuple[int, list[str]]:
        """Take the counts of the items in `indexed` (one slot) and write them.

        Returns what `write` returned and the cache keys of these items.
        """
        first: dict[Any, float] = {}
        for *parts, when in indexed:
            item = self.item(*parts)
            first[item] = min(when, first.get(item, when))
        names = (*self.names, *((self.extra,) if self.extra else ()))
        keys = {item: {name: self.item_key(slot, item, name) for name in names} for item in first}
        values = store.get_many([key for named in keys.values() for key in named.values()])
        taken: list[tuple[str, int]] = []
        try:
            tallies = {}
            for item, named in keys.items():
                tally = Tally(first=first[item])
                if self.extra:
                    tally.extra = values.get(named[self.extra])
                for name in self.names:
                    tally.counts[name] = self._take(
                        store, named[name], values.get(named[name]), taken
                    )
                if any(tally.counts.values()):
                    tallies[item] = tally
            written = write(tallies) if tallies else 0
        except Exception:
            self._give_back(store, taken)
            raise
        return written, [key for named in keys.values() for key in named.values()]

    def _take(self, store: BaseCache, key: str, seen: Any, taken: list[tuple[str, int]]) -> int:
        """Take `seen` from the counter `key` by decrementing it; what was taken.

        What was counted since the read stays in the counter. Were another flusher
        taking it too, the decrement goes below zero: keep only what was there.
        """
        if not isinstance(seen, int) or seen <= 0:
            return 0
        after = self._increment(store, key, -seen)
        if after is None:  # expired since the read
            return 0
        took = min(max(after + seen, 0), seen)
        if took:
            taken.append((key, took))
        if took < seen:
            self._increment(store, key, seen - took)
        return took

    def _give_back(self, store: BaseCache, taken: list[tuple[str, int]]) -> None:
        """Return taken counts to their counters, for the next flush (the write failed)."""
        for key, count in taken:
            try:
                self._increment_or_create(store, key, self.keep_seconds(), count)
            except Exception:
                logger.error(
                    "%s: %s count(s) in %s are lost.", self.prefix, count, key, exc_info=True
                )

    # --- cache operations and keys ----------------------------------------------------

    @staticmethod
    def _increment(store: BaseCache, key: str, delta: int = 1) -> int | None:
        """The counter after adding `delta`; None when there is no such counter."""
        try:
            return store.incr(key, delta)
        except ValueError:
            return None

    def _increment_or_create(self, store: BaseCache, key: str, keep: int, delta: int = 1) -> int:
        value = self._increment(store, key, delta)
        if value is not None:
            return value
        if store.add(key, delta, keep):
            return delta
        value = self._increment(store, key, delta)  # another process created it meanwhile
        if value is None:
            raise CacheUnusable(f"{self.prefix} counter {key} could not be created.")
        return value

    def store(self) -> BaseCache:
        return caches[self.alias]

    @staticmethod
    def slot(now: float) -> int:
        return int(now // SLOT_SECONDS)

    def slot_key(self, slot: int, name: str) -> str:
        return f"{self.prefix}:{slot}:{name}"

    def item_key(self, slot: int, item: tuple, name: str) -> str:
        digest = hashlib.blake2b("\0".join(map(str, item)).encode(), digest_size=16).hexdigest()
        return f"{self.prefix}:{slot}:{digest}:{name}"
