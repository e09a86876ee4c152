"""What every delivery request needs, read once per cache generation."""

from channels import cache
from channels.models import Channel
from channels.resolution import ChannelView, channel_views
from templates_app.selectors import PublishedSnippet, published_snippets

# This process's copy of the channel views and the generation it belongs to:
# every request reads the generation anyway, so a copy still current costs
# nothing more (no second cache read, no unpickling).
_held: tuple[str, dict[str, ChannelView]] | None = None


def all_channel_views() -> dict[str, ChannelView]:
    global _held
    gen = cache.generation()
    if gen is not None and _held is not None and _held[0] == gen:
        return _held[1]
    views = cache.get(gen, "channels")
    if views is None:
        views = channel_views(Channel.objects.all())
        cache.set(gen, "channels", views)
    if gen is not None:
        _held = (gen, views)
    return views


def live_snippets() -> dict[str, PublishedSnippet]:
    """Published snippets, cached like answers (a snippet publish renews the generation)."""
    gen = cache.generation()
    snippets = cache.get(gen, "snippets")
    if snippets is None:
        snippets = published_snippets()
        cache.set(gen, "snippets", snippets)
    return snippets
