"""Digests of source texts, used to tell when a translation falls out of date.

Imports no models at run time: the migration that normalised stored texts
(knowledge 0005) recomputes digests with `text_digest`, so there is one definition.
"""

import hashlib
from typing import TYPE_CHECKING

from knowledge.languages import localized, source_language

if TYPE_CHECKING:
    from knowledge.models import Version


def text_digest(*, title: str, body: str) -> str:
    """A stable fingerprint of one title and body."""
    payload = f"{title.strip()}\x00{body.strip()}".encode()
    return hashlib.sha256(payload).hexdigest()


def source_digest(version: "Version") -> str:
    """Fingerprint of a version's source-language text (`PARLEY_SOURCE_LANGUAGE`)."""
    language = source_language()
    return text_digest(
        title=getattr(version, localized("title", language)) or "",
        body=getattr(version, localized("body", language)) or "",
    )
