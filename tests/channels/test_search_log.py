"""The search log's buffer: a search costs no database write; the flush job adds the counts."""

import io
import threading
import time
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError

from channels.models import SearchQuery
from channels.search import log as search_log
from config.counters import GRACE_SLOTS, SLOT_SECONDS
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/delivery/chat/search/"


def record(channel, query: str, *, miss: bool = False, top=None, now: float | None = None):
    search_log.record(
        channel_id=channel.pk,
        language="en",
        query=query,
        miss=miss,
        top_entry_id=top.pk if top else None,
        top_score=1.5 if top else None,
        now=now,
    )


def counts() -> dict[str, tuple[int, int]]:
    return {row.query: (row.searches, row.misses) for row in SearchQuery.objects.all()}


def search_log_writes(queries: list[dict]) -> list[str]:
    table = SearchQuery._meta.db_table
    return [
        q["sql"]
        for q in queries
        if table in q["sql"] and q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))
    ]


def test_a_search_request_writes_nothing_to_the_search_log_until_the_flush(chat_client, refund):
    with CaptureQueriesContext(connection) as captured:
        for _ in range(3):
            assert chat_client.get(URL, {"q": "Refund  TIME", "lang": "en"}).status_code == 200
    assert search_log_writes(captured.captured_queries) == []
    assert not SearchQuery.objects.exists()

    assert search_log.flush() == 3
    row = SearchQuery.objects.get()
    assert (row.channel.slug, row.language, row.query, row.searches) == (
        "chat",
        "en",
        "refund time",
        3,
    )
    assert search_log.flush() == 0  # taken once
    assert counts() == {"refund time": (3, row.misses)}


def test_flush_adds_counts_and_the_last_searchs_outcome(channels, refund):
    chat, entry = channels["chat"], refund["entry"]
    start = time.time()
    record(chat, "refund time", top=entry, now=start)
    record(chat, "refund time", top=entry, now=start + 1)
    record(chat, "parrot cage sizes", miss=True, now=start + 2)
    assert search_log.flush(now=start + 3) == 3
    assert counts() == {"refund time": (2, 0), "parrot cage sizes": (1, 1)}
    hit = SearchQuery.objects.get(query="refund time")
    assert (hit.last_top_entry, hit.last_top_score) == (entry, 1.5)
    assert hit.last_seen.timestamp() == pytest.approx(start + 1)
    assert hit.first_seen.timestamp() == pytest.approx(start)

    # The next searches add to the same rows; the last outcome follows the last search.
    record(chat, "refund time", miss=True, now=start + 70)
    assert search_log.flush(now=start + 71) == 1
    hit.refresh_from_db()
    assert (hit.searches, hit.misses, hit.last_top_entry) == (3, 1, None)
    assert hit.last_seen.timestamp() == pytest.approx(start + 70)
    assert hit.first_seen.timestamp() == pytest.approx(start)


def test_concurrent_searches_and_flushes_count_every_search_once(channels):
    chat = channels["chat"]
    threads, per_thread = 8, 150
    expected: Counter = Counter()
    missed: Counter = Counter()
    plans = []
    for n in range(threads):
        # Every thread asks the shared questions and one of its own.
        plan = [(f"shared {i % 3}", i % 4 == 0) for i in range(per_thread)]
        plan += [(f"own {n}", True)] * 20
        plans.append(plan)
        for query, miss in plan:
            expected[query] += 1
            missed[query] += miss
    ready = threading.Barrier(threads + 1)
    failures = []

    def ask(plan) -> None:
        try:
            ready.wait()
            for query, miss in plan:
                record(chat, query, miss=miss)
        except Exception as error:  # pragma: no cover - reported below
            failures.append(error)

    workers = [threading.Thread(target=ask, args=(plan,)) for plan in plans]
    for worker in workers:
        worker.start()
    ready.wait()
    written = 0
    while any(worker.is_alive() for worker in workers):
        written += search_log.flush()  # flushes race the counting
    for worker in workers:
        worker.join()
    written += search_log.flush()

    assert failures == []
    assert written == sum(expected.values())
    assert counts() == {query: (expected[query], missed[query]) for query in expected}


def test_a_search_counted_while_the_flush_takes_the_counter_is_not_lost(channels, monkeypatch):
    chat = channels["chat"]
    record(chat, "refund time", miss=True)
    store = search_log.COUNTERS.store()
    real_incr = store.incr
    interleaved = []

    def incr(key, delta=1, version=None):
        # Between the flusher's read of a counter and its decrement, a search lands.
        if delta < 0 and not interleaved:
            interleaved.append(key)
            record(chat, "refund time", miss=True)
        return real_incr(key, delta, version)

    monkeypatch.setattr(store, "incr", incr)
    assert search_log.flush() == 1
    assert interleaved
    monkeypatch.setattr(store, "incr", real_incr)
    assert search_log.flush() == 1
    assert counts() == {"refund time": (2, 2)}


def test_a_question_first_asked_during_a_flush_is_flushed_next_time(channels, monkeypatch):
    chat = channels["chat"]
    record(chat, "refund time")
    store = search_log.COUNTERS.store()
    real_get_many = store.get_many
    calls = []

    def get_many(keys, version=None):
        found = real_get_many(keys, version)
        calls.append(len(calls))
        if len(calls) == 1:  # the slots were read: a new question arrives
            record(chat, "parrot cage sizes")
        return found

    monkeypatch.setattr(store, "get_many", get_many)
    first = search_log.flush()
    monkeypatch.setattr(store, "get_many", real_get_many)
    assert first + search_log.flush() == 2
    assert counts() == {"refund time": (1, 0), "parrot cage sizes": (1, 0)}


def test_overlapping_flushes_take_each_count_once(channels, monkeypatch):
    chat = channels["chat"]
    for _ in range(3):
        record(chat, "refund time")
    store = search_log.COUNTERS.store()
    real_incr = store.incr
    nested = []

    def incr(key, delta=1, version=None):
        # A second flusher runs between this one's read and its decrement.
        if delta < 0 and not nested:
            nested.append(None)
            nested[0] = search_log.flush()
            record(chat, "refund time")
        return real_incr(key, delta, version)

    monkeypatch.setattr(store, "incr", incr)
    outer = search_log.flush()
    monkeypatch.setattr(store, "incr", real_incr)
    assert nested == [3]
    assert outer + search_log.flush() == 1
    assert counts() == {"refund time": (4, 0)}


def test_counts_taken_for_a_failed_database_write_are_given_back(channels, monkeypatch):
    chat = channels["chat"]
    record(chat, "refund time")

    def broken(tallies):
        raise RuntimeError("database down")

    monkeypatch.setattr(search_log, "_write", broken)
    with pytest.raises(RuntimeError):
        search_log.flush()
    monkeypatch.undo()
    assert search_log.flush() == 1
    assert counts() == {"refund time": (1, 0)}


def test_a_closed_slot_is_flushed_then_removed_from_the_cache(channels):
    chat = channels["chat"]
    start = time.time()
    record(chat, "refund time", now=start)
    counters = search_log.COUNTERS
    slot = counters.slot(start)
    store = counters.store()
    assert search_log.flush(now=start) == 1
    assert store.get(counters.slot_key(slot, "size")) == 1  # still open: kept
    later = start + (GRACE_SLOTS + 2) * SLOT_SECONDS
    assert search_log.flush(now=later) == 0
    question = search_log.Question(chat.pk, "en", "refund time")
    keys = [counters.slot_key(slot, name) for name in ("size", "at:1")]
    keys += [counters.item_key(slot, question, name) for name in ("searches", "misses", "top")]
    assert store.get_many(keys) == {}

    record(chat, "refund time", now=later)
    long_after = later + (GRACE_SLOTS + 2) * SLOT_SECONDS
    assert search_log.flush(now=long_after) == 1  # counted and removed in one flush
    assert counts() == {"refund time": (2, 0)}


def test_with_the_cache_down_a_search_is_written_directly(chat_client, channels, monkeypatch):
    store = search_log.COUNTERS.store()

    def down(*args, **kwargs):
        raise RedisConnectionError("Connection refused")

    monkeypatch.setattr(store, "incr", down)
    monkeypatch.setattr(store, "add", down)
    response = chat_client.get(URL, {"q": "refund time", "lang": "en"})
    assert response.status_code == 200
    assert counts()["refund time"][0] == 1
    record(channels["chat"], "parrot cage sizes", miss=True)
    assert counts()["parrot cage sizes"] == (1, 1)


def test_a_search_half_counted_when_the_cache_fails_is_not_counted_twice(channels, monkeypatch):
    chat = channels["chat"]
    store = search_log.COUNTERS.store()
    real_incr = store.incr

    def incr(key, delta=1, version=None):
        if key.endswith(":misses"):  # the search landed in the cache, its miss does not
            raise RedisConnectionError("Connection reset")
        return real_incr(key, delta, version)

    monkeypatch.setattr(store, "incr", incr)
    record(chat, "parrot cage sizes", miss=True)
    assert counts() == {"parrot cage sizes": (0, 1)}  # the part the cache did not take
    monkeypatch.undo()
    assert search_log.flush() == 1
    assert counts() == {"parrot cage sizes": (1, 1)}


def test_run_due_jobs_adds_the_searches_to_the_log(chat_client, refund):
    chat_client.get(URL, {"q": "refund time", "lang": "en"})
    chat_client.get(URL, {"q": "refund time", "lang": "en"})
    out = io.StringIO()
    call_command("run_due_jobs", stdout=out)
    assert "added 2 search(es) to the search log" in out.getvalue()
    assert counts()["refund time"][0] == 2


def test_beat_runs_the_flush_at_its_interval(channels, settings):
    from channels.tasks import flush_search_log

    (job,) = [
        job
        for job in settings.CELERY_BEAT_SCHEDULE.values()
        if job["task"] == "channels.tasks.flush_search_log"
    ]
    assert job["schedule"] == settings.PARLEY_SEARCH_LOG_FLUSH_SECONDS == 60.0
    record(channels["chat"], "refund time")
    flush_search_log.delay()
    assert counts() == {"refund time": (1, 0)}


def test_the_admin_list_says_when_counts_arrive(client_for, settings):
    settings.PARLEY_SEARCH_LOG_FLUSH_SECONDS = 30.0
    admin = client_for(UserFactory(username="root", is_superuser=True))
    page = admin.get(reverse("admin:channels_searchquery_changelist"))
    assert page.status_code == 200
    assert "a search shows here within 30 seconds" in page.content.decode()


def test_questions_with_nothing_to_search_are_answered_but_not_logged(chat_client, refund):
    for junk in ["\u200b", "\ufffd\ufffd", "***", "doesn't it"]:
        response = chat_client.get(URL, {"q": junk, "lang": "en"})
        assert response.status_code == 200 and response.json()["results"] == []
    chat_client.get(URL, {"q": "refund time", "lang": "en"})
    search_log.flush()
    assert list(SearchQuery.objects.values_list("query", flat=True)) == ["refund time"]
