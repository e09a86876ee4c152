"""Answer search: ranking quality on the demo content, and latency over 10,000 entries.

1. Quality: the demo content (`seed_demo`) and the evaluation questions in
   `bench/benchsite/search_questions.py` (written for this, phrased unlike the
   stored example questions). Each is asked through the delivery API of the
   public help-page channel in its language; printed per language: Recall@1,
   Recall@3 and MRR (mean reciprocal rank, over the first 10 results).
2. Latency: 10,000 more entries, published in the four languages, their text
   made of made-up words with one word in ten from the demo texts, so common
   support words are shared as in a real base. Then the same questions are
   asked 2,000 times through the API (Django's test client: routing, auth,
   ranking, answer resolution, the search log). Printed: index build time, p50/p95/max per request.
Targets (issue 7): Recall@3 >= 0.9 per language; p95 <= 50 ms at 10,000 entries.
"""

import io
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKDIR = Path(tempfile.mkdtemp(prefix="parley-search-bench-"))
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{WORKDIR}/bench.sqlite3"
)
os.environ["PARLEY_SEARCH_INDEX_DIR"] = str(WORKDIR / "search-index")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# The throttle guards channels, not this measurement.
os.environ["PARLEY_DELIVERY_RATE"] = "1000000/min"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.benchsite.search_questions import QUESTIONS  # noqa: E402
from channels.models import Channel, SearchChange  # noqa: E402
from channels.search import indexer  # noqa: E402
from channels.search.backends import get_backend  # noqa: E402
from knowledge.languages import language_codes, localized  # noqa: E402
from knowledge.models import Entry, Topic, Variant, Version  # noqa: E402

EXTRA_ENTRIES = 10_000
LATENCY_REQUESTS = 2_000
DEPTH = 10


def ask(client: Client, question: str, language: str) -> list[str]:
    response = client.get(
        "/api/v1/delivery/help-page/search/",
        {"q": question, "lang": language, "limit": DEPTH},
    )
    assert response.status_code == 200, response.content[:300]
    return [result["key"] for result in response.json()["results"]]


def quality(client: Client) -> None:
    print(f"{'language':<9} {'questions':>9} {'Recall@1':>9} {'Recall@3':>9} {'MRR':>6}")
    for language, questions in QUESTIONS.items():
        ranks = []
        for question, key in questions:
            keys = ask(client, question, language)
            ranks.append(keys.index(key) + 1 if key in keys else None)
        n = len(ranks)
        at1 = sum(r == 1 for r in ranks) / n
        at3 = sum(r is not None and r <= 3 for r in ranks) / n
        mrr = sum(1 / r for r in ranks if r) / n
        print(f"{language:<9} {n:>9} {at1:>9.2f} {at3:>9.2f} {mrr:>6.2f}")


def demo_vocabulary() -> dict[str, list[str]]:
    """Words (en, fi) or characters (ja, zh-hant) of the published demo texts."""
    words: dict[str, list[str]] = {code: [] for code in language_codes()}
    for version in Version.objects.filter(status="published"):
        for code in language_codes():
            title = getattr(version, localized("title", code))
            text = f"{title} {getattr(version, localized('body', code))}"
            if code in ("ja", "zh-hant"):
                words[code] += [c for c in text if not c.isspace()]
            else:
                words[code] += re.findall(r"\w+", text)
    return words


def other_vocabulary(rng: random.Random, code: str, size: int = 20_000) -> list[str]:
    """Made-up words standing for the other topics of a large base.

    Japanese and Chinese words are two or three characters from a set of
    2,500, about the number of characters in everyday use.
    """
    if code in ("ja", "zh-hant"):
        characters = [chr(0x4E00 + rng.randrange(0x5000)) for _ in range(2_500)]
        return ["".join(rng.choice(characters) for _ in range(rng.randint(2, 3)))
                for _ in range(size)]  # fmt: skip
    syllables = ["ka", "to", "ri", "mel", "san", "vor", "ul", "pe", "din", "ost", "ja", "en"]
    return ["".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(size)]


def add_entries(count: int) -> None:
    rng = random.Random(7)  # noqa: S311 - repeatable filler text, not secrets
    demo = demo_vocabulary()
    other = {code: other_vocabulary(rng, code) for code in language_codes()}
    joiner = {"ja": "", "zh-hant": ""}
    topic = Topic.objects.first()
    help_page = Channel.objects.get(slug="help-page")

    def text(code: str, length: int) -> str:
        # Mostly words of other topics, one in ten from the demo texts: the
        # common words of a support base ("order", "please") are shared.
        return joiner.get(code, " ").join(
            rng.choice(demo[code] if rng.random() < 0.1 else other[code]) for _ in range(length)
        )

    entries = Entry.objects.bulk_create(
        Entry(
            key=f"synthetic-{n:05d}",
            topic=topic,
            **{localized("questions", code): text(code, 8) for code in language_codes()},
        )
        for n in range(count)
    )
    variants = Variant.objects.bulk_create(Variant(entry=e, channel=help_page) for e in entries)
    now = timezone.now()
    versions = Version.objects.bulk_create(
        Version(
            variant=variant,
            number=1,
            status="published",
            published_at=now,
            **{localized("title", code): text(code, 6) for code in language_codes()},
            **{localized("body", code): text(code, 90) for code in language_codes()},
        )
        for variant in variants
    )
    for variant, version in zip(variants, versions, strict=True):
        variant.published_version = version
    Variant.objects.bulk_update(variants, ["published_version"], batch_size=1000)


def latency(client: Client) -> None:
    asked = [(q, lang) for lang, questions in QUESTIONS.items() for q, _key in questions]
    ask(client, *asked[0])  # the first request loads the in-memory index
    times = []
    for n in range(LATENCY_REQUESTS):
        question, language = asked[n % len(asked)]
        start = time.perf_counter()
        ask(client, question, language)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    print(
        f"{LATENCY_REQUESTS} searches over {Entry.objects.count()} entries: "
        f"p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, max {times[-1]:.1f} ms"
    )


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0, stdout=io.StringIO())
    client = Client(HTTP_HOST="127.0.0.1")
    print("Search quality on the demo content (help-page channel):")
    quality(client)

    add_entries(EXTRA_ENTRIES)
    start = time.perf_counter()
    written = indexer.rebuild()
    print(f"\nIndex rebuilt: {written} documents in {time.perf_counter() - start:.1f} s")
    backend = get_backend()
    start = time.perf_counter()
    backend.search("warm up", ["en"], 1)
    print(f"First search of a process (opens the index): {time.perf_counter() - start:.3f} s")
    changed = Entry.objects.order_by("?").values_list("pk", flat=True)[0]
    SearchChange.objects.create(entry_id=changed)
    start = time.perf_counter()
    indexer.apply_changes()
    backend.search("warm up", ["en"], 1)
    elapsed = time.perf_counter() - start
    print(f"One indexer pass for one changed entry, then a search: {elapsed:.3f} s")
    print("Quality again, with the 10,000 synthetic entries competing:")
    quality(client)
    latency(client)


if __name__ == "__main__":
    main()
