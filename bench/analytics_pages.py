"""The answer-performance and search-gap pages on a large base: time and queries.

Seeds a throwaway SQLite database (`BENCH_DATABASE_URL` for another) with the
demo channels, 1,000 entries published on help-page, chat and e-mail, 100,000
feedback rows and 1,000,000 answers served (as `ServedCount` rows: per version,
channel, language and day over 28 days), and 10,000 missed search questions.
Then, with Django's test client as an editor, it times and counts the database
queries of:

- the performance page (admin, worst first, with the weekly trends; by default
  the last four weeks, and all time),
- the same as CSV,
- `GET /api/v1/analytics/answers/` (first page),
- the search-gap page and `GET /api/v1/analytics/gaps/`,
- the performance page for one entry (its languages side by side).

Then it doubles the feedback and served rows of every entry, as four more weeks
of older history, and measures again: the query counts must not change (flat
in the rows per entry), nor should the time of the all-time views (the page
and the API read one total per answer) or of the default four-week view
(it reads that window's day rows only).

    .venv/bin/python bench/analytics_pages.py
"""

import io
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKDIR = Path(tempfile.mkdtemp(prefix="parley-analytics-"))
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{WORKDIR}/bench.sqlite3"
)
os.environ["PARLEY_SEARCH_INDEX_DIR"] = str(WORKDIR / "search-index")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from channels.analytics import rebuild_answer_totals, rebuild_vote_days  # noqa: E402
from channels.models import Channel, Feedback, SearchQuery, ServedCount  # noqa: E402
from knowledge.languages import language_codes, localized  # noqa: E402
from knowledge.models import Entry, Topic, Variant, Version  # noqa: E402

ENTRIES = 1000
FEEDBACK = 100_000
SERVED = 1_000_000
DAYS = 28
QUESTIONS = 10_000
RUNS = 5
WORDS = "refund parcel delivery invoice password account order card voucher gift".split()


def seed() -> list[tuple[int, int, int]]:
    """The base; returns (entry, channel, version) of every published variant."""
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0, stdout=io.StringIO())
    topic = Topic.objects.first()
    channels = list(Channel.objects.filter(slug__in=["help-page", "chat", "email"]))
    entries = Entry.objects.bulk_create(
        Entry(key=f"bench-{n:04d}", topic=topic) for n in range(ENTRIES)
    )
    variants = Variant.objects.bulk_create(
        Variant(entry=entry, channel=channel) for entry in entries for channel in channels
    )
    now = timezone.now()
    versions = []
    for variant in variants:
        version = Version(variant=variant, number=1, status="published", published_at=now)
        for code in language_codes():
            setattr(version, localized("title", code), f"{variant.entry.key} {code}")
            setattr(version, localized("body", code), "Text.")
        versions.append(version)
    Version.objects.bulk_create(versions, batch_size=1000)
    for variant, version in zip(variants, versions, strict=True):
        variant.published_version = version
    Variant.objects.bulk_update(variants, ["published_version"], batch_size=1000)
    return [(v.entry_id, v.channel_id, v.published_version.pk) for v in variants]


def add_rows(live: list[tuple[int, int, int]], rng: random.Random, *, days_back: int) -> None:
    """FEEDBACK votes and SERVED answers spread over the live texts and DAYS days."""
    today = date.today()
    languages = language_codes()
    cells = [
        (entry, channel, version, code, day)
        for entry, channel, version in live
        for code in languages
        for day in range(DAYS)
    ]
    share, extra = divmod(SERVED, len(cells))  # exactly SERVED answers in all
    served = [
        ServedCount(
            entry_id=entry, channel_id=channel, version_id=version, language=code,
            day=today - timedelta(days=days_back + day), count=share + (index < extra),
        )
        for index, (entry, channel, version, code, day) in enumerate(cells)
    ]  # fmt: skip

    ServedCount.objects.bulk_create(served, batch_size=5000)
    start = timezone.now() - timedelta(days=days_back + DAYS)
    votes = []
    for _ in range(FEEDBACK):
        entry, channel, version = rng.choice(live)
        vote = Feedback(
            entry_id=entry, channel_id=channel, version_id=version,
            language=rng.choice(languages), helpful=rng.random() < 0.7,
            effort=rng.randint(1, 5), comment="" if rng.random() < 0.9 else "unclear",
        )  # fmt: skip
        votes.append(vote)
    Feedback.objects.bulk_create(votes, batch_size=5000)
    Feedback.objects.filter(created_at__gte=timezone.now() - timedelta(minutes=5)).update(
        created_at=start + timedelta(days=DAYS // 2)
    )
    # Bulk-created rows send no signal: sum them per day and in all-time totals, as
    # saving each one (and each flush of served counts) would.
    rebuild_vote_days()
    rebuild_answer_totals()


def add_questions(rng: random.Random) -> None:
    chat = Channel.objects.get(slug="chat")
    SearchQuery.objects.bulk_create(
        (
            SearchQuery(
                channel=chat,
                language="en",
                query=" ".join(rng.sample(WORDS, 3)) + f" {n}",
                searches=rng.randint(1, 9),
                misses=rng.randint(1, 9),
            )
            for n in range(QUESTIONS)
        ),
        batch_size=5000,
        ignore_conflicts=True,
    )


PAGES = {
    "performance page": "/admin/channels/revisiontask/performance/",
    "performance, all time": "/admin/channels/revisiontask/performance/?since=",
    "performance CSV": "/admin/channels/revisiontask/performance/?export=csv",
    "one entry's languages": "/admin/channels/revisiontask/performance/?entry=bench-0500",
    "analytics API": "/api/v1/analytics/answers/",
    "gap page": "/admin/channels/revisiontask/gaps/",
    "gaps API": "/api/v1/analytics/gaps/",
}


def measure(client: Client) -> dict[str, tuple[float, int]]:
    found = {}
    for name, url in PAGES.items():
        times, queries = [], 0
        for _ in range(RUNS):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
            queries = len(captured.captured_queries)
        found[name] = (statistics.median(times) * 1000, queries)
    return found


def main() -> None:
    rng = random.Random(20)  # noqa: S311 (made-up votes, not secrets)
    print(f"analytics bench: {ENTRIES} entries, {FEEDBACK} votes, {SERVED} answers served ...")
    live = seed()
    add_rows(live, rng, days_back=0)
    add_questions(rng)
    editor = get_user_model().objects.get(username="editor")
    client = Client()
    client.force_login(editor)
    first = measure(client)
    print("doubling the votes and served rows of every entry ...")
    add_rows(live, rng, days_back=DAYS)
    second = measure(client)
    print(f"{'':<24} {'ms (median of 5)':>18} {'queries':>8}   {'x2 rows: ms':>12} {'queries':>8}")
    flat = True
    for name in PAGES:
        (ms, queries), (ms2, queries2) = first[name], second[name]
        flat = flat and queries == queries2
        print(f"{name:<24} {ms:18.0f} {queries:8d}   {ms2:12.0f} {queries2:8d}")
    print(f"query counts flat in the rows per entry: {'yes' if flat else 'NO'}")
    print(
        f"rows: {Feedback.objects.count()} votes, {ServedCount.objects.count()} served rows "
        f"({sum(ServedCount.objects.values_list('count', flat=True))} answers served)"
    )


if __name__ == "__main__":
    main()
