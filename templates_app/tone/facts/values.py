"""Typed fact values, and when two of them state the same fact.

A value is what a fact means, whatever language wrote it: "two working days",
2営業日 and "kahden arkipäivän" are all `Duration(2, "working day")`. Values are
compared, never their spellings.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol


def show(n: Decimal) -> str:
    """A number as a person reads it: 10,000 and 4.9, not 1E+4 or 4.90."""
    if n == n.to_integral_value():
        return f"{int(n):,}"
    return f"{n.normalize():f}"


class Value(Protocol):
    def numbers(self) -> frozenset[Decimal]:
        """The numbers written in this value, for comparing with a bare number."""
        ...

    def same(self, other: Value) -> bool: ...


@dataclass(frozen=True)
class Amount:
    """A bare number, or a count of things ("ふたつ", "兩件")."""

    n: Decimal

    def numbers(self) -> frozenset[Decimal]:
        return frozenset({self.n})

    def same(self, other: Value) -> bool:
        return isinstance(other, Amount) and other.n == self.n

    def __str__(self) -> str:
        return show(self.n)


# Units of one measure convert exactly (a week is 7 days); months and years do
# not convert into days, and working days are their own measure.
UNITS: dict[str, tuple[str, int]] = {
    "second": ("time", 1),
    "minute": ("time", 60),
    "hour": ("time", 3600),
    "day": ("time", 86400),
    "week": ("time", 604800),
    "working day": ("working days", 1),
    "month": ("months", 1),
    "year": ("months", 12),
}


@dataclass(frozen=True)
class Duration:
    n: Decimal
    unit: str  # a key of UNITS

    def measure(self) -> tuple[str, Decimal]:
        name, size = UNITS[self.unit]
        return name, self.n * size

    def numbers(self) -> frozenset[Decimal]:
        return frozenset({self.n})

    def same(self, other: Value) -> bool:
        return isinstance(other, Duration) and other.measure() == self.measure()

    def __str__(self) -> str:
        return f"{show(self.n)} {self.unit}{'' if self.n == 1 else 's'}"


@dataclass(frozen=True)
class Clock:
    """A time of day. `exact` is False when the 12-hour half is not written
    ("8:00", 8時): it then agrees with 8:00 and 20:00."""

    hour: int
    minute: int = 0
    exact: bool = True

    def numbers(self) -> frozenset[Decimal]:
        found = {self.hour, self.hour % 12 or 12}
        if not self.exact:
            found.add(self.hour % 12 + 12)
        if self.minute:
            found.add(self.minute)
        return frozenset(Decimal(n) for n in found)

    def same(self, other: Value) -> bool:
        if not isinstance(other, Clock) or other.minute != self.minute:
            return False
        if other.hour == self.hour:
            return True
        return not (self.exact and other.exact) and other.hour % 12 == self.hour % 12

    def __str__(self) -> str:
        return (
            f"{self.hour:02d}:{self.minute:02d}" if self.exact else f"{self.hour}:{self.minute:02d}"
        )


MONTHS = "January February March April May June July August September October November December"


@dataclass(frozen=True)
class Date:
    """A calendar date; a part not written (no year, or a month alone) agrees with any."""

    month: int | None
    day: int | None = None
    year: int | None = None

    def numbers(self) -> frozenset[Decimal]:
        return frozenset(Decimal(n) for n in (self.month, self.day, self.year) if n is not None)

    def same(self, other: Value) -> bool:
        if not isinstance(other, Date):
            return False
        pairs = ((self.month, other.month), (self.day, other.day), (self.year, other.year))
        return all(a is None or b is None or a == b for a, b in pairs)

    def __str__(self) -> str:
        parts = [str(self.day)] if self.day else []
        if self.month:
            parts.append(MONTHS.split()[self.month - 1])
        if self.year:
            parts.append(str(self.year))
        return " ".join(parts)


@dataclass(frozen=True)
class Money:
    """An amount with its currency; None for a currency word shared by several
    currencies ("$", 元, "dollars"), which then agrees with any currency."""

    n: Decimal
    currency: str | None

    def numbers(self) -> frozenset[Decimal]:
        return frozenset({self.n})

    def same(self, other: Value) -> bool:
        return (
            isinstance(other, Money)
            and other.n == self.n
            and (self.currency is None or other.currency is None or other.currency == self.currency)
        )

    def __str__(self) -> str:
        amount = show(self.n) if self.n == self.n.to_integral_value() else f"{self.n:,.2f}"
        return f"{self.currency or ''} {amount}".strip()


@dataclass(frozen=True)
class Percent:
    """A percentage; `off` when it is a discount (85折 is 15 % off)."""

    n: Decimal
    off: bool = False

    def numbers(self) -> frozenset[Decimal]:
        return frozenset({self.n, 100 - self.n} if self.off else {self.n})

    def same(self, other: Value) -> bool:
        # "15% off" and a plain "15%" agree: the discount word may be one we do not know.
        return isinstance(other, Percent) and other.n == self.n

    def __str__(self) -> str:
        return f"{show(self.n)}%{' off' if self.off else ''}"


@dataclass(frozen=True)
class Times:
    """How often: "twice" is Times(2)."""

    n: Decimal

    def numbers(self) -> frozenset[Decimal]:
        return frozenset({self.n})

    def same(self, other: Value) -> bool:
        return isinstance(other, Times) and other.n == self.n

    def __str__(self) -> str:
        return {1: "once", 2: "twice"}.get(int(self.n), f"{show(self.n)} times")


@dataclass(frozen=True)
class Text:
    """A URL, an e-mail address or a phone number, normalised."""

    text: str

    def numbers(self) -> frozenset[Decimal]:
        return frozenset()

    def same(self, other: Value) -> bool:
        return isinstance(other, Text) and other.text == self.text

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Range:
    """From `low` to `high` ("1–8 weeks", 14時〜18時); each end is a fact of its own."""

    low: Value
    high: Value

    def numbers(self) -> frozenset[Decimal]:
        return self.low.numbers() | self.high.numbers()

    def same(self, other: Value) -> bool:
        return isinstance(other, Range) and self.low.same(other.low) and self.high.same(other.high)

    def __str__(self) -> str:
        low, high = str(self.low), str(self.high)
        if isinstance(self.low, Duration) and isinstance(self.high, Duration):
            if self.low.unit == self.high.unit:
                low = show(self.low.n)
        return f"{low}–{high}"
