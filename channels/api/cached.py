"""What every delivery request needs, read once per cache generation."""

import time
from typing import Any

from django.db import connection

from channels import cache
from channels.models import Channel
from channels.resolution import ChannelView, channel_views
from templates_app.selectors import PublishedSnippet, published_snippets

# This process's copy of the channel views, with the cache generation and the
# channel table's stamp (every channel's id and last change) it was built at.
# While the generation holds the copy is used as it is, for at most
# RECHECK_SECONDS; after that, or when the generation moved (or the cache is
# gone), one small query of the stamp tells whether the copy still holds.
# When it does not, the views are built again from the database itself, never
# taken from the cache, which may hold views from before the change.
_held: tuple[str | None, tuple[Any, ...], float, dict[str, ChannelView]] | None = None
RECHECK_SECONDS = 5.0


def _stamp() -> tuple[Any, ...]:
    """Changes whenever a channel is saved, added or deleted."""
    table = connection.ops.quote_name(Channel._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, updated_at FROM {table} ORDER BY id")  # noqa: S608
        return tuple(cursor.fetchall())


def all_channel_views(gen: str | bool | None = False) -> dict[str, ChannelView]:
    """Every channel's view; `gen` is the cache generation when the caller read it."""
    global _held
    if gen is False:
        gen = cache.generation()
    now = time.monotonic()
    if (
        gen is not None
        and _held is not None
        and _held[0] == gen
        and now - _held[2] < RECHECK_SECONDS
    ):
        return _held[3]
    stamp = _stamp()  # before the views: a change after it shows at the next check
    if _held is not None and _held[1] == stamp:
        views = _held[3]
    else:
        views = channel_views(Channel.objects.all())
    _held = (gen, stamp, now, views)
    return views


def live_snippets() -> dict[str, PublishedSnippet]:
    """Published snippets, cached like answers (a snippet publish renews the generation)."""
    gen = cache.generation()
    snippets = cache.get(gen, "snippets")
    if snippets is None:
        snippets = published_snippets()
        cache.set(gen, "snippets", snippets)
    return snippets
