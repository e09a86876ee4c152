"""What every delivery request needs, read once per cache generation."""

from typing import Any

from django.db import connection

from channels import cache
from channels.models import Channel
from channels.resolution import ChannelView, channel_views
from templates_app.selectors import PublishedSnippet, published_snippets

# This process's copy of the channel views, with the cache generation and the
# channel table's stamp it was read at. A request reads the generation anyway:
# while it holds, the copy is used as it is. When it moved (or the cache is
# gone) one small query of the table's stamp tells whether the copy still holds,
# instead of reading and rebuilding every channel.
_held: tuple[str | None, tuple[Any, ...], dict[str, ChannelView]] | None = None


def _stamp() -> tuple[Any, ...]:
    """Changes whenever a channel is saved, added or deleted."""
    table = connection.ops.quote_name(Channel._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*), MAX(updated_at) FROM {table}")  # noqa: S608
        return tuple(cursor.fetchone())


def all_channel_views(gen: str | bool | None = False) -> dict[str, ChannelView]:
    """Every channel's view; `gen` is the cache generation when the caller read it."""
    global _held
    if gen is False:
        gen = cache.generation()
    if gen is not None and _held is not None and _held[0] == gen:
        return _held[2]
    stamp = _stamp()
    if _held is not None and _held[1] == stamp:
        views = _held[2]
    else:
        views = cache.get(gen, "channels")
        if views is None:
            views = channel_views(Channel.objects.all())
            cache.set(gen, "channels", views)
    _held = (gen, stamp, views)
    return views


def live_snippets() -> dict[str, PublishedSnippet]:
    """Published snippets, cached like answers (a snippet publish renews the generation)."""
    gen = cache.generation()
    snippets = cache.get(gen, "snippets")
    if snippets is None:
        snippets = published_snippets()
        cache.set(gen, "snippets", snippets)
    return snippets
