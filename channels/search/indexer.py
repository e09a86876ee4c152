"""This host's copy of the search index, and the one indexer that writes it.

The index is a Tantivy index in `PARLEY_SEARCH_INDEX_DIR`:

    state.json          which generation is live, the last outbox row applied
    indexer.lock        held by the one indexer writing here
    g-<time>-<hex>/     a generation: a whole Tantivy index

Changes reach it through the outbox (`SearchChange` rows, written in the
publishing transaction). `apply_changes` reads the rows after the last one it
applied, re-reads those entries' live text and replaces their documents, then
records the new position in `state.json` (written whole and renamed, so a
reader never sees half of it). A crashed indexer resumes from there: applying
a row twice only writes the same documents again.

Row ids are not committed in order (a transaction that took id 10 can commit
after one that took id 11), so a pass also re-reads rows created in the last
`RESCAN` and applies those it has not applied yet.

`rebuild` writes a new generation beside the live one and switches
`state.json` to it when it is complete, so searches never see an empty or
half-built index. Readers (`TantivyBackend`) only ever open what `state.json`
names.

Only one indexer writes one index: each pass holds an exclusive lock on
`indexer.lock` (and Tantivy refuses a second writer of a generation anyway).
Several hosts each keep their own directory and indexer, fed from the same
outbox in the shared database.
"""

import fcntl
import json
import logging
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path

import tantivy
from django.conf import settings
from django.db.models import Max, Q
from django.utils import timezone

from channels.models import SearchChange, SearchVector
from channels.search import vectors
from channels.search.documents import FIELDS, Document, documents_for
from config.passes import run_soon
from knowledge.models import Entry

logger = logging.getLogger(__name__)

STATE = "state.json"
LOCK = "indexer.lock"
# Bumped when the schema or the analyzer changes: an older index is rebuilt.
FORMAT = 3
RESCAN = timedelta(minutes=10)
BATCH = 500
WRITER_HEAP = 50_000_000
TOKENIZER = "parley"


class IndexerBusy(Exception):
    """Another indexer holds this index."""


@dataclass
class State:
    generation: str
    last_row: int = 0
    # Rows applied within the last RESCAN: id -> created (epoch seconds).
    recent: dict[int, float] = field(default_factory=dict)
    applied_at: float = 0.0
    format: int = FORMAT


@lru_cache(maxsize=1)
def schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("entry", stored=True, indexed=True, fast=True)
    builder.add_text_field("language", stored=True, tokenizer_name="raw")
    for name in FIELDS:
        builder.add_text_field(name, tokenizer_name=TOKENIZER)
    # Every distinct term, stored: what a hit covers of the question.
    builder.add_text_field("terms", stored=True, tokenizer_name=TOKENIZER, index_option="basic")
    # The meaning vector (`channels.search.vectors`), when re-ranking is on.
    builder.add_bytes_field("vector", stored=True, indexed=False)
    return builder.build()


def open_index(path: Path, *, create: bool = False) -> tantivy.Index:
    """A generation, with the analyzer the engine needs (terms are already ours)."""
    if create:
        path.mkdir(parents=True)
    index = tantivy.Index(schema(), path=str(path), reuse=not create)
    builder = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace())
    index.register_tokenizer(TOKENIZER, builder.build())
    return index


def index_dir() -> Path:
    return Path(settings.PARLEY_SEARCH_INDEX_DIR)


def read_state(root: Path | None = None) -> State | None:
    """What `state.json` says now (None: there is no index here yet)."""
    try:
        data = json.loads(((root or index_dir()) / STATE).read_text())
    except (FileNotFoundError, ValueError):
        return None
    data["recent"] = {int(k): v for k, v in data.get("recent", {}).items()}
    return State(**data)


def _write_state(root: Path, state: State) -> None:
    temporary = root / f".{STATE}.{uuid.uuid4().hex}"
    temporary.write_text(json.dumps(asdict(state)))
    os.replace(temporary, root / STATE)


@contextmanager
def indexer_lock(root: Path, timeout: float) -> Iterator[None]:
    """Hold this index's writer lock, waiting up to `timeout` seconds for it."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / LOCK, "a") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexerBusy(f"another indexer is writing {root}") from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _vectors(documents: list[Document]) -> dict[str, bytes]:
    """digest -> vector for these documents' texts, embedding only the texts not seen before."""
    wanted = {vectors.digest(d.passage): d.passage for d in documents if d.passage}
    known = dict(
        SearchVector.objects.filter(digest__in=list(wanted)).values_list("digest", "vector")
    )
    missing = [digest for digest in wanted if digest not in known]
    made = vectors.embed_passages([wanted[digest] for digest in missing])
    SearchVector.objects.bulk_create(
        [SearchVector(digest=d, vector=v) for d, v in zip(missing, made, strict=True)],
        ignore_conflicts=True,
    )
    known.update(zip(missing, made, strict=True))
    return {digest: bytes(vector) for digest, vector in known.items()}


def _add(writer: tantivy.IndexWriter, document: Document, vector: bytes | None) -> None:
    doc = tantivy.Document()
    doc.add_unsigned("entry", document.entry_id)
    doc.add_text("language", document.language)
    for name, text in document.fields.items():
        doc.add_text(name, text)
    doc.add_text("terms", document.terms)
    if vector is not None:
        doc.add_bytes("vector", vector)
    writer.add_document(doc)


def _write(index: tantivy.Index, entry_ids: list[int], *, replace: bool) -> tuple[int, set[str]]:
    """Write these entries' documents now (replacing what the index had); returns how
    many, and the digests of the vectors they use."""
    writer = index.writer(WRITER_HEAP, 1)
    written = 0
    used: set[str] = set()
    try:
        for start in range(0, len(entry_ids), BATCH):
            batch = entry_ids[start : start + BATCH]
            found = documents_for(batch)
            made = (
                _vectors([d for docs in found.values() for d in docs]) if vectors.enabled() else {}
            )
            for entry_id, documents in found.items():
                if replace:
                    # By query: deleting by term does not match unsigned fields here.
                    writer.delete_documents_by_query(
                        tantivy.Query.term_query(schema(), "entry", entry_id)
                    )
                digests = [vectors.digest(document.passage) for document in documents]
                every = [made[digest] for digest in digests if digest in made]
                for document, digest in zip(documents, digests, strict=True):
                    own = made.get(digest)
                    _add(writer, document, own and vectors.across_translations(own, every))
                    used.add(digest)
                    written += 1
        writer.commit()
        writer.wait_merging_threads()
    except BaseException:
        writer.rollback()
        raise
    return written, used


def _usable(root: Path, state: State | None) -> bool:
    if state is None or state.format != FORMAT or not (root / state.generation).is_dir():
        return False
    # Outbox rows older than PARLEY_SEARCH_OUTBOX_DAYS are pruned: an indexer
    # away for longer cannot know what it missed.
    kept = timedelta(days=settings.PARLEY_SEARCH_OUTBOX_DAYS) - RESCAN
    return time.time() - state.applied_at < kept.total_seconds()


def apply_changes(*, timeout: float = 30.0) -> int:
    """One indexer pass: apply the outbox rows this index has not applied; returns
    how many entries were re-indexed. Builds the index first if there is none."""
    root = index_dir()
    with indexer_lock(root, timeout):
        state = read_state(root)
        if not _usable(root, state):
            return _rebuild(root)
        assert state is not None
        now = timezone.now()
        rows = list(
            SearchChange.objects.filter(Q(pk__gt=state.last_row) | Q(created_at__gte=now - RESCAN))
            .exclude(pk__in=list(state.recent))
            .order_by("pk")
            .values_list("pk", "entry_id", "created_at")
        )
        if rows:
            entry_ids = sorted({entry_id for _pk, entry_id, _at in rows})
            index = open_index(root / state.generation)
            _write(index, entry_ids, replace=True)
        horizon = (now - RESCAN).timestamp()
        recent = {pk: at for pk, at in state.recent.items() if at >= horizon}
        recent.update({pk: at.timestamp() for pk, _entry, at in rows if at.timestamp() >= horizon})
        state.last_row = max([state.last_row, *(pk for pk, _entry, _at in rows)])
        state.recent = recent
        state.applied_at = time.time()
        _write_state(root, state)
        return len({entry_id for _pk, entry_id, _at in rows})


def rebuild(*, timeout: float = 300.0) -> int:
    """Build a new generation from everything live and switch to it; returns documents written."""
    root = index_dir()
    with indexer_lock(root, timeout):
        return _rebuild(root)


def _rebuild(root: Path) -> int:
    now = timezone.now()
    # The position is read before the texts: a change committed meanwhile is
    # applied again by the next pass, never lost.
    last_row = SearchChange.objects.aggregate(last=Max("pk"))["last"] or 0
    recent = {
        pk: at.timestamp()
        for pk, at in SearchChange.objects.filter(created_at__gte=now - RESCAN).values_list(
            "pk", "created_at"
        )
    }
    generation = f"g-{now:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
    index = open_index(root / generation, create=True)
    entry_ids = list(Entry.objects.order_by("pk").values_list("pk", flat=True))
    written, used = _write(index, entry_ids, replace=False)
    if vectors.enabled():
        _drop_unused_vectors(used, before=now)
    previous = read_state(root)
    _write_state(
        root, State(generation=generation, last_row=last_row, recent=recent, applied_at=time.time())
    )
    # Keep the generation readers may still have open; older ones go.
    keep = {generation, previous.generation if previous else ""}
    for path in root.glob("g-*"):
        if path.name not in keep:
            shutil.rmtree(path, ignore_errors=True)
    logger.info("Search index rebuilt: %s documents in %s", written, generation)
    return written


def _drop_unused_vectors(used: set[str], *, before: datetime) -> None:
    """Vectors of texts no longer live anywhere (made before this rebuild began)."""
    rows = SearchVector.objects.filter(created_at__lt=before).values_list("pk", "digest")
    unused = [pk for pk, digest in rows.iterator(chunk_size=5000) if digest not in used]
    for start in range(0, len(unused), 500):
        SearchVector.objects.filter(pk__in=unused[start : start + 500]).delete()


def prune_changes(*, now: datetime | None = None) -> int:
    """Delete outbox rows older than PARLEY_SEARCH_OUTBOX_DAYS; returns how many."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.PARLEY_SEARCH_OUTBOX_DAYS)
    deleted, _ = SearchChange.objects.filter(created_at__lt=cutoff).delete()
    return deleted


APPLY_TASK = "channels.tasks.apply_search_changes"


def apply_changes_soon() -> None:
    """After a change commits: an indexer pass now, or by a worker (`config.passes`)."""
    run_soon(apply_changes, APPLY_TASK, "search indexer pass")
