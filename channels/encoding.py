"""How delivery responses are encoded: compact JSON bytes, ETags, list cursors.

Shared by the API (`channels.api`) and the renderer that stores responses at
publish (`channels.stored`), so both write byte for byte the same thing.
"""

import base64
import hashlib
import json
from typing import Any


def json_bytes(data: Any) -> bytes:
    """Compact UTF-8 JSON, as every delivery response is sent."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def etag_of(body: bytes) -> str:
    """The strong ETag of a response body."""
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def pack(data: Any, languages: list[str]) -> tuple[bytes, str, str]:
    """A response ready to cache: its body, its ETag and its Content-Language."""
    body = json_bytes(data)
    return body, etag_of(body), ", ".join(dict.fromkeys(languages))


def encode_cursor(kind: str, value: str) -> str:
    """An opaque cursor: `kind` ("k" list position, "c" change id) and its value."""
    return base64.urlsafe_b64encode(f"{kind}:{value}".encode()).decode().rstrip("=")
