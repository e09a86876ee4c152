"""One search document per entry and language, written from published content.

A document holds the weighted terms of the entry's example questions (the
strongest signal: they are customers' own phrasings), the titles and the
bodies of its published versions on every channel. Entries with nothing
published have no documents, so search never finds unpublished text.
"""

from collections import Counter
from collections.abc import Iterable

from django.db import transaction

from channels.models import SearchDocument
from channels.search.text import terms
from knowledge.languages import language_codes, localized
from knowledge.models import Entry, Version
from knowledge.workflow import VersionStatus
from templates_app.placeholders import REFERENCE

WEIGHTS = {"questions": 3.0, "title": 2.0, "body": 1.0}


def _documents(entry: Entry, versions: list[Version]) -> list[SearchDocument]:
    documents = []
    for code in language_codes():
        counts: Counter[str] = Counter()
        titles = {getattr(v, localized("title", code)) or "" for v in versions}
        bodies = {getattr(v, localized("body", code)) or "" for v in versions}
        fields = {
            "questions": [getattr(entry, localized("questions", code)) or ""],
            "title": sorted(titles),
            "body": sorted(bodies),
        }
        if not any(fields["title"]) and not any(fields["body"]):
            continue  # nothing published in this language: not findable in it
        for field, texts in fields.items():
            for text in texts:
                # Placeholders and snippets (openers, closings) say nothing of the topic.
                text = REFERENCE.sub(" ", text)
                for term, count in terms(text, code).items():
                    counts[term] += count * WEIGHTS[field]
        if counts:
            documents.append(
                SearchDocument(
                    entry=entry,
                    language=code,
                    terms={t: round(w, 3) for t, w in counts.items()},
                    length=sum(counts.values()),
                )
            )
    return documents


def index_entries(entry_ids: Iterable[int]) -> int:
    """Rewrite the documents of these entries; returns how many were written."""
    ids = list(entry_ids)
    published = Version.objects.filter(
        variant__entry_id__in=ids, status=VersionStatus.PUBLISHED
    ).select_related("variant")
    by_entry: dict[int, list[Version]] = {}
    for version in published:
        by_entry.setdefault(version.variant.entry_id, []).append(version)
    documents = []
    for entry in Entry.objects.filter(pk__in=ids):
        if entry.pk in by_entry:
            documents += _documents(entry, by_entry[entry.pk])
    with transaction.atomic():
        SearchDocument.objects.filter(entry_id__in=ids).delete()
        SearchDocument.objects.bulk_create(documents, batch_size=1000)
    return len(documents)


def rebuild(batch: int = 500) -> int:
    """Every entry's documents, from scratch; returns how many were written."""
    ids = list(Entry.objects.order_by("pk").values_list("pk", flat=True))
    SearchDocument.objects.exclude(entry_id__in=ids).delete()
    return sum(index_entries(ids[i : i + batch]) for i in range(0, len(ids), batch))
