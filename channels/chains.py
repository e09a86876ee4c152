"""Which channels' variants a channel is served: the one walk along `inherits_from`.

A channel is served its own variant, else the one of the channel it inherits
from, and so on; every chain ends at the primary channel, which holds each
entry's plain variant. Resolution, webhooks and the editor's preview all walk
the chain here. What they do with it differs on purpose: resolution picks,
per language, the first published text along it; webhooks tell every channel
whose chain holds the changed variant (a language missing nearer up falls
through to it, so telling too many is the safe side); the preview shows the
channels that reach the variant before another published one.
"""

from collections.abc import Iterable

from channels.models import Channel


def variant_chains(channels: Iterable[Channel]) -> dict[int, tuple[int, ...]]:
    """Per channel id: its id, its ancestors' ids, then the primary channel's (no repeats)."""
    channels = list(channels)
    by_id = {channel.pk: channel for channel in channels}
    primary = next((channel.pk for channel in channels if channel.is_primary), None)
    chains = {}
    for channel in channels:
        chain: list[int] = []
        current: Channel | None = channel
        while current is not None and current.pk not in chain:  # a loop ends the walk
            chain.append(current.pk)
            current = by_id.get(current.inherits_from_id) if current.inherits_from_id else None
        if primary is not None and primary not in chain:
            chain.append(primary)
        chains[channel.pk] = tuple(chain)
    return chains


def channels_reaching(channel_id: int, channels: Iterable[Channel]) -> list[Channel]:
    """Channels whose chain holds `channel_id`: those a variant on it can be served to."""
    channels = list(channels)
    chains = variant_chains(channels)
    return [channel for channel in channels if channel_id in chains[channel.pk]]


def channels_served(
    channel_id: int, channels: Iterable[Channel], *, with_variants: Iterable[int]
) -> list[Channel]:
    """Channels served the variant on `channel_id` when an entry has variants on
    `with_variants`: those whose chain reaches it before any other variant."""
    channels = list(channels)
    chains = variant_chains(channels)
    own = set(with_variants)
    served = []
    for channel in channels:
        for link in chains[channel.pk]:
            if link == channel_id:
                served.append(channel)
                break
            if link in own:
                break
    return served
