"""Writers of channel tokens."""

from channels.models import Channel, ChannelToken
from knowledge.tokens import issue_token, revoke_token


def channel_token_issue(token: ChannelToken) -> str:
    """Give an unsaved channel token its secret and save it; returns the raw token."""
    return issue_token(token, "pc")


def channel_token_create(*, channel: Channel, name: str = "") -> tuple[ChannelToken, str]:
    """A new token for `channel`, with its raw key."""
    token = ChannelToken(channel=channel, name=name)
    return token, channel_token_issue(token)


def channel_token_revoke(*, token: ChannelToken) -> ChannelToken:
    """Stop the token from working (the delivery cache forgets it on commit)."""
    return revoke_token(token)
