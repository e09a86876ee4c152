"""Which text a channel is served: the one selector every delivery endpoint uses.

Variant: the channel's own, then along `inherits_from`, ending at the entry's
plain variant on the primary channel. Language: the requested one, then the
channel's fallbacks, then the source language. Languages come first: for each
language in turn, the first variant along the chain whose *published* version
has both title and body in it is served. A customer who asked in Japanese gets
Japanese (perhaps the plain help-page text) before an English chat text; the
answer says which variant and language it is, and whether that is a fallback.

Only `Variant.published_version` is ever read, so drafts, versions in review,
approved or scheduled versions and unpublished ones cannot reach a channel.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from channels.languages import language_chain
from channels.models import Channel
from knowledge.digests import source_digest
from knowledge.languages import localized
from knowledge.models import Entry, Variant, Version
from knowledge.selectors import OUTDATED, text_state


@dataclass(frozen=True)
class ChannelView:
    """What resolution needs to know of a channel; cheap to cache."""

    id: int
    slug: str
    format: str
    public: bool
    default_language: str
    fallback_languages: tuple[str, ...]
    # This channel, its ancestors, then the primary channel (ids, no repeats).
    variant_chain: tuple[int, ...]
    # Slug and format of every channel, to report whose variant was served.
    channels: dict[int, tuple[str, str]] = field(default_factory=dict, compare=False, hash=False)


def channel_views(channels: Iterable[Channel]) -> dict[str, ChannelView]:
    """Every channel's view, built from one list of channels (no further queries)."""
    channels = list(channels)
    by_id = {channel.pk: channel for channel in channels}
    primary = next((channel for channel in channels if channel.is_primary), None)
    names = {channel.pk: (channel.slug, channel.format) for channel in channels}
    views = {}
    for channel in channels:
        chain: list[int] = []
        current: Channel | None = channel
        while current is not None and current.pk not in chain:
            chain.append(current.pk)
            current = by_id.get(current.inherits_from_id) if current.inherits_from_id else None
        if primary is not None and primary.pk not in chain:
            chain.append(primary.pk)
        views[channel.slug] = ChannelView(
            id=channel.pk,
            slug=channel.slug,
            format=channel.format,
            public=channel.public,
            default_language=channel.default_language,
            fallback_languages=tuple(channel.fallback_languages or ()),
            variant_chain=tuple(chain),
            channels=names,
        )
    return views


def visible_entries(view: ChannelView) -> QuerySet[Entry]:
    """Entries with a published version somewhere along the channel's variant chain."""
    live = Variant.objects.filter(
        entry=OuterRef("pk"), channel_id__in=view.variant_chain, published_version__isnull=False
    )
    return Entry.objects.filter(Exists(live)).select_related("topic")


def live_versions(entries: list[Entry], view: ChannelView) -> dict[int, dict[int, Version]]:
    """``{entry id: {channel id: published version}}`` along the chain, in one query."""
    variants = Variant.objects.filter(
        entry__in=[entry.pk for entry in entries],
        channel_id__in=view.variant_chain,
        published_version__isnull=False,
    ).select_related("published_version")
    found: dict[int, dict[int, Version]] = {}
    for variant in variants:
        found.setdefault(variant.entry_id, {})[variant.channel_id] = variant.published_version
    return found


def _complete(version: Version, language: str) -> bool:
    return bool(
        getattr(version, localized("title", language))
        and getattr(version, localized("body", language))
    )


def resolve_answer(
    entry: Entry, versions: dict[int, Version], view: ChannelView, requested: str
) -> dict[str, Any] | None:
    """The answer `view` is served for `entry`, or None when nothing can be served."""
    primary_id = view.variant_chain[-1]
    source = versions.get(primary_id)
    digest = source_digest(source) if source is not None else ""
    for language in language_chain(requested, list(view.fallback_languages)):
        for channel_id in view.variant_chain:
            version = versions.get(channel_id)
            if version is None or not _complete(version, language):
                continue
            return _answer(entry, version, view, language, requested, channel_id, digest)
    return None


def _answer(
    entry: Entry,
    version: Version,
    view: ChannelView,
    language: str,
    requested: str,
    channel_id: int,
    digest: str,
) -> dict[str, Any]:
    published_at: datetime | None = version.published_at
    slug, written_in = view.channels.get(channel_id, ("", view.format))
    return {
        "key": entry.key,
        "topic": entry.topic.slug,
        "title": getattr(version, localized("title", language)),
        "body": getattr(version, localized("body", language)),
        # The format the body is written in: that of the variant served.
        "format": written_in,
        "language": language,
        "requested_language": requested,
        "is_fallback": language != requested,
        "variant_channel": slug,
        "version": version.pk,
        "published_at": published_at.isoformat() if published_at else None,
        "outdated": text_state(version=version, language=language, source=digest) == OUTDATED,
    }
