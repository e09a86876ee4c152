"""What delivery responses are made of: JSON bytes, ETags, cursors, bounded numbers."""

import base64
import binascii

from channels.encoding import encode_cursor, json_bytes, pack
from config.api import ApiError
from config.numbers import ascii_int

__all__ = [
    "bounded",
    "cursor_parts",
    "decode_cursor",
    "encode_cursor",
    "etags",
    "json_bytes",
    "pack",
]


def etags(header: str) -> set[str]:
    """The validators an `If-None-Match` header names (weak ones compare as strong)."""
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


def decode_cursor(raw: str, kind: str) -> str:
    """The value of a cursor of `kind`; 400 `invalid_cursor` for anything else."""
    found, value = cursor_parts(raw)
    if found != kind:
        raise ApiError("invalid_cursor", "This cursor was not issued by this API.")
    return value


def cursor_parts(raw: str) -> tuple[str, str]:
    """A cursor's kind and value; 400 `invalid_cursor` when it is not one of ours."""
    try:
        text = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError) as error:
        raise ApiError("invalid_cursor", "This cursor was not issued by this API.") from error
    kind, sep, value = text.partition(":")
    # Control characters never come from us; NUL would fail in PostgreSQL (500).
    if len(raw) > 300 or not sep or len(kind) != 1 or not value.isprintable():
        raise ApiError("invalid_cursor", "This cursor was not issued by this API.")
    return kind, value


def bounded(raw: str | None, *, default: int, high: int, name: str) -> int:
    """A whole number 1..`high` from a query parameter; 400 `invalid_<name>` otherwise."""
    if raw is None:
        return default
    value = ascii_int(raw)
    if value is None or not 1 <= value <= high:
        raise ApiError(f"invalid_{name}", f"`{name}` must be a whole number from 1 to {high}.")
    return value
