"""Feedback tokens: what a channel needs to ask "how much effort did it take?" in the same
conversation, and post the answer from the customer's side.

Every answer delivered carries `feedback: {url, token}`. The token is signed
(`django.core.signing`, keyed by the secret key) and names the channel, the
answer, the version and the language served, so a vote posted with it is about
exactly what the customer was shown, even after a new version went live. It
needs no channel token (a widget in the customer's browser must not hold one),
and it lives as long as its version is published and `PARLEY_FEEDBACK_TOKEN_DAYS`
after. It holds no time of its own, so answers stored at publish stay as they are.
"""

from datetime import timedelta
from typing import NamedTuple

from django.conf import settings
from django.core import signing
from django.utils import timezone

from knowledge.models import Version
from knowledge.workflow import VersionStatus

SALT = "parley.feedback-token"


class FeedbackTarget(NamedTuple):
    channel_id: int
    key: str
    version_id: int
    language: str


def feedback_token(channel_id: int, key: str, version_id: int, language: str) -> str:
    # A plain signer: `signing.dumps` would add the time, and a stored answer must not change.
    return signing.Signer(salt=SALT).sign_object([channel_id, key, version_id, language])


def feedback_url(channel_slug: str, key: str) -> str:
    return f"/api/v1/delivery/{channel_slug}/answers/{key}/feedback/"


def read(token: str) -> FeedbackTarget | None:
    """What a token names, or None when it is not one of ours (or tampered with)."""
    try:
        value = signing.Signer(salt=SALT).unsign_object(token)
    except signing.BadSignature:
        return None
    if not (
        isinstance(value, list)
        and len(value) == 4
        and isinstance(value[0], int)
        and isinstance(value[1], str)
        and isinstance(value[2], int)
        and isinstance(value[3], str)
    ):
        return None
    return FeedbackTarget(*value)


def live_enough(version: Version | None) -> bool:
    """A token of `version` is good while it is published, and some days after."""
    if version is None:
        return False
    if version.status == VersionStatus.PUBLISHED:
        return True
    grace = timedelta(days=settings.PARLEY_FEEDBACK_TOKEN_DAYS)
    return (
        version.status in (VersionStatus.SUPERSEDED, VersionStatus.UNPUBLISHED)
        and version.updated_at >= timezone.now() - grace
    )
