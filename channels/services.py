"""Writers of channel tokens."""

from django.utils import timezone

from channels.models import Channel, ChannelToken
from knowledge.tokens import generate_token, hash_token, token_prefix


def channel_token_issue(token: ChannelToken) -> str:
    """Give an unsaved token its secret and save it; the raw token is returned only here."""
    raw = generate_token("pc")
    token.prefix = token_prefix(raw)
    token.key_hash = hash_token(raw)
    token.save()
    return raw


def channel_token_create(*, channel: Channel, name: str = "") -> tuple[ChannelToken, str]:
    """A new token for `channel`, with its raw key."""
    token = ChannelToken(channel=channel, name=name)
    return token, channel_token_issue(token)


def channel_token_revoke(*, token: ChannelToken) -> ChannelToken:
    """Stop the token from working (the delivery cache forgets it on commit)."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
