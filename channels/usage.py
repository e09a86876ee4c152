"""Answers served: counted per version × channel × language × day, no database write per request.

A delivery response adds one to this process's tally (a dictionary under a lock:
well under a microsecond). At most every `PUSH_SECONDS` the request that notices
moves the tally to the shared cache counters (`config.counters`: one increment
per distinct answer, not per request), and the periodic job `flush` (beat,
`manage.py run_due_jobs`) writes `ServedCount` rows from there. What a process
tallied in its last second is lost if it is killed; when the cache cannot be
reached, the push writes to the database directly.

Counted: an answer read (`GET answers/<key>/`, also 304 Not Modified: the
channel showed it) and rendered (`POST .../render/`). Lists, searches and the
changes feed are not: they are not an answer shown to a customer.
"""

import logging
import re
import threading
import time
from collections import Counter
from datetime import date
from typing import NamedTuple

from django.conf import settings
from django.db import transaction
from django.db.models import F

from channels import analytics
from channels.models import Channel, ServedCount
from config.counters import BATCH, CacheCounters, Tally
from knowledge.models import Version

logger = logging.getLogger(__name__)

PUSH_SECONDS = 1.0
# Days since 1970-01-01 to a date: date.fromordinal(EPOCH_ORDINAL + day).
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
# The top-level "version" of an answer body (our own compact JSON: a quote inside a
# string is escaped, so `"version":` unescaped is only ever a key).
VERSION = re.compile(rb'"version":(\d{1,18})[,}]')


class Served(NamedTuple):
    channel_id: int
    language: str
    version_id: int
    day: int  # UTC days since 1970-01-01


def _keep_seconds() -> int:
    return int(max(24 * 60 * 60, 10 * settings.PARLEY_USAGE_FLUSH_SECONDS))


COUNTERS = CacheCounters(
    alias="counters",
    prefix="served",
    names=("served",),
    keep_seconds=_keep_seconds,
    item=Served,
)

_lock = threading.Lock()
_tally: Counter[Served] = Counter()
_pushed = time.monotonic()


def served(channel_id: int, language: str, body: bytes, *, now: float | None = None) -> None:
    """Count one answer served on a channel: `body` is its JSON, `language` the one served."""
    global _pushed
    if not settings.PARLEY_COUNT_SERVED:
        return
    match = VERSION.search(body)
    if match is None:
        return
    now = time.time() if now is None else now
    item = Served(channel_id, language, int(match.group(1)), int(now // 86400))
    with _lock:
        _tally[item] += 1
        due = time.monotonic() - _pushed >= PUSH_SECONDS
    if due:
        push(now=now)


def push(*, now: float | None = None) -> int:
    """Move this process's tally to the cache counters; the answers moved."""
    global _pushed
    now = time.time() if now is None else now
    with _lock:
        taken = dict(_tally)
        _tally.clear()
        _pushed = time.monotonic()
    left: dict[Served, Tally] = {}
    for item, count in taken.items():
        counts = {"served": count}
        try:
            COUNTERS.count(item, counts, now=now)
        except Exception:  # any cache failure: the database takes what the cache did not
            logger.warning("Counters cache unavailable; writing served counts.", exc_info=True)
            if counts["served"]:
                left[item] = Tally(counts=counts)
    if left:
        _write(left)
    return sum(taken.values())


def flush(*, now: float | None = None) -> int:
    """Write every count waiting (this process's, then the cache's) to `ServedCount`."""
    now = time.time() if now is None else now
    push(now=now)
    return COUNTERS.flush(_write, now=now)


def _write(tallies: dict[Served, Tally]) -> int:
    """Add `tallies` to their rows (created when missing); the answers written.

    Counts of a version or channel deleted since are dropped with it."""
    entries = dict(
        Version.objects.filter(pk__in={s.version_id for s in tallies}).values_list(
            "pk", "variant__entry_id"
        )
    )
    channels = set(
        Channel.objects.filter(pk__in={s.channel_id for s in tallies}).values_list("pk", flat=True)
    )
    counts = {
        item: tally.counts.get("served", 0)
        for item, tally in sorted(tallies.items())
        if item.version_id in entries and item.channel_id in channels
    }
    if not counts:
        return 0
    with transaction.atomic():
        ServedCount.objects.bulk_create(
            [
                ServedCount(
                    entry_id=entries[item.version_id],
                    channel_id=item.channel_id,
                    language=item.language,
                    version_id=item.version_id,
                    day=date.fromordinal(EPOCH_ORDINAL + item.day),
                )
                for item in counts
            ],
            ignore_conflicts=True,
            batch_size=BATCH,
        )
        rows = ServedCount.objects.filter(
            version_id__in={item.version_id for item in counts},
            channel_id__in={item.channel_id for item in counts},
            # Only the days flushed, not every day these versions were ever served.
            day__in={date.fromordinal(EPOCH_ORDINAL + item.day) for item in counts},
        ).only("version_id", "channel_id", "language", "day")
        changed = []
        for row in rows:
            day = row.day.toordinal() - EPOCH_ORDINAL
            count = counts.get(Served(row.channel_id, row.language, row.version_id, day))
            if count:
                row.count = F("count") + count
                changed.append(row)
        ServedCount.objects.bulk_update(changed, ["count"], batch_size=BATCH)
        per_answer: dict[tuple[int, int, str], int] = {}
        for item, count in counts.items():
            answer = (entries[item.version_id], item.channel_id, item.language)
            per_answer[answer] = per_answer.get(answer, 0) + count
        analytics.add_served_to_totals(per_answer)
    return sum(counts.values())
