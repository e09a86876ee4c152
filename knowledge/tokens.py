"""API tokens: generated once, shown once, stored only as a digest.

Tokens are long random strings, so a fast digest (SHA-256) is enough to keep
a database leak from handing out working credentials; a slow password hash
would only make every API call slower.
"""

import hashlib
import secrets

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
