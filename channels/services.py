"""Writers of channel tokens and webhook secrets."""

import hashlib
import hmac
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from channels.models import Channel, ChannelToken, Feedback
from config.limits import check_length
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


def _new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def channel_save(*, channel: Channel) -> str | None:
    """Save `channel`; a webhook URL that is new, or points somewhere else now, gets a
    new secret (the old receiver's secret must not sign for the new one).

    Returns the new secret when one was made, for the caller to show once:
    it is never shown again (not in forms, not in history).
    """
    before = (
        Channel.objects.filter(pk=channel.pk).values_list("webhook_url", flat=True).first()
        if channel.pk
        else None
    )
    created = None
    if channel.webhook_url and (not channel.webhook_secret or before != channel.webhook_url):
        created = channel.webhook_secret = _new_secret()
        channel.webhook_secret_rotated_at = timezone.now()
        channel.webhook_previous_secret = ""
        channel.webhook_previous_secret_until = None
    channel.save()
    return created


@transaction.atomic
def channel_webhook_secret_rotate(*, channel: Channel) -> str:
    """Give `channel` a new webhook secret and return it (shown once).

    For `PARLEY_WEBHOOK_SECRET_GRACE_HOURS` deliveries are signed with the old
    secret as well (`X-Parley-Signature-Previous`), so the receiver can switch
    without rejecting anything.
    """
    channel = Channel.objects.select_for_update().get(pk=channel.pk)
    now = timezone.now()
    if channel.webhook_secret:
        channel.webhook_previous_secret = channel.webhook_secret
        channel.webhook_previous_secret_until = now + timedelta(
            hours=settings.PARLEY_WEBHOOK_SECRET_GRACE_HOURS
        )
    channel.webhook_secret = _new_secret()
    channel.webhook_secret_rotated_at = now
    channel.save(
        update_fields=[
            "webhook_secret",
            "webhook_secret_rotated_at",
            "webhook_previous_secret",
            "webhook_previous_secret_until",
            "updated_at",
        ]
    )
    return channel.webhook_secret


def feedback_client_key(address: str) -> str:
    """A stable, keyed digest of a client's address: counts votes without storing addresses."""
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()[:40]


def feedback_record(
    *,
    entry_id: int,
    channel_id: int,
    language: str,
    version_id: int,
    client_key: str,
    helpful: bool | None,
    effort: int | None,
    comment: str,
) -> tuple[Feedback, bool]:
    """Store a customer's vote on what they were shown; returns it and whether it is new.

    With a `client_key`, a client has one vote per answer, language and version
    a day: a later vote that day replaces the earlier one. Without one (a
    channel's server posting for many customers) every vote is kept.
    """
    check_length("feedback_comment", comment, column="comment")
    values: dict[str, Any] = {"helpful": helpful, "effort": effort, "comment": comment}
    if not client_key:
        feedback = Feedback.objects.create(
            entry_id=entry_id,
            channel_id=channel_id,
            language=language,
            version_id=version_id,
            **values,
        )
        return feedback, True
    return Feedback.objects.update_or_create(
        entry_id=entry_id,
        channel_id=channel_id,
        language=language,
        version_id=version_id,
        client_key=client_key,
        day=timezone.now().date(),
        defaults=values,
    )
