"""How long one text may be, per field: every writer checks it before storing.

`PARLEY_MAX_TEXT_LENGTH` (default 20,000 characters) holds for every field
that `PARLEY_TEXT_LIMITS` does not name. Without a limit, one request could
store a megabyte that every later save copies into another history row.
"""

from django.conf import settings

from config.errors import TextTooLong

# What the database columns hold at most: a setting cannot raise these.
COLUMN_LIMITS = {"title": 300}


def text_limit(field: str) -> int:
    """The longest text allowed in `field` ("title", "body", "text", "comment", ...)."""
    limit = int(settings.PARLEY_TEXT_LIMITS.get(field, settings.PARLEY_MAX_TEXT_LENGTH))
    return min(limit, COLUMN_LIMITS.get(field, limit))


def check_length(field: str, value: str | None, *, column: str | None = None) -> None:
    """Refuse `value` with `text_too_long` when it is over `field`'s limit."""
    limit = text_limit(field)
    if value and len(value) > limit:
        name = column or field
        raise TextTooLong(
            f"{name} is {len(value)} characters long; the limit is {limit}.",
            field=name,
            limit=limit,
        )
