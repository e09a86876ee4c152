"""Facts a translation must not change, as values: numbers, durations, times of
day, dates, amounts of money, percentages and discounts, frequencies, links,
e-mail addresses and phone numbers.

"two working days", 2営業日 and "kahden arkipäivän" are one fact,
("duration", 2 working days), so a translation is compared with its source by
what it says, not by its digits. Each language with rules (en, fi, ja, zh-*)
reads its own forms; any other language gets the forms all share (digits, links,
24-hour times). A form that could mean two things is left alone, not guessed.
"""

from functools import lru_cache

from templates_app.tone.facts import common, en, fi, ja, zh
from templates_app.tone.facts.base import Fact, Rule, extract

__all__ = ["Fact", "facts"]

_LANGUAGE_RULES: dict[str, list[Rule]] = {
    "en": en.RULES,
    "fi": fi.RULES,
    "ja": ja.RULES,
    "zh": zh.RULES,
}


def rules_for(language: str) -> list[Rule]:
    """The rules for `language` ("zh-hant" uses "zh"), between the shared ones."""
    own = _LANGUAGE_RULES.get(language.lower().split("-")[0], [])
    return [*common.FIRST, *own, *common.LAST]


@lru_cache(maxsize=256)
def _facts(text: str, language: str) -> tuple[Fact, ...]:
    return extract(text, rules_for(language))


def facts(text: str, language: str) -> list[Fact]:
    """The facts in `text`, written in `language`, in text order.

    Cached: lint runs on every keystroke of a preview against the same source.
    """
    return list(_facts(text, language))
