"""API tokens: generated once, shown once, stored only as a digest.

Tokens are long random strings, so a fast digest (SHA-256) is enough to keep
a database leak from handing out working credentials; a slow password hash
would only make every API call slower.
"""

import hashlib
import secrets
from typing import Any

from django.utils import timezone

PREFIX_LENGTH = 10


def generate_token(kind: str) -> str:
    """A new raw token such as ``pu_...``; `kind` tells user and channel tokens apart."""
    return f"{kind}_{secrets.token_urlsafe(32)}"


def hash_token(raw: str) -> str:
    """The digest stored for `raw`."""
    return hashlib.sha256(raw.encode()).hexdigest()


def token_prefix(raw: str) -> str:
    """The first characters of a token, kept in clear so people can tell tokens apart."""
    return raw[:PREFIX_LENGTH]


def issue_token(token: Any, kind: str) -> str:
    """Give an unsaved token row its secret and save it; the raw token is returned only here."""
    raw = generate_token(kind)
    token.prefix = token_prefix(raw)
    token.key_hash = hash_token(raw)
    token.save()
    return raw


def revoke_token(token: Any) -> Any:
    """Stop a token from working; the row stays, for the audit trail."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
