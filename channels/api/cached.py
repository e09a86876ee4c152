"""What every delivery request needs, read once per cache generation."""

from channels import cache
from channels.models import Channel
from channels.resolution import ChannelView, channel_views
from templates_app.selectors import PublishedSnippet, published_snippets


def all_channel_views() -> dict[str, ChannelView]:
    gen = cache.generation()
    views = cache.get(gen, "channels")
    if views is None:
        views = channel_views(Channel.objects.all())
        cache.set(gen, "channels", views)
    return views


def live_snippets() -> dict[str, PublishedSnippet]:
    """Published snippets, cached like answers (a snippet publish renews the generation)."""
    gen = cache.generation()
    snippets = cache.get(gen, "snippets")
    if snippets is None:
        snippets = published_snippets()
        cache.set(gen, "snippets", snippets)
    return snippets
