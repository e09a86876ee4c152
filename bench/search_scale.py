"""Answer search at scale: build time, index size, worker memory, latency and recall.

The base is the evaluation base of `bench/search_eval.py` (the demo content
plus the near-neighbour evaluation entries, published through the workflow),
grown to 1,000, 10,000 and 50,000 filler entries. Each filler entry is
published on the help-page channel in the four languages (en, ja, fi,
zh-hant); its texts are made-up words with one word in ten (a character for
Japanese and Chinese) from the published texts of the base, so common support
words are shared as in a real base (`bench/search_quality.py`'s approach). The
rows are bulk-created, not sent through the workflow, and the base only grows:
the 10,000 row is the 1,000 row plus 9,000 more entries.

For each size, one table row:

- build: `indexer.rebuild()` wall time, and the size on disk of the generation
  it wrote (MB = 2**20 bytes). With meaning re-ranking on
  (`PARLEY_SEARCH_RERANK`, `channels.search.vectors`), embedding each filler
  text would take hours here, so each filler document gets its vector
  beforehand, copied from a pool of real embeddings of filler texts (stored
  under its passage's digest, as the indexer keeps them): the build time then
  leaves embedding out, and "embed min" estimates what embedding every
  document would add, at the rate measured while making the pool;
- memory added per web worker: a new Python process (this script with
  `--worker`, the same database and index directory) sets Django up, imports
  the URLconf and the search modules, sends one request that does not search
  (an answer by key) and reads its memory (`/proc/self/smaps_rollup`:
  private = Private_Clean + Private_Dirty, RSS for reference, and the
  anonymous memory, i.e. what is not a memory-mapped file). It
  then asks one search question, timed on its own ("first answer": the time
  to the first answer after a worker starts, opening the index and loading
  the embedding model included), and 2,000 more through the delivery API with
  Django's test client (routing, throttle, ranking, re-ranking, answer
  resolution, search log), and reads its memory again. Memory added = after -
  before. The index and the model are memory-mapped files: the pages another
  process has mapped count as shared, not private. This script asks the
  held-out questions itself before starting the worker, so what they both
  read is shared, as between the workers of one host; anonymous memory is
  each worker's own whatever the others do;
- p50/p95 per request over those 2,000 questions: the questions of
  `bench/search_eval` (held-out and tuning) and
  `bench/benchsite/search_questions.py`, the four languages mixed;
- Recall@1 and Recall@3 of the held-out questions (`bench/search_eval/
  heldout.json`) against the grown base: all languages together in the main
  table, per language in the second one.

Targets (issue 17): memory added per worker < 50 MB at 50,000 entries; first
answer < 100 ms; p95 < 20 ms.

    .venv/bin/python bench/search_scale.py [--sizes 1000,10000] [--keep DIR]
    PARLEY_SEARCH_RERANK=0 .venv/bin/python bench/search_scale.py   # lexical only
"""

import argparse
import gc
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import import_module
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZES = (1_000, 10_000, 50_000)
LATENCY_REQUESTS = 2_000
BATCH = 2_000
# Real embeddings of filler texts per language, copied to every filler document.
VECTOR_POOL = 32
DEPTH = 10
CHANNEL = "help-page"
SEARCH = f"/api/v1/delivery/{CHANNEL}/search/"
# The request that warms a worker before its first search: an answer by key.
WARM_UP = f"/api/v1/delivery/{CHANNEL}/answers/refund-to-original-card/"
EVAL_DATA = ROOT / "bench" / "search_eval"
MB = 2**20
TARGET_MEMORY_MB = 50
TARGET_FIRST_MS = 100
TARGET_P95_MS = 20


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default=",".join(str(size) for size in SIZES),
        help="filler entries per row, comma-separated (default: %(default)s)",
    )
    parser.add_argument("--keep", type=Path, help="work in this (empty) directory and keep it")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        args.sizes = sorted({int(size) for size in args.sizes.split(",") if size.strip()})
    except ValueError:
        parser.error("--sizes takes whole numbers, e.g. 1000,10000")
    if not args.sizes or args.sizes[0] < 1:
        parser.error("--sizes takes positive numbers")
    if args.keep and args.keep.exists() and any(args.keep.iterdir()):
        parser.error(f"--keep {args.keep}: the directory must be empty")
    return args


ARGS = parse_args()
if ARGS.worker:
    WORKDIR = None  # the parent passes the database and the index in the environment
else:
    if ARGS.keep:
        ARGS.keep.mkdir(parents=True, exist_ok=True)
    WORKDIR = (ARGS.keep or Path(tempfile.mkdtemp(prefix="parley-search-scale-"))).resolve()
    # bench/search_eval.py reads BENCH_DATABASE_URL when it is imported.
    os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"] = (
        f"sqlite:///{WORKDIR / 'bench.sqlite3'}"
    )
    os.environ["PARLEY_SEARCH_INDEX_DIR"] = str(WORKDIR / "index")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# The throttle guards channels, not this measurement.
os.environ["PARLEY_DELIVERY_RATE"] = "1000000/min"
# Each process on its own: in-memory cache, the indexer in-process.
os.environ["REDIS_URL"] = ""

DATABASE_URL = os.environ["DATABASE_URL"]

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import transaction  # noqa: E402
from django.db.models import OuterRef, Subquery  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.benchsite.search_questions import QUESTIONS  # noqa: E402
from channels.models import Channel  # noqa: E402
from channels.search import indexer, vectors  # noqa: E402
from channels.search.documents import documents_for  # noqa: E402
from channels.search.models import SearchVector  # noqa: E402
from knowledge.languages import language_codes, localized  # noqa: E402
from knowledge.models import Entry, Topic, Variant, Version  # noqa: E402
from templates_app.placeholders import REFERENCE  # noqa: E402

CJK = ("ja", "zh-hant")


def say(message: str) -> None:
    """Progress, on stderr: stdout carries the tables."""
    print(message, file=sys.stderr, flush=True)


# --- Filler entries -----------------------------------------------------------------------


def base_vocabulary() -> dict[str, list[str]]:
    """Words (en, fi) or characters (ja, zh-hant) of the published texts, with repeats."""
    words: dict[str, list[str]] = {code: [] for code in language_codes()}
    for version in Version.objects.filter(status="published"):
        for code in language_codes():
            title = getattr(version, localized("title", code)) or ""
            text = f"{title} {getattr(version, localized('body', code)) or ''}"
            if code in CJK:
                words[code] += [c for c in text if not c.isspace()]
            else:
                words[code] += re.findall(r"\w+", text)
    return words


def made_up_vocabulary(rng: random.Random, code: str, size: int = 20_000) -> list[str]:
    """Made-up words standing for the other topics of a large base.

    Japanese and Chinese words are two or three characters from a set of
    2,500, about the number of characters in everyday use.
    """
    if code in CJK:
        characters = [chr(0x4E00 + rng.randrange(0x5000)) for _ in range(2_500)]
        return ["".join(rng.choices(characters, k=rng.randint(2, 3))) for _ in range(size)]
    syllables = ["ka", "to", "ri", "mel", "san", "vor", "ul", "pe", "din", "ost", "ja", "en"]
    return ["".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(size)]


class Filler:
    """Adds filler entries, published on the help-page channel in every language.

    With re-ranking on, each filler document also gets its meaning vector
    ahead of the rebuild (a `SearchVector` row under the digest of its
    passage), copied from a pool of real embeddings of filler texts: embedding
    every filler text would take hours on this machine. `embed_ms` is what one
    embedding cost while making the pool.
    """

    def __init__(self, seed: int = 17) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - repeatable filler text, not secrets
        base = base_vocabulary()
        # One draw in ten from the base's own words (as often as they occur there).
        self.words: dict[str, list[str]] = {}
        for code in language_codes():
            other = made_up_vocabulary(self.rng, code)
            shared = self.rng.choices(base[code], k=len(other) // 9) if base[code] else []
            self.words[code] = other + shared
        self.topic = Topic.objects.order_by("pk").first()
        self.channel = Channel.objects.get(slug=CHANNEL)
        self.count = 0
        self.pool: dict[str, list[bytes]] = {}
        self.embed_ms = 0.0
        if vectors.enabled():
            texts = {
                code: [self.passage(*self.texts(code)) for _ in range(VECTOR_POOL)]
                for code in language_codes()
            }
            start = time.perf_counter()
            self.pool = {code: vectors.embed_passages(texts[code]) for code in texts}
            made = sum(len(pool) for pool in self.pool.values())
            self.embed_ms = (time.perf_counter() - start) * 1000 / made

    def texts(self, code: str) -> tuple[str, str, str]:
        """Example questions, title and body of one filler entry in one language."""
        return self.text(code, 8), self.text(code, 6), self.text(code, 90)

    @staticmethod
    def passage(questions: str, title: str, body: str) -> str:
        """What the indexer embeds for a document (`channels.search.documents`)."""
        parts = [title, *questions.splitlines(), body]
        return vectors.passage(REFERENCE.sub(" ", part) for part in parts)

    def text(self, code: str, length: int) -> str:
        return ("" if code in CJK else " ").join(self.rng.choices(self.words[code], k=length))

    def grow_to(self, total: int) -> None:
        """Add entries until there are `total` filler entries."""
        while self.count < total:
            size = min(BATCH, total - self.count)
            self._batch(range(self.count, self.count + size))
            self.count += size

    def _batch(self, numbers: range) -> None:
        codes = language_codes()
        now = timezone.now()
        texts = [{code: self.texts(code) for code in codes} for _n in numbers]
        with transaction.atomic():
            entries = Entry.objects.bulk_create(
                Entry(
                    key=f"filler-{n:05d}",
                    topic=self.topic,
                    **{localized("questions", code): text[code][0] for code in codes},
                )
                for n, text in zip(numbers, texts, strict=True)
            )
            variants = Variant.objects.bulk_create(
                Variant(entry=entry, channel=self.channel) for entry in entries
            )
            Version.objects.bulk_create(
                Version(
                    variant=variant,
                    number=1,
                    status="published",
                    published_at=now,
                    **{localized("title", code): text[code][1] for code in codes},
                    **{localized("body", code): text[code][2] for code in codes},
                )
                for variant, text in zip(variants, texts, strict=True)
            )
            Variant.objects.filter(pk__in=[v.pk for v in variants]).update(
                published_version=Subquery(
                    Version.objects.filter(variant=OuterRef("pk")).values("pk")[:1]
                )
            )
            if self.pool:
                SearchVector.objects.bulk_create(
                    (
                        SearchVector(
                            digest=vectors.digest(self.passage(*text[code])),
                            vector=self.pool[code][n % VECTOR_POOL],
                        )
                        for n, text in zip(numbers, texts, strict=True)
                        for code in codes
                    ),
                    batch_size=500,
                    ignore_conflicts=True,
                )

    def check_vectors(self) -> None:
        """Fail now, not hours into a rebuild, if the indexer would embed filler texts."""
        if not self.pool:
            return
        sample = Entry.objects.filter(key__startswith="filler-").values_list("pk", flat=True)[:20]
        digests = {
            vectors.digest(document.passage)
            for documents in documents_for(list(sample)).values()
            for document in documents
        }
        known = SearchVector.objects.filter(digest__in=list(digests)).count()
        if known != len(digests):
            raise RuntimeError(
                "The filler vectors do not match the indexer's passages "
                "(channels.search.documents changed?): the rebuild would embed every filler text."
            )


# --- The worker ---------------------------------------------------------------------------


def memory_kb() -> dict[str, int]:
    """This process's memory from /proc/self/smaps_rollup, in kB."""
    gc.collect()
    figures: dict[str, int] = {}
    for line in Path("/proc/self/smaps_rollup").read_text().splitlines():
        name, _, rest = line.partition(":")
        parts = rest.split()
        if len(parts) == 2 and parts[1] == "kB":
            figures[name] = int(parts[0])
    figures["Private"] = figures["Private_Clean"] + figures["Private_Dirty"]
    return figures


def question_mix(count: int, seed: int = 17) -> list[tuple[str, str]]:
    """`count` (question, language) pairs: every evaluation question, shuffled, repeated."""
    pairs = [(q, lang) for lang, asked in QUESTIONS.items() for q, _key in asked]
    for split in ("heldout", "tuning"):
        data = json.loads((EVAL_DATA / f"{split}.json").read_text(encoding="utf-8"))
        pairs += [(q, lang) for lang, asked in data.items() for q, _key in asked]
    random.Random(seed).shuffle(pairs)  # noqa: S311 - a repeatable order
    return [pairs[n % len(pairs)] for n in range(count)]


def timed_search(client: Client, question: str, language: str) -> tuple[float, int]:
    """One search through the delivery API: milliseconds, and how many answers it gave."""
    start = time.perf_counter()
    response = client.get(SEARCH, {"q": question, "lang": language, "limit": DEPTH})
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, response.content[:300]
    return elapsed, len(response.json()["results"])


def worker() -> None:
    """A fresh web process: memory before and after searching, first answer, latencies.

    Prints its figures as one JSON line.
    """
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports the URLconf and every view
    import_module("channels.search.service")
    import_module("channels.search.backends")
    asked = question_mix(LATENCY_REQUESTS + 1)
    client = Client(HTTP_HOST="127.0.0.1")
    response = client.get(WARM_UP, {"lang": "en"})
    assert response.status_code == 200, response.content[:300]
    before = memory_kb()
    first, _found = timed_search(client, *asked[0])
    searches = []
    start = time.perf_counter()
    for number, (question, language) in enumerate(asked[1:], start=1):
        searches.append(timed_search(client, question, language))
        if number % 500 == 0:
            say(f"worker: {number} questions in {time.perf_counter() - start:.0f} s")
    after = memory_kb()
    times = sorted(elapsed for elapsed, _found in searches)
    print(
        json.dumps(
            {
                "first_ms": first,
                "p50_ms": statistics.median(times),
                "p95_ms": times[int(len(times) * 0.95) - 1],
                "max_ms": times[-1],
                "requests": len(times),
                "answered": sum(found > 0 for _elapsed, found in searches),
                "private_mb": (after["Private"] - before["Private"]) / 1024,
                "rss_mb": (after["Rss"] - before["Rss"]) / 1024,
                "anon_mb": (after["Anonymous"] - before["Anonymous"]) / 1024,
                "private_before_mb": before["Private"] / 1024,
                "rss_before_mb": before["Rss"] / 1024,
            }
        ),
        flush=True,
    )


def run_worker() -> dict[str, float]:
    """Start a worker process on the current database and index; its figures."""
    # From the settings in force here, not from os.environ (which an imported
    # bench module may have changed since).
    env = {
        **os.environ,
        "DATABASE_URL": DATABASE_URL,
        "PARLEY_SEARCH_INDEX_DIR": str(settings.PARLEY_SEARCH_INDEX_DIR),
    }
    done = subprocess.run(  # noqa: S603 - this script, this interpreter
        [sys.executable, str(Path(__file__).resolve()), "--worker"],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    figures = json.loads(lines[-1])
    assert figures["answered"], f"the worker found no answers: {figures}"
    return figures


# --- The parent ---------------------------------------------------------------------------


def load_search_eval() -> ModuleType:
    """bench/search_eval.py, imported.

    Importing it makes a work directory of its own and points the environment
    at it (Django is already set up here, on this run's database and index):
    the directory goes, the environment is put back.
    """
    saved = {name: os.environ[name] for name in ("DATABASE_URL", "PARLEY_SEARCH_INDEX_DIR")}
    module = import_module("bench.search_eval")
    os.environ.update(saved)
    shutil.rmtree(module.WORKDIR, ignore_errors=True)
    assert Path(settings.PARLEY_SEARCH_INDEX_DIR) == WORKDIR / "index"
    return module


def generation_mb() -> float:
    state = indexer.read_state()
    assert state is not None, "no index after rebuild"
    path = indexer.index_dir() / state.generation
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / MB


def overall(figures: dict[str, dict[str, float]], name: str) -> float:
    """A recall over every language, weighted by their numbers of questions."""
    asked = sum(row["questions"] for row in figures.values())
    return sum(row[name] * row["questions"] for row in figures.values()) / asked


MAIN_COLUMNS = (
    ("filler", 7),
    ("entries", 7),
    ("docs", 7),
    ("build s", 7),
    ("embed min", 9),
    ("index MB", 8),
    ("+priv MB", 8),
    ("+RSS MB", 7),
    ("+anon MB", 8),
    ("first ms", 8),
    ("p50 ms", 6),
    ("p95 ms", 6),
    ("R@1", 5),
    ("R@3", 5),
)


def table_line(values: list[str]) -> str:
    return " ".join(f"{v:>{width}}" for v, (_name, width) in zip(values, MAIN_COLUMNS, strict=True))


def main() -> None:
    assert WORKDIR is not None
    search_eval = load_search_eval()
    codes = language_codes()
    try:
        start = time.perf_counter()
        base = search_eval.load_eval_base()
        say(f"Evaluation base: {base} entries ({time.perf_counter() - start:.0f} s); {WORKDIR}")
        filler = Filler()
        heldout = sum(len(q) for q in search_eval.questions("heldout").values())
        print(
            f"Search at scale: filler entries x {len(codes)} languages ({', '.join(codes)}) "
            f"on {CHANNEL}, plus {base} demo and evaluation entries."
        )
        if vectors.enabled():
            print(
                f"Re-ranking on: filler vectors copied from {VECTOR_POOL} real ones per "
                f"language, made beforehand ({filler.embed_ms:.0f} ms per filler passage here)."
            )
        else:
            print("Re-ranking off (PARLEY_SEARCH_RERANK).")
        print(
            f"Worker: {LATENCY_REQUESTS} questions after the first; "
            f"recall over {heldout} held-out questions (top {DEPTH})."
        )
        print()
        print(table_line([name for name, _width in MAIN_COLUMNS]))
        targets = {
            "filler": "target",
            "+priv MB": f"<{TARGET_MEMORY_MB}*",
            "first ms": f"<{TARGET_FIRST_MS}",
            "p95 ms": f"<{TARGET_P95_MS}",
        }
        print(table_line([targets.get(name, "") for name, _width in MAIN_COLUMNS]), flush=True)
        by_language: list[tuple[int, dict[str, dict[str, float]]]] = []
        for size in ARGS.sizes:
            start = time.perf_counter()
            added = size - filler.count
            filler.grow_to(size)
            filler.check_vectors()
            say(f"{added} filler entries added in {time.perf_counter() - start:.0f} s")
            vectors_before = SearchVector.objects.count()
            start = time.perf_counter()
            documents = indexer.rebuild()
            build = time.perf_counter() - start
            embedded = SearchVector.objects.count() - vectors_before
            say(f"index rebuilt: {documents} documents in {build:.1f} s ({embedded} embedded)")
            # Here first: the index and model pages this process reads are then
            # shared with the worker, as between the workers of one host.
            recall = search_eval.evaluate("heldout")
            by_language.append((size, recall))
            say("held-out questions asked; starting a worker")
            figures = run_worker()
            say(f"worker: {json.dumps(figures)}")
            print(
                table_line(
                    [
                        f"{size:,}",
                        f"{Entry.objects.count():,}",
                        f"{documents:,}",
                        f"{build:.1f}",
                        f"{documents * filler.embed_ms / 60_000:.0f}" if filler.pool else "-",
                        f"{generation_mb():.1f}",
                        f"{figures['private_mb']:.1f}",
                        f"{figures['rss_mb']:.1f}",
                        f"{figures['anon_mb']:.1f}",
                        f"{figures['first_ms']:.0f}",
                        f"{figures['p50_ms']:.1f}",
                        f"{figures['p95_ms']:.1f}",
                        f"{overall(recall, 'recall@1'):.2f}",
                        f"{overall(recall, 'recall@3'):.2f}",
                    ]
                ),
                flush=True,
            )
        print(f"* memory target at 50,000 filler entries ({LATENCY_REQUESTS} searches).")
        print("build s: indexer.rebuild(), filler vectors made beforehand; embed min: the time")
        print("  embedding every document would add at the rate measured here (estimate).")
        print("+priv/+RSS/+anon: memory a worker added by searching (Private_Clean+Private_Dirty,")
        print("  RSS, anonymous); first: its first search request; p50/p95: per request.")
        print("\nHeld-out recall per language (Recall@1 / Recall@3):")
        print(f"{'filler':>7} " + " ".join(f"{code:>11}" for code in codes))
        for size, recall in by_language:
            cells = [f"{recall[c]['recall@1']:.2f} / {recall[c]['recall@3']:.2f}" for c in codes]
            print(f"{size:>7,} " + " ".join(f"{cell:>11}" for cell in cells))
    finally:
        if ARGS.keep:
            say(f"Kept {WORKDIR}")
        else:
            shutil.rmtree(WORKDIR, ignore_errors=True)


if __name__ == "__main__":
    if ARGS.worker:
        worker()
    else:
        main()
