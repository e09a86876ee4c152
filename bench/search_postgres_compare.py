"""How PostgreSQL's own full-text search ranks the evaluation questions.

The question behind it: should the PostgreSQL deployment search with
PostgreSQL's text search instead of the embedded BM25 index? This loads the
demo content into the PostgreSQL database named by BENCH_POSTGRES_URL (use a
new, empty one), builds for every entry and language a tsvector of the
questions (weight A), titles (B) and bodies (C), and ranks each evaluation
question with ts_rank_cd on an OR of its lexemes (an AND query finds almost
nothing for whole questions). Configurations: `english`, `finnish`, and
`simple` for Japanese and Chinese, which PostgreSQL has no parser for.
It prints Recall@1, Recall@3 and MRR per language next to Parley's own search (Tantivy).
Without BENCH_POSTGRES_URL it says so and stops.
"""

import io
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
URL = os.environ.get("BENCH_POSTGRES_URL", "")
if not URL.startswith("postgres"):
    print("search_postgres_compare: set BENCH_POSTGRES_URL=postgres://... to run it.")
    sys.exit(0)
os.environ["DATABASE_URL"] = URL
os.environ["PARLEY_SEARCH_INDEX_DIR"] = tempfile.mkdtemp(prefix="parley-search-pg-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from bench.benchsite.search_questions import QUESTIONS  # noqa: E402
from channels.search.backends import get_backend  # noqa: E402
from knowledge.languages import localized  # noqa: E402
from knowledge.models import Entry, Version  # noqa: E402

CONFIGS = {"en": "english", "fi": "finnish", "ja": "simple", "zh-hant": "simple"}


def figures(ranks: list[int | None]) -> str:
    n = len(ranks)
    at1 = sum(r == 1 for r in ranks) / n
    at3 = sum(r is not None and r <= 3 for r in ranks) / n
    mrr = sum(1 / r for r in ranks if r) / n
    return f"{at1:>5.2f} {at3:>5.2f} {mrr:>5.2f}"


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0, stdout=io.StringIO())
    keys = dict(Entry.objects.values_list("pk", "key"))
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE fts (entry_id int, language text, document tsvector)")
        for entry in Entry.objects.all():
            versions = Version.objects.filter(variant__entry=entry, status="published")
            for code, config in CONFIGS.items():
                questions = getattr(entry, localized("questions", code)) or ""
                titles = " ".join(getattr(v, localized("title", code)) or "" for v in versions)
                bodies = " ".join(getattr(v, localized("body", code)) or "" for v in versions)
                cursor.execute(
                    "INSERT INTO fts VALUES (%s, %s, "
                    "setweight(to_tsvector(%s::regconfig, %s), 'A') || "
                    "setweight(to_tsvector(%s::regconfig, %s), 'B') || "
                    "setweight(to_tsvector(%s::regconfig, %s), 'C'))",
                    [entry.pk, code, config, questions, config, titles, config, bodies],
                )
        print(f"{'language':<9} {'PostgreSQL R@1 R@3 MRR':>24}   {'embedded R@1 R@3 MRR':>22}")
        for code, questions in QUESTIONS.items():
            config = CONFIGS[code]
            pg, embedded = [], []
            for question, key in questions:
                cursor.execute(
                    "SELECT entry_id FROM fts, "
                    "  replace(plainto_tsquery(%s::regconfig, %s)::text, '&', '|') AS q "
                    "WHERE language = %s AND q <> '' AND document @@ q::tsquery "
                    "ORDER BY ts_rank_cd(document, q::tsquery) DESC LIMIT 10",
                    [config, question, code],
                )
                found = [keys[row[0]] for row in cursor.fetchall()]
                pg.append(found.index(key) + 1 if key in found else None)
                hits = [keys[h.entry_id] for h in get_backend().search(question, [code], 10)]
                embedded.append(hits.index(key) + 1 if key in hits else None)
            print(f"{code:<9} {figures(pg):>24}   {figures(embedded):>22}")


if __name__ == "__main__":
    main()
