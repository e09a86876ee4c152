"""Forms every language writes alike: links, addresses, phone numbers, ISO dates,
24-hour times with a colon, percentages and plain digits."""

import re
from decimal import Decimal

from templates_app.tone.facts.base import Rule, rule
from templates_app.tone.facts.numerals import DIGITS, digits_value
from templates_app.tone.facts.values import Amount, Clock, Date, Duration, Percent, Text

# ASCII only: a Japanese or Chinese sentence often runs on right after a link.
_PATH = r"(?:/[A-Za-z0-9._~%!$&'*+,;=:@/?#\[\]-]*[A-Za-z0-9_~/#=\]-])?"
_TLD = r"com|net|org|info|biz|io|co|eu|fi|jp|tw|cn|hk|uk|de|fr|se|no|dk|us|example|test"


def _link(raw: str) -> str:
    """One spelling per link: https://www.Example.com/a/ and example.com/a are one link."""
    raw = re.sub(r"^(?:https?://)?(?:www\.)?", "", raw.lower())
    return raw.rstrip("/")


@rule(r"https?://[A-Za-z0-9.-]+(?::\d+)?" + _PATH)
def url(match: re.Match[str]) -> tuple[str, Text]:
    return "url", Text(_link(match.group(0)))


@rule(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
def email(match: re.Match[str]) -> tuple[str, Text]:
    return "email", Text(match.group(0).lower())


@rule(
    r"(?<![A-Za-z0-9@./-])(?:www\.)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?"
    rf"(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.(?:{_TLD})(?![A-Za-z0-9-])" + _PATH
)
def bare_link(match: re.Match[str]) -> tuple[str, Text]:
    return "url", Text(_link(match.group(0)))


@rule(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")
def iso_date(match: re.Match[str]) -> tuple[str, Date] | None:
    year, month, day = (int(g) for g in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return "date", Date(month, day, year)


# 020 123 456, +358 40 123 4567, 03-1234-5678: begins with 0 or +, so 10 000 is no phone.
@rule(
    r"(?<![A-Za-z0-9+.,])(?:\+\d{1,3}[ -]?\d{1,4}|0\d{1,4})(?:[ -]\d{2,4}){1,4}(?![A-Za-z0-9])"
    r"|(?<!\d)0\d{6,}"
)
def phone(match: re.Match[str]) -> tuple[str, Text] | None:
    digits = re.sub(r"[^\d+]", "", match.group(0))
    return ("phone", Text(digits)) if len(digits.lstrip("+")) >= 7 else None


@rule(r"(?<![\d/])24\s*/\s*7(?![\d/])")
def always(match: re.Match[str]) -> tuple[str, Duration]:
    # 24/7 is written "24時間" or "24小時" as often as in full.
    return "duration", Duration(Decimal(24), "hour")


def clock(hour: int, minute: int, written: str) -> Clock | None:
    """A time written on the 24-hour clock; "8:00" could still mean 20:00, "08:00" not."""
    if not (0 <= hour <= 24 and 0 <= minute <= 59):
        return None
    exact = hour == 0 or hour > 12 or written.startswith("0")
    return Clock(hour % 24, minute, exact)


@rule(r"(?<!\d)(?<!\d[.,:])([01]?\d|2[0-4]):([0-5]\d)(?![\d:])(?!\s*[AaPp]\.?\s?[Mm]\b)")
def colon_time(match: re.Match[str]) -> tuple[str, Clock] | None:
    value = clock(int(match.group(1)), int(match.group(2)), match.group(1))
    return ("time", value) if value else None


@rule(rf"(?<!\d)(?<!\d[.,:])({DIGITS})\s?%")
def percent(match: re.Match[str]) -> tuple[str, Percent]:
    return "percent", Percent(digits_value(match.group(1)))


@rule(rf"(?<!\d)(?<!\d[.,:])(?:{DIGITS})")
def digits(match: re.Match[str]) -> tuple[str, Amount]:
    return "number", Amount(digits_value(match.group(0)))


FIRST: list[Rule] = [url, email, bare_link, iso_date, phone, always, colon_time]
LAST: list[Rule] = [percent, digits]
