"""English facts: number words, 12-hour times, "31 May" / "May 31", "€4.90",
"15% off", "twice", durations with "a year" = 1 year."""

import re
from decimal import Decimal

from templates_app.tone.facts.base import Built, Rule, before, rule
from templates_app.tone.facts.currencies import code, is_cents
from templates_app.tone.facts.numerals import DIGITS, EN_WORDS, digits_value, en_value
from templates_app.tone.facts.values import (
    Amount,
    Clock,
    Date,
    Duration,
    Money,
    Percent,
    Range,
    Times,
)

IGNORE = re.IGNORECASE
NUM = rf"(?:(?<!\d)(?<!\d[.,:])(?:{DIGITS})|{EN_WORDS})"


def num(written: str) -> Decimal:
    return digits_value(written) if written[0].isdigit() else en_value(written)


UNITS = [
    ("second", r"seconds?|secs?"),
    ("minute", r"minutes?|mins?"),
    ("hour", r"hours?|hrs?"),
    ("working day", r"(?:working|business|banking|work)[ -]days?|weekdays?"),
    ("day", r"days?"),
    ("week", r"weeks?"),
    ("month", r"months?"),
    ("year", r"years?|yrs?"),
]
UNIT = "(?:" + "|".join(pattern for _, pattern in UNITS) + r")\b"


def unit(word: str) -> str:
    return next(name for name, pattern in UNITS if re.fullmatch(pattern, word, IGNORE))


def duration(n: Decimal, word: str) -> Duration:
    name = unit(word)
    if name == "hour" and n != n.to_integral_value():
        return Duration(n * 60, "minute")  # 1.5 hours reads as 90 minutes
    return Duration(n, name)


_MONTH_NAMES = (
    r"Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?"
)
MONTH = rf"(?-i:(?P<m>{_MONTH_NAMES}))\b"
ORDINAL = r"(?:st|nd|rd|th)?"
TO = r"\s*(?:–|—|-|to|until|till|through)\s*"


def month(name: str) -> int:
    return [m[:3] for m in _MONTH_NAMES.split("|")].index(name[:3]) + 1


def _date(match: re.Match[str]) -> Built:
    m = month(match.group("m"))
    year = int(match.group("y")) if match.group("y") else None
    days = [int(d) for d in (match.group("d"), match.group("d2")) if d]
    if not all(1 <= d <= 31 for d in days):
        return None
    dates = [Date(m, d, year) for d in days]
    return "date", dates[0] if len(dates) == 1 else Range(*dates)


day_month = rule(
    rf"(?<!\d)(?<!\d[.,:])(?P<d>\d{{1,2}}){ORDINAL}(?:{TO}(?P<d2>\d{{1,2}}){ORDINAL})?\s+(?:of\s+)?"
    rf"{MONTH}(?:,?\s+(?P<y>\d{{4}}))?(?!\d)",
    IGNORE,
)(_date)
month_day = rule(
    rf"{MONTH}\.?\s+(?P<d>\d{{1,2}}){ORDINAL}(?![\d:])(?:{TO}(?P<d2>\d{{1,2}}){ORDINAL}(?![\d:]))?"
    rf"(?:,?\s+(?P<y>\d{{4}}))?(?![\d:])",
    IGNORE,
)(_date)


@rule(
    r"\b(?-i:(?P<m>January|February|March|April|June|July|August|September|October|November"
    r"|December))\b(?:\s+(?P<y>\d{4})(?!\d))?"
)
def month_alone(match: re.Match[str]) -> Built:
    year = int(match.group("y")) if match.group("y") else None
    return "date", Date(month(match.group("m")), None, year)


# "May" is also a verb: a month only after a word that introduces one.
@rule(
    r"\b(?:in|by|until|till|from|since|before|after|during|of|early|mid|late|next|last|this"
    r"|through)[\s-]+(?P<f>(?-i:May))\b",
    IGNORE,
)
def may_alone(match: re.Match[str]) -> Built:
    return "date", Date(5)


AMPM = r"(?:[ap]\.?\s?m\b\.?)"


def twelve_hour(hour: int, minute: int, ampm: str) -> Clock:
    hour = hour % 12 + (12 if ampm.lower().startswith("p") else 0)
    return Clock(hour, minute)


@rule(
    rf"(?<!\d)(?<!\d[.,:])(?P<h>1[0-2]|0?[1-9])(?:[:.](?P<mi>[0-5]\d))?\s*(?P<ap1>{AMPM})?"
    rf"{TO}(?P<h2>1[0-2]|0?[1-9])(?:[:.](?P<mi2>[0-5]\d))?\s*(?P<ap2>{AMPM})",
    IGNORE,
)
def time_range(match: re.Match[str]) -> Built:
    h1, h2 = int(match.group("h")), int(match.group("h2"))
    m1, m2 = int(match.group("mi") or 0), int(match.group("mi2") or 0)
    end = twelve_hour(h2, m2, match.group("ap2"))
    if match.group("ap1"):
        start = twelve_hour(h1, m1, match.group("ap1"))
    elif h1 % 12 < h2 % 12:  # "8–10 pm": both in the evening
        start = twelve_hour(h1, m1, match.group("ap2"))
    else:
        start = Clock(h1 % 12, m1, exact=False)
    return "time", Range(start, end)


@rule(rf"(?<!\d)(?<!\d[.,:])(?P<h>1[0-2]|0?[1-9])(?:[:.](?P<mi>[0-5]\d))?\s*(?P<ap>{AMPM})", IGNORE)
def time_12h(match: re.Match[str]) -> Built:
    return "time", twelve_hour(
        int(match.group("h")), int(match.group("mi") or 0), match.group("ap")
    )


@rule(r"\b(?:noon|midday|midnight)\b", IGNORE)
def noon(match: re.Match[str]) -> Built:
    return "time", Clock(0 if match.group(0).lower() == "midnight" else 12)


@rule(rf"(?P<h>{NUM})\s+o['’]?clock\b", IGNORE, needs="clock")
def oclock(match: re.Match[str]) -> Built:
    hour = num(match.group("h"))
    return ("time", Clock(int(hour) % 12, 0, exact=False)) if 1 <= hour <= 12 else None


SCALE = r"(?:\s?(?P<sc>million|thousand|billion|(?-i:k|m|bn)\b))?"
_SCALES = {"million": 10**6, "m": 10**6, "thousand": 1000, "k": 1000, "billion": 10**9, "bn": 10**9}


def _money(match: re.Match[str], sign: str) -> Built:
    amount = num(match.group("n")) * _SCALES.get((match.group("sc") or "").lower(), 1)
    if is_cents(sign):
        return "money", Money(amount / 100, None)
    return "money", Money(amount, code(sign))


@rule(
    r"(?P<cb>US\$|NT\$|HK\$|\$|€|£|¥|(?-i:EUR|USD|GBP|JPY|TWD|NTD|HKD|CNY)\b)\s?"
    rf"(?P<n>{NUM}){SCALE}",
    IGNORE,
)
def money_before(match: re.Match[str]) -> Built:
    return _money(match, match.group("cb"))


@rule(
    rf"(?P<n>{NUM}){SCALE}\s?(?P<ca>€|(?-i:EUR|USD|GBP|JPY|TWD|NTD|HKD|CNY)\b"
    r"|euros?\b|dollars?\b|pounds?\b|yen\b|cents?\b)",
    IGNORE,
    needs=r"€|EUR|USD|GBP|JPY|TWD|NTD|HKD|CNY|euro|dollar|pound|yen|cent",
)
def money_after(match: re.Match[str]) -> Built:
    return _money(match, match.group("ca"))


@rule(
    rf"(?:(?P<pre>save|saving|discount\s+of|reduction\s+of)\s+)?(?:(?P<n1>{NUM})\s?(?:–|-|to)\s?)?"
    rf"(?P<n>{NUM})\s?(?:%|percent\b|per\s?cent\b)"
    r"(?:\s+(?P<off>off|discount|cheaper|less|reduction)\b)?",
    IGNORE,
    needs=r"%|cent",
)
def percent(match: re.Match[str]) -> Built:
    off = bool(match.group("pre") or match.group("off"))
    kind = "percent_off" if off else "percent"
    high = Percent(num(match.group("n")), off)
    if match.group("n1"):
        return kind, Range(Percent(num(match.group("n1")), off), high)
    return kind, high


@rule(r"\bhalf[\s-]price\b", IGNORE)
def half_price(match: re.Match[str]) -> Built:
    return "percent_off", Percent(Decimal(50), off=True)


# Words for two and three that translations write with a numeral (ポイント2倍,
# 兩個都, 2〜3日 for "a couple of days"); not "double-check".
@rule(
    r"\b(?:double|triple|both|a\s+couple\s+of)\b(?![\s-](?:check|click|tap|charged|billed))",
    IGNORE,
)
def double(match: re.Match[str]) -> Built:
    return "number", Amount(Decimal(3 if match.group(0).lower() == "triple" else 2))


@rule(r"\b(?:twice|thrice)\b", IGNORE)
def twice(match: re.Match[str]) -> Built:
    return "frequency", Times(Decimal(2 if match.group(0).lower() == "twice" else 3))


PERIOD = r"(?:day|week|fortnight|month|quarter|year|hour)"


# "once" is also "as soon as": a frequency only with a period or a limit.
@rule(r"\bonce\b", IGNORE)
def once(match: re.Match[str]) -> Built:
    rate = re.match(
        rf"\s+(?:a|an|per|every|each)\s+{PERIOD}\b", match.string[match.end() :], IGNORE
    )
    limit = re.search(r"\b(?:only|just|least|most|than|to)\s+$", before(match, 12), IGNORE)
    return ("frequency", Times(Decimal(1))) if rate or limit else None


@rule(rf"(?P<n>{NUM})\s+times\b", IGNORE, needs="times")
def times(match: re.Match[str]) -> Built:
    return "frequency", Times(num(match.group("n")))


@rule(r"\bhalf[\s-](?:an?\s+)?(?P<u>hour|day|month|year)\b", IGNORE)
def half(match: re.Match[str]) -> Built:
    return "duration", {
        "hour": Duration(Decimal(30), "minute"),
        "day": Duration(Decimal("0.5"), "day"),
        "month": Duration(Decimal("0.5"), "month"),
        "year": Duration(Decimal(6), "month"),
    }[match.group("u").lower()]


@rule(
    rf"(?P<n>{NUM}|\ban?)\s+(?P<u>{UNIT})\s+and\s+a\s+half\b"
    rf"|(?P<n2>{NUM})\s+and\s+a\s+half\s+(?P<u2>{UNIT})",
    IGNORE,
    needs="half",
)
def and_a_half(match: re.Match[str]) -> Built:
    written = match.group("n") or match.group("n2")
    n = Decimal(1) if written.lower() in ("a", "an") else num(written)
    return "duration", duration(n + Decimal("0.5"), match.group("u") or match.group("u2"))


FILLER = r"(?:(?:more|full|whole|extra|additional|calendar|consecutive)\s+)?"


@rule(
    rf"(?:(?P<n1>{NUM})\s*(?:–|—|-|to|or)\s*)?(?P<n>{NUM})(?:\s+|-){FILLER}(?P<u>{UNIT})",
    IGNORE,
    needs=UNIT,
)
def durations(match: re.Match[str]) -> Built:
    high = duration(num(match.group("n")), match.group("u"))
    if match.group("n1"):
        return "duration", Range(duration(num(match.group("n1")), match.group("u")), high)
    return "duration", high


# "a year", "per month", "every week": one of the unit ("€120 a year" = 1年120ユーロ).
# "a second" and "a minute" only right after an amount ("€1.20 a minute"): "wait a
# minute" is no duration.
@rule(
    r"\b(?:(?:an?|per|every|each)\s+(?P<u>hour|day|week|month|year|working\s+day|business\s+day)"
    r"|(?:per|every|each)\s+(?P<u2>minute|second)"
    r"|(?<=\d )an?\s+(?P<u4>minute|second))\b"
    r"|/\s?(?P<u3>month|mo|year|yr|day|week|hour)\b",
    IGNORE,
)
def one_unit(match: re.Match[str]) -> Built:
    word = (match.group("u") or match.group("u2") or match.group("u3") or match.group("u4")).lower()
    word = {"mo": "month", "yr": "year"}.get(word, word)
    return "duration", duration(Decimal(1), word)


@rule(r"\b(?:an?|one)\s+fortnight\b", IGNORE)
def fortnight(match: re.Match[str]) -> Built:
    return "duration", Duration(Decimal(2), "week")


@rule(r"\b(?:daily|weekly|monthly|yearly|annually|annual|hourly|per\s+annum)\b", IGNORE)
def rate_word(match: re.Match[str]) -> Built:
    word = match.group(0).lower()
    for stem, name in (("dai", "day"), ("week", "week"), ("month", "month"), ("hour", "hour")):
        if word.startswith(stem):
            return "duration", Duration(Decimal(1), name)
    return "duration", Duration(Decimal(1), "year")


# "one" is often no number ("one of", "no one", "this one"): counted only in
# the forms above, beside a unit, or before a plain noun.
_NOT_ONE_BEFORE = re.compile(
    r"\b(?:the|this|that|which|no|any|every|each|some|last|next|another|a|its)\s+$", IGNORE
)
_NOT_ONE_AFTER = re.compile(
    r"^(?:\s+(?:of|another|by|more|or|at|way|thing|day|time)\b|['’-])", IGNORE
)


@rule(EN_WORDS, IGNORE)
def words(match: re.Match[str]) -> Built:
    value = num(match.group(0))
    if value == 1 and (
        _NOT_ONE_BEFORE.search(before(match, 12))
        or _NOT_ONE_AFTER.match(match.string[match.end() :])
    ):
        return None
    if value == 0:
        return None
    return "number", Amount(value)


RULES: list[Rule] = [
    day_month,
    month_day,
    month_alone,
    may_alone,
    time_range,
    time_12h,
    noon,
    oclock,
    money_before,
    money_after,
    percent,
    half_price,
    double,
    twice,
    once,
    times,
    half,
    and_a_half,
    durations,
    one_unit,
    fortnight,
    rate_word,
    words,
]
