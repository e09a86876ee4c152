"""The fact finder: rules (a pattern and a builder) tried in order over a text.

A rule's builder turns a match into (kind, value), or declines with None when
the match is not what it looked like; a declined span stays free for later
rules. The first rule to claim a span wins, so each language lists its most
specific forms (dates, times, amounts) before bare numbers.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from templates_app.tone.facts.values import Amount, Value

Built = tuple[str, Value] | None
# A builder's answer for "this is no fact, and no later rule may read it as one"
# (the 1 of 1件につき, "per order").
SKIP: tuple[str, Value] = ("skip", Amount(Decimal(0)))


@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern[str]
    build: Callable[[re.Match[str]], Built]
    # A word the text must contain for the pattern to be worth running: most
    # patterns begin with a number and would otherwise be tried at every word.
    needs: re.Pattern[str] | None = None


def rule(
    pattern: str, flags: int = 0, needs: str | None = None
) -> Callable[[Callable[[re.Match[str]], Built]], Rule]:
    """Decorator: `@rule(r"...")` over a builder makes a Rule."""

    def wrap(build: Callable[[re.Match[str]], Built]) -> Rule:
        cheap = re.compile(needs, flags) if needs else None
        return Rule(re.compile(pattern, flags), build, cheap)

    return wrap


@dataclass(frozen=True)
class Fact:
    """One fact: its kind ("duration", "time", "money", "percent_off"...), its
    value, and where it is written (character offsets in the text)."""

    kind: str
    value: Value
    start: int
    end: int

    def atoms(self) -> tuple[tuple[str, Value], ...]:
        """The single facts this one states: both ends of a range."""
        low, high = getattr(self.value, "low", None), getattr(self.value, "high", None)
        if low is not None and high is not None:
            return ((self.kind, low), (self.kind, high))
        return ((self.kind, self.value),)

    def found_in(self, others: Iterable[Fact]) -> bool:
        """Whether every part of this fact is stated among `others`."""
        theirs = [atom for other in others for atom in other.atoms()]
        return all(any(_agree(mine, their) for their in theirs) for mine in self.atoms())


PERCENTS = {"percent", "percent_off"}


def _agree(mine: tuple[str, Value], theirs: tuple[str, Value]) -> bool:
    (kind, value), (other_kind, other) = mine, theirs
    if "number" in (kind, other_kind):
        # A bare number is a form we could not type: it agrees with any fact
        # that writes the same number, rather than being guessed at.
        return bool(value.numbers() & other.numbers())
    if kind == "count" or other_kind == "count":
        return kind == other_kind and value.same(other)
    if kind in PERCENTS and other_kind in PERCENTS:
        return value.same(other)
    return kind == other_kind and value.same(other)


def _fold(ch: str) -> str:
    """Full-width and other compatibility forms as one plain character.

    Folded one character at a time, and only where the result is one
    character, so offsets in the folded text are offsets in the original.
    """
    folded = unicodedata.normalize("NFKC", ch)
    return folded if len(folded) == 1 else ch


def fold(text: str) -> str:
    return "".join(_fold(ch) for ch in text)


def extract(text: str, rules: Iterable[Rule]) -> tuple[Fact, ...]:
    """Run `rules` in order over `text`; a span goes to the first rule that claims it."""
    folded = fold(text)
    found: list[Fact] = []
    # Claimed spans, sorted and never overlapping, so a clash is two bisects:
    # a long text of numbers must not cost a scan of every span per match.
    starts: list[int] = []
    ends: list[int] = []
    for each in rules:
        if each.needs and not each.needs.search(folded):
            continue
        pos = 0
        while match := each.pattern.search(folded, pos):
            start, end = match.span("f") if "f" in each.pattern.groupindex else match.span()
            if start == -1:
                start, end = match.span()
            i = bisect.bisect_right(starts, start)
            clash = (
                start == end
                or (i > 0 and ends[i - 1] > start)
                or (i < len(starts) and starts[i] < end)
            )
            built = None if clash else each.build(match)
            if built is None:
                pos = match.start() + 1
                continue
            if built is not SKIP:
                found.append(Fact(built[0], built[1], start, end))
            starts.insert(i, start)
            ends.insert(i, end)
            pos = max(match.end(), pos + 1)
    return tuple(sorted(found, key=lambda fact: fact.start))


def after(match: re.Match[str], length: int = 4) -> str:
    """The text right after a match (what a builder checks to decide)."""
    return match.string[match.end() : match.end() + length]


def before(match: re.Match[str], length: int = 4) -> str:
    return match.string[max(0, match.start() - length) : match.start()]
