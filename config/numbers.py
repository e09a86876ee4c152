"""Whole numbers from request text: ASCII digits only.

`str.isdigit()` is true for "²" and "٣", which `int()` then refuses or reads
as a number nobody typed; ids, page sizes and cursors take 0-9 alone.
"""

import re

DIGITS = re.compile(r"[0-9]{1,18}")


def ascii_int(raw: str | None) -> int | None:
    """`raw` as a non-negative int when it is 1-18 ASCII digits; else None."""
    if raw is None or not DIGITS.fullmatch(raw):
        return None
    return int(raw)
