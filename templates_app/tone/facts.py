"""Facts a translation must not change: numbers, amounts, durations, URLs, e-mail addresses."""

import re
import unicodedata
from dataclasses import dataclass

URL = re.compile(r"https?://[^\s<>()\"'」）]+[^\s<>()\"'.,;:!?。、」）]")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# 1,000 / 1 000 / 4,90 / 4.90 / 24 / 1.5
NUMBER = re.compile(r"\d+(?:[ ,.\u00a0\u202f]\d{3})*(?:[.,]\d{1,2})?(?!\d)")


@dataclass(frozen=True)
class Fact:
    kind: str  # "url", "email" or "number"
    value: str  # normalised, comparable across languages
    start: int
    end: int


def _number_value(raw: str) -> str:
    decimal = ""
    match = re.search(r"[.,](\d{1,2})$", raw)
    if match:
        decimal, raw = match.group(1), raw[: match.start()]
    whole = re.sub(r"\D", "", raw).lstrip("0") or "0"
    decimal = decimal.rstrip("0")
    return f"{whole}.{decimal}" if decimal else whole


def _fold(ch: str) -> str:
    """Full-width and other compatibility forms as one plain character.

    Folded one character at a time, and only where the result is one
    character, so offsets in the folded text are offsets in the original.
    """
    folded = unicodedata.normalize("NFKC", ch)
    return folded if len(folded) == 1 else ch


def facts(text: str) -> list[Fact]:
    """The facts in `text`, normalised (full-width digits, separators, decimal commas)."""
    folded = "".join(_fold(ch) for ch in text)
    found: list[Fact] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in (("url", URL), ("email", EMAIL)):
        for match in pattern.finditer(folded):
            if any(s <= match.start() < e for s, e in taken):
                continue
            found.append(Fact(kind, match.group(0).lower(), match.start(), match.end()))
            taken.append(match.span())
    for match in NUMBER.finditer(folded):
        if any(s <= match.start() < e for s, e in taken):
            continue
        found.append(Fact("number", _number_value(match.group(0)), match.start(), match.end()))
    return sorted(found, key=lambda fact: fact.start)
