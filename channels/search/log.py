"""The search log's buffer: searches are counted in the cache and written in batches.

A search costs no database write. `record` adds to counters in the cache
(`CACHES["counters"]`: the same Redis as the default cache in production,
this process's memory in the embedded setup); `flush`, a periodic job
(`channels.tasks.flush_search_log`, `manage.py run_due_jobs`), adds them to the
`SearchQuery` rows, so the admin's counts trail the searches by at most one job
interval (`PARLEY_SEARCH_LOG_FLUSH_SECONDS`).

How counts stay exact with many web processes and flushers, and what happens
when the cache cannot be reached: `config.counters`.
"""

import logging
import time
from datetime import UTC, datetime
from typing import NamedTuple

from django.conf import settings
from django.db import transaction
from django.db.models import DateTimeField, F, Value
from django.db.models.functions import Least

from channels.models import Channel, SearchQuery
from config.counters import BATCH, CacheCounters, Tally
from knowledge.models import Entry

logger = logging.getLogger(__name__)

MAX_QUESTION = 200


class Question(NamedTuple):
    """One row of the log: a normalised question on a channel, in a language."""

    channel_id: int
    language: str
    query: str


def _keep_seconds() -> int:
    """How long keys live in the cache: long enough to outlast a stalled flush job."""
    return int(max(24 * 60 * 60, 10 * settings.PARLEY_SEARCH_LOG_FLUSH_SECONDS))


COUNTERS = CacheCounters(
    alias="counters",
    prefix="searchlog",
    names=("searches", "misses"),
    extra="top",
    keep_seconds=_keep_seconds,
    item=Question,
)


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
    top = (top_entry_id, top_score, now)
    left = {"searches": 1, "misses": int(miss)}
    try:
        COUNTERS.count(question, left, extra=top, now=now)
    except Exception:  # any cache failure: the database takes what the cache did not
        logger.warning("Search log cache unavailable; writing the search directly.", exc_info=True)
        if any(left.values()):
            _write({question: Tally(counts=left, extra=top, first=now)})


def flush(*, now: float | None = None) -> int:
    """Add every count waiting in the cache to the `SearchQuery` rows, in batches.

    Rows are created for new questions; searches and misses are added with F()
    expressions, so concurrent writers add up. Returns the number of searches
    written. Counts of a channel deleted since are dropped with it.
    """
    now = time.time() if now is None else now
    return COUNTERS.flush(_write, now=now)


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
    tops = {tally.extra[0] for tally in tallies.values() if tally.extra and tally.extra[0]}
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
    return sum(tally.counts.get("searches", 0) for tally in tallies.values())


_FIELDS = ["searches", "misses", "first_seen", "last_seen", "last_top_entry", "last_top_score"]


def _add(row: SearchQuery, tally: Tally, entries: set[int]) -> None:
    """Set `row` up for `bulk_update`: counts added, the last search's outcome if newer."""
    # A row with no search yet was just created: its `last_seen` is its creation time.
    new = row.searches == 0
    row.searches = F("searches") + tally.counts.get("searches", 0)
    row.misses = F("misses") + tally.counts.get("misses", 0)
    row.first_seen = F("first_seen")
    if tally.first is not None:
        row.first_seen = Least(F("first_seen"), Value(_when(tally.first), DateTimeField()))
    entry_id, score, when = tally.extra if tally.extra else (None, None, None)
    if when is not None and (new or row.last_seen <= _when(when)):
        row.last_top_entry_id = entry_id if entry_id in entries else None
        row.last_top_score = score
        row.last_seen = _when(when)
    else:  # counts from before the last search written (a late or direct one)
        row.last_top_entry_id = F("last_top_entry_id")
        row.last_top_score = F("last_top_score")
        row.last_seen = F("last_seen")


def _when(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, tz=UTC)
