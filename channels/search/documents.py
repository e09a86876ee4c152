"""What search indexes for an entry: one document per language it has published text in.

A document has three fields, in the order a customer's words are most likely
to meet them: the entry's example questions (customers' own phrasings, kept by
editors), the titles and the bodies of its published versions on every
channel. Each field is the analyzer's terms (`channels.search.text`) in reading
order, so the engine can score phrases and proximity; it never analyses text
itself. Entries with nothing published have no documents, so search never
finds unpublished text.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from channels.search import vectors
from channels.search.text import sequence
from knowledge.languages import language_codes, localized
from knowledge.models import Entry, Version
from knowledge.workflow import VersionStatus
from templates_app.placeholders import REFERENCE

FIELDS = ("questions", "title", "body")


@dataclass
class Document:
    entry_id: int
    language: str
    # field -> its terms, space-separated: full terms in reading order, then the
    # weaker helper terms (Finnish prefixes, single Chinese characters).
    fields: dict[str, str] = field(default_factory=dict)
    # The plain text its meaning vector is made from (`channels.search.vectors`).
    passage: str = ""

    @property
    def terms(self) -> str:
        """Every distinct term of the document, for telling how much of a question it covers."""
        return " ".join(sorted({t for text in self.fields.values() for t in text.split()}))


def field_text(texts: Iterable[str], language: str) -> str:
    full: list[str] = []
    weak: list[str] = []
    for text in texts:
        # Placeholders and snippets (openers, closings) say nothing of the topic.
        for term, weight in sequence(REFERENCE.sub(" ", text), language):
            (full if weight >= 1 else weak).append(term)
    return " ".join(full + weak)


def entry_documents(entry: Entry, versions: list[Version]) -> list[Document]:
    """The documents of one entry, from its published versions (on any channel)."""
    documents = []
    for code in language_codes():
        titles = sorted({getattr(v, localized("title", code)) or "" for v in versions} - {""})
        bodies = sorted({getattr(v, localized("body", code)) or "" for v in versions} - {""})
        if not titles and not bodies:
            continue  # nothing published in this language: not findable in it
        questions = (getattr(entry, localized("questions", code)) or "").splitlines()
        document = Document(entry.pk, code)
        for name, texts in (("questions", questions), ("title", titles), ("body", bodies)):
            document.fields[name] = field_text(texts, code)
        document.passage = vectors.passage(
            REFERENCE.sub(" ", text) for text in [*titles, *questions, *bodies]
        )
        if document.terms:
            documents.append(document)
    return documents


def documents_for(entry_ids: Iterable[int]) -> dict[int, list[Document]]:
    """entry id -> its documents now; an entry that is gone or has nothing live maps to []."""
    ids = list(entry_ids)
    published = Version.objects.filter(
        variant__entry_id__in=ids, status=VersionStatus.PUBLISHED
    ).select_related("variant")
    by_entry: dict[int, list[Version]] = {}
    for version in published:
        by_entry.setdefault(version.variant.entry_id, []).append(version)
    found: dict[int, list[Document]] = {entry_id: [] for entry_id in ids}
    for entry in Entry.objects.filter(pk__in=list(by_entry)):
        found[entry.pk] = entry_documents(entry, by_entry[entry.pk])
    return found
