"""Answers rendered when they are published, so that a read is a lookup.

When what a channel serves changes (a version or snippet published or
unpublished, a channel, topic or entry saved), a `RenderChange` row is written
in the same transaction. After commit the renderer (`render_pending`: in-process
in the embedded default, a Celery worker otherwise, and every
`PARLEY_JOBS_INTERVAL` by beat and `run_due_jobs`) resolves the changed
entries once per channel and configured language, renders them exactly as the
delivery API would (snippets expanded, sanitised for the channel's format) and
stores the response bytes, ETag and Content-Language in `StoredAnswer`, and
the pages of the common list query (no filter, the default page size) in
`StoredPage`, assembled from the stored answers. The cache holds the same
values under fixed keys, so a read is one cache read (or one row when the
cache lost it); a key the store does not hold sends the request down the
ordinary path, which resolves it as before.

Unpublishing (or deleting an entry) removes its stored answers and the pages
holding it in the publishing transaction itself, so nothing unpublished is
served while the renderer catches up. Renderers take `RenderLock` for their
pass, so two cannot write older bytes over newer ones.
"""

import logging
import os
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.module_loading import import_string

from channels.encoding import encode_cursor, etag_of, json_bytes, pack
from channels.languages import language_chain
from channels.models import (
    Channel,
    RenderChange,
    RenderLock,
    StaleCacheKey,
    StoredAnswer,
    StoredPage,
)
from channels.resolution import ChannelView, channel_views, live_entries, resolve_answer
from config.passes import run_soon
from knowledge.languages import language_codes
from knowledge.models import Entry, Variant
from templates_app.rendering import render_answer
from templates_app.selectors import published_snippets, snippet_texts

logger = logging.getLogger(__name__)

PAGE_SIZE = 20
# Written over a key the store no longer holds, so a reader that looked in the
# database just before a removal cannot put the old bytes back (`cache.add`).
MISSING = "-"
# Bounds how long a value written before a cache outage can outlive it (a write
# lost while the cache was down cannot be repeated).
TIMEOUT = 60 * 60
RENDER_TASK = "channels.tasks.render_answers"
BATCH = 500

Stored = tuple[bytes, str, str]  # body, ETag, Content-Language


def answer_key(channel_id: int, language: str, key: str) -> str:
    return f"stored:a:{channel_id}:{language}:{key}"


def page_key(channel_id: int, language: str, cursor: str) -> str:
    return f"stored:p:{channel_id}:{language}:{cursor}"


def _cached(cache_key: str, load: Callable[[], Any]) -> Stored | None:
    try:
        value = store_cache().get(cache_key)
    except Exception:  # a cache outage: read the table
        logger.warning("Stored-answer cache unavailable.", exc_info=True)
        value = None
    if value is None:
        row = load()
        value = (bytes(row[0]), row[1], row[2]) if row else MISSING
        try:
            store_cache().add(cache_key, value, TIMEOUT)
        except Exception:
            logger.warning("Stored-answer cache write failed.", exc_info=True)
    return None if value == MISSING else value


def _row(model: type[StoredAnswer] | type[StoredPage], column: str, values: list[Any]) -> Any:
    """One stored response by its unique key, in plain SQL: on this path, building
    the ORM query costs more than running it."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT body, etag, content_language FROM {table} "  # noqa: S608 (names are ours)
            f"WHERE channel_id = %s AND language = %s AND {column} = %s",
            values,
        )
        return cursor.fetchone()


def read_answer(channel_id: int, language: str, key: str) -> Stored | None:
    """The stored response for one answer, or None (then the ordinary path answers)."""
    return _cached(
        answer_key(channel_id, language, key),
        lambda: _row(StoredAnswer, "key", [channel_id, language, key]),
    )


def read_page(channel_id: int, language: str, cursor: str) -> Stored | None:
    """The stored response for a page of the common list query, or None."""
    if len(cursor) > 200:
        return None
    return _cached(
        page_key(channel_id, language, cursor),
        lambda: _row(StoredPage, "cursor", [channel_id, language, cursor]),
    )


# --- writing ---------------------------------------------------------------------


def record_change(entry_id: int | None) -> None:
    """Inside the current transaction: what channels serve for this entry (None: any
    entry) may change. Rendered after commit."""
    RenderChange.objects.create(entry_id=entry_id)
    transaction.on_commit(render_soon)


def withdraw(entry_id: int) -> None:
    """Inside the unpublishing transaction: this entry's stored answers, and the pages
    holding it, are removed now; the renderer puts back what is still served."""
    answers = list(
        StoredAnswer.objects.filter(entry_id=entry_id).values_list("channel_id", "language", "key")
    )
    # Every page of a list that held it: the pages after it shift, and the
    # renderer rebuilds a list whose pages are gone.
    holding = set(
        StoredPage.objects.filter(entries__contains=f" {entry_id} ").values_list(
            "channel_id", "language"
        )
    )
    lists = Q(pk__in=[])
    for channel_id, language in holding:
        lists |= Q(channel_id=channel_id, language=language)
    pages = list(StoredPage.objects.filter(lists).values_list("channel_id", "language", "cursor"))
    StoredAnswer.objects.filter(entry_id=entry_id).delete()
    StoredPage.objects.filter(lists).delete()
    gone = [answer_key(*row) for row in answers] + [page_key(*row) for row in pages]
    files = [(c, lang, answer_file(key), None) for c, lang, key in answers]
    files += [(c, lang, page_file(cursor), None) for c, lang, cursor in pages]

    def after_commit() -> None:
        # Tombstones: no reader can put the old bytes back in the cache.
        _write_cache(dict.fromkeys(gone, MISSING))
        views = channel_views(Channel.objects.all())
        exported = static_exports(views)
        _export([f for f in files if f[0] in exported], exported)

    transaction.on_commit(after_commit)
    record_change(entry_id)


def render_soon() -> None:
    """After commit: a render pass now, or by a worker (`config.passes`). Reads
    meanwhile take the ordinary path for what is missing, or the last published
    bytes."""
    run_soon(render_pending, RENDER_TASK, "render pass")


def render_pending(*, rounds: int = 20) -> int:
    """Apply the outbox: render what changed; returns how many rows were applied."""
    repair_cache()
    applied = 0
    for _ in range(rounds):
        rows = list(RenderChange.objects.order_by("pk").values_list("pk", "entry_id")[:BATCH])
        if not rows:
            break
        ids = [entry_id for _pk, entry_id in rows]
        render(None if None in ids else sorted(set(ids)))
        RenderChange.objects.filter(pk__in=[pk for pk, _entry in rows]).delete()
        applied += len(rows)
    return applied


@dataclass
class RenderResult:
    written: int = 0
    removed: int = 0
    pages: int = 0
    cache: dict[str, Any] = field(default_factory=dict)
    # (channel id, language, file name, bytes or None to remove): for static exports.
    files: list[tuple[int, str, str, bytes | None]] = field(default_factory=list)


def render(entry_ids: Iterable[int] | None = None) -> RenderResult:
    """Render these entries (None: every entry) for every channel and language."""
    ids = None if entry_ids is None else list(entry_ids)
    result = RenderResult()
    RenderLock.objects.get_or_create(pk=1)
    with transaction.atomic():
        RenderLock.objects.select_for_update().get(pk=1)
        views = channel_views(Channel.objects.all())
        snippets = published_snippets()
        for view in views.values():

            def texts(language: str, view: ChannelView = view) -> dict[str, str]:
                return snippet_texts(snippets, language, view.id)

            for language in language_codes():
                if _render_answers(view, language, ids, texts, result):
                    _render_pages(view, language, result)
        # Set while the lock is held: a later pass cannot be overtaken.
        _write_cache(result.cache)
        exported = static_exports(views)
        changed = [f for f in result.files if f[0] in exported]
        if exported:
            transaction.on_commit(lambda: _export(changed, exported))
    return result


def _render_answers(
    view: ChannelView,
    language: str,
    ids: list[int] | None,
    texts: Callable[[str], dict[str, str]],
    result: RenderResult,
) -> bool:
    """Store this channel's answers in `language` for these entries; True if any changed."""
    chain = language_chain(language, list(view.fallback_languages))
    filters = Q(pk__in=ids) if ids is not None else None
    rendered: dict[str, tuple[int, Stored]] = {}
    for entry in live_entries(view, chain, filters=filters):
        answer = resolve_answer(entry, view, language)
        if answer is not None:
            shown = render_answer(answer, snippets=texts)
            rendered[entry.key] = (entry.id, pack(shown, [answer["language"]]))
    existing = StoredAnswer.objects.filter(channel_id=view.id, language=language)
    if ids is not None:
        existing = existing.filter(entry_id__in=ids)
    have = {row.key: row for row in existing.only("pk", "key", "etag", "entry_id")}
    gone = [key for key in have if key not in rendered]
    StoredAnswer.objects.filter(pk__in=[have[key].pk for key in gone]).delete()
    for key in gone:
        result.cache[answer_key(view.id, language, key)] = MISSING
        result.files.append((view.id, language, answer_file(key), None))
    result.removed += len(gone)
    changed = bool(gone)
    for key, (entry_id, (body, etag, content_language)) in rendered.items():
        row = have.get(key)
        if row is not None and row.etag == etag and row.entry_id == entry_id:
            continue
        stored = (body, etag, content_language)
        _put(StoredAnswer, view, language, {"key": key}, stored, {"entry_id": entry_id})
        result.cache[answer_key(view.id, language, key)] = stored
        result.files.append((view.id, language, answer_file(key), body))
        result.written += 1
        changed = True
    return changed or not StoredPage.objects.filter(channel_id=view.id, language=language).exists()


def live_keys(view: ChannelView) -> list[tuple[str, int]]:
    """(key, id) of every entry with a live version on the channel's chain, by key:
    the entries the list walks (some may have nothing in a given language)."""
    live = Variant.objects.filter(
        entry=OuterRef("pk"), channel_id__in=view.variant_chain, published_version__isnull=False
    )
    return list(Entry.objects.filter(Exists(live)).order_by("key").values_list("key", "pk"))


def _render_pages(view: ChannelView, language: str, result: RenderResult) -> None:
    """The pages of the common list query, assembled from the stored answers.

    Pages walk the same entries as the list endpoint (`live_entries` by key), so
    an entry with nothing to serve in this language takes its place in the
    page count and is left out of the results, exactly as there.
    """
    stored = {
        key: (bytes(body), content_language)
        for key, body, content_language in StoredAnswer.objects.filter(
            channel_id=view.id, language=language
        ).values_list("key", "body", "content_language")
    }
    entries = live_keys(view)
    pages: dict[str, tuple[Stored, str]] = {}
    for start in range(0, max(len(entries), 1), PAGE_SIZE):
        page = entries[start : start + PAGE_SIZE]
        more = len(entries) > start + PAGE_SIZE
        cursor = "" if start == 0 else encode_cursor("k", entries[start - 1][0])
        shown = [stored[key] for key, _id in page if key in stored]
        next_cursor = encode_cursor("k", page[-1][0]) if more else None
        body = (
            b'{"results":['
            + b",".join(body for body, _language in shown)
            + b'],"next_cursor":'
            + json_bytes(next_cursor)
            + b"}"
        )
        etag = etag_of(body)
        content_language = ", ".join(dict.fromkeys(language for _body, language in shown))
        held = " " + " ".join(str(entry_id) for _key, entry_id in page) + " "
        pages[cursor] = ((body, etag, content_language), held)
    have = {
        row.cursor: row
        for row in StoredPage.objects.filter(channel_id=view.id, language=language).only(
            "pk", "cursor", "etag"
        )
    }
    gone = [cursor for cursor in have if cursor not in pages]
    StoredPage.objects.filter(pk__in=[have[cursor].pk for cursor in gone]).delete()
    for cursor in gone:
        result.cache[page_key(view.id, language, cursor)] = MISSING
        result.files.append((view.id, language, page_file(cursor), None))
    for cursor, ((body, etag, content_language), held) in pages.items():
        row = have.get(cursor)
        if row is not None and row.etag == etag:
            continue
        stored = (body, etag, content_language)
        _put(StoredPage, view, language, {"cursor": cursor}, stored, {"entries": held})
        result.cache[page_key(view.id, language, cursor)] = stored
        result.files.append((view.id, language, page_file(cursor), body))
        result.pages += 1


def _put(
    model: type[StoredAnswer] | type[StoredPage],
    view: ChannelView,
    language: str,
    key: dict[str, str],
    response: Stored,
    extra: dict[str, Any],
) -> None:
    """Write one stored response (a row per channel, language and key)."""
    body, etag, content_language = response
    model.objects.update_or_create(
        channel_id=view.id,
        language=language,
        **key,
        defaults={"body": body, "etag": etag, "content_language": content_language, **extra},
    )


def _write_cache(values: dict[str, Any]) -> None:
    """Put these values (or tombstones) in the cache; keys that could not be
    written are recorded (`StaleCacheKey`) for the next pass to delete, so a
    lost write cannot leave old bytes served."""
    if not values:
        return
    try:
        failed = list(store_cache().set_many(values, TIMEOUT) or [])
    except Exception:
        logger.warning("Could not update the stored-answer cache.", exc_info=True)
        failed = list(values)
    if failed:
        StaleCacheKey.objects.bulk_create([StaleCacheKey(key=key) for key in failed])


def repair_cache() -> int:
    """Delete from the cache the keys earlier writes missed; returns how many."""
    rows = list(StaleCacheKey.objects.values_list("pk", "key")[:5000])
    if not rows:
        return 0
    try:
        store_cache().delete_many(sorted({key for _pk, key in rows}))
    except Exception:
        logger.warning("Stored-answer cache still unavailable; repair waits.", exc_info=True)
        return 0
    StaleCacheKey.objects.filter(pk__in=[pk for pk, _key in rows]).delete()
    return len(rows)


def store_cache() -> Any:
    """The cache alias whose failures raise (settings: CACHES["stored"])."""
    return caches["stored"]


# --- static export ---------------------------------------------------------------


# Written when a folder has been filled whole: from then on only changes are written.
FILLED = ".parley-export"


def answer_file(key: str) -> str:
    return f"answers/{key}.json"


def page_file(cursor: str) -> str:
    """The first page is `index.json`; the page a `next_cursor` asks for, `index-<cursor>.json`."""
    return f"answers/index-{cursor}.json" if cursor else "answers/index.json"


def static_exports(views: dict[str, ChannelView]) -> dict[int, tuple[str, Path]]:
    """channel id -> (slug, folder) of the public channels `PARLEY_STATIC_EXPORT` names."""
    return {
        views[slug].id: (slug, Path(folder))
        for slug, folder in settings.PARLEY_STATIC_EXPORT.items()
        if slug in views and views[slug].public
    }


def _export(
    files: list[tuple[int, str, str, bytes | None]], exported: dict[int, tuple[str, Path]]
) -> None:
    """Write (or remove) the changed files, then ask the CDN to purge their paths.
    A folder not filled yet (the export was just turned on) is filled whole first."""
    for slug, root in exported.values():
        if not (root / FILLED).exists():
            export_channel(slug, root)
    if not files:
        return
    paths = [
        path
        for channel_id, language, name, body in files
        if (path := write_file(exported[channel_id][1], language, name, body)) is not None
    ]
    if paths and settings.PARLEY_CDN_PURGE:
        try:
            import_string(settings.PARLEY_CDN_PURGE)(paths)
        except Exception:  # the CDN's own expiry still applies; never fail a publish
            logger.exception("CDN purge of %s paths failed.", len(paths))


def write_file(root: Path, language: str, name: str, body: bytes | None) -> str | None:
    """Write `body` at <root>/<language>/<name> if it differs (None: remove the file);
    returns the path relative to `root` when something changed. An unchanged file
    is left alone, so its modification time, and the ETag a web server derives
    from it, stay the same."""
    path = root / language / name
    relative = f"{language}/{name}"
    # Keys are slugs and cursors base64: a name that leaves the folder is a bug.
    if not path.resolve().is_relative_to(root.resolve()):
        raise ValueError(f"{relative!r} is outside {root}")
    if body is None:
        if path.exists():
            path.unlink()
            return relative
        return None
    if path.exists() and path.read_bytes() == body:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
    temporary.write_bytes(body)
    os.replace(temporary, path)
    return relative


def export_channel(slug: str, root: Path) -> tuple[int, int]:
    """Write every stored answer and page of channel `slug` under `root` and remove
    files it no longer serves; returns (files written, files removed)."""
    channel = Channel.objects.get(slug=slug)
    wanted: dict[str, bytes] = {}
    for language, key, body in StoredAnswer.objects.filter(channel=channel).values_list(
        "language", "key", "body"
    ):
        wanted[f"{language}/{answer_file(key)}"] = bytes(body)
    for language, cursor, body in StoredPage.objects.filter(channel=channel).values_list(
        "language", "cursor", "body"
    ):
        wanted[f"{language}/{page_file(cursor)}"] = bytes(body)
    written = sum(
        write_file(root, *name.split("/", 1), body) is not None for name, body in wanted.items()
    )
    removed = 0
    for path in sorted(root.glob("*/answers/*.json")):
        if str(path.relative_to(root)) not in wanted:
            path.unlink()
            removed += 1
    (root / FILLED).write_text("Parley keeps this folder current; see README, static export.\n")
    return written, removed
