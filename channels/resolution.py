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
from types import SimpleNamespace
from typing import Any

from django.db.models import Exists, OuterRef, Q

from channels.chains import variant_chains
from channels.feedback_tokens import feedback_token, feedback_url
from channels.languages import language_chain
from channels.models import Channel
from knowledge.digests import source_digest
from knowledge.languages import localized, source_language
from knowledge.models import Entry, Variant
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
    chains = variant_chains(channels)
    names = {channel.pk: (channel.slug, channel.format) for channel in channels}
    views = {}
    for channel in channels:
        views[channel.slug] = ChannelView(
            id=channel.pk,
            slug=channel.slug,
            format=channel.format,
            public=channel.public,
            default_language=channel.default_language,
            fallback_languages=tuple(channel.fallback_languages or ()),
            variant_chain=chains[channel.pk],
            channels=names,
        )
    return views


@dataclass
class LiveEntry:
    """An entry as delivery reads it: its key, topic slug and live versions by channel id.

    The versions are plain namespaces holding the `Version` columns the request
    needs, under the same attribute names.
    """

    id: int
    key: str
    topic: str
    versions: dict[int, SimpleNamespace]


def live_entries(
    view: ChannelView,
    languages: Iterable[str],
    *,
    filters: Q | None = None,
    limit: int | None = None,
) -> list[LiveEntry]:
    """Entries with a published version along the channel's chain, ordered by key.

    One query reads the entries and their live texts together: a row per
    published variant on the chain, joined with its entry and version. Only
    the columns of `languages` (plus the source language) are read: with 30
    languages a version holds 30 bodies, and a request needs two or three.
    `filters` apply to entries (``Q(key="refund")``); `limit` caps the number
    of entries. No model instances are built on this path.
    """
    codes = dict.fromkeys([*languages, source_language()])
    columns = [localized(field, code) for code in codes for field in ("title", "body", "based_on")]
    live = Variant.objects.filter(
        entry=OuterRef("pk"), channel_id__in=view.variant_chain, published_version__isnull=False
    )
    # The page of entries is a subquery, so the database walks the key index
    # and stops after `limit` entries instead of sorting every variant.
    page = Entry.objects.filter(Exists(live)).filter(filters or Q()).order_by("key").values("pk")
    if limit is not None:
        page = page[:limit]
    rows = (
        Variant.objects.filter(
            entry_id__in=page,
            channel_id__in=view.variant_chain,
            published_version__isnull=False,
        )
        .order_by("entry__key")
        .values_list(
            "entry_id",
            "entry__key",
            "entry__topic__slug",
            "channel_id",
            "published_version_id",
            "published_version__published_at",
            *(f"published_version__{column}" for column in columns),
        )
    )
    entries: list[LiveEntry] = []
    for entry_id, key, topic, channel_id, pk, published_at, *texts in rows:
        if not entries or entries[-1].id != entry_id:
            entries.append(LiveEntry(id=entry_id, key=key, topic=topic, versions={}))
        entries[-1].versions[channel_id] = SimpleNamespace(
            pk=pk, published_at=published_at, **dict(zip(columns, texts, strict=True))
        )
    return entries


def _complete(version: Any, language: str) -> bool:
    return bool(
        getattr(version, localized("title", language))
        and getattr(version, localized("body", language))
    )


def resolve_answer(entry: LiveEntry, view: ChannelView, requested: str) -> dict[str, Any] | None:
    """The answer `view` is served for `entry`, or None when nothing can be served."""
    versions = entry.versions
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
    entry: LiveEntry,
    version: Any,
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
        "topic": entry.topic,
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
        # Where the customer's vote on exactly this text goes (`channels.feedback_tokens`).
        "feedback": {
            "url": feedback_url(view.slug, entry.key),
            "token": feedback_token(view.id, entry.key, version.pk, language),
        },
    }
