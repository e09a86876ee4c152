"""What Japanese and Chinese facts share: numerals (三十, 1万5千, 兩), clock
hours with a part of the day (午後5時, 晚上8點), counters, and plain numbers."""

import re
from decimal import Decimal

from templates_app.tone.facts.base import SKIP, Built, after, rule
from templates_app.tone.facts.numerals import (
    CJK_CHARS,
    CJK_NUMBER,
    DIGITS,
    cjk_value,
    is_cjk_written,
)
from templates_app.tone.facts.values import Amount, Clock, Date, Percent, Range

NUM = CJK_NUMBER
RANGE = r"\s*(?:〜|~|-|–|—|から|至|到)\s*"


def percent_of(match: re.Match[str], off: bool) -> Built:
    """A percentage (or a range of them) from groups `n` and optional `n1`; `off`
    when the words around it make it a discount."""
    n = num(match.group("n"))
    kind = "percent_off" if off else "percent"
    if n is None:
        return None
    if match.group("n1"):
        low = num(match.group("n1"))
        return (kind, Range(Percent(low, off), Percent(n, off))) if low is not None else None
    return kind, Percent(n, off)


def num(written: str | None) -> Decimal | None:
    return cjk_value(written) if written else None


def clock(hour: Decimal | None, minute: Decimal | None, half: bool, period: str | None,
          evening: set[str], morning: set[str], noon: set[str]) -> Clock | None:  # fmt: skip
    """A clock hour with the part of the day it is written with (午後 5 is 17:00).
    Without one, 1 to 12 stays open between morning and evening."""
    if hour is None or hour != hour.to_integral_value() or not 0 <= hour <= 24:
        return None
    h = int(hour)
    m = 30 if half else int(minute or 0)
    if not 0 <= m <= 59:
        return None
    if period in evening:
        return Clock(0 if h == 12 else (h % 12) + 12, m)  # 晚上12點 is midnight
    if period in noon:
        return Clock(12 if h == 12 else (h % 12) + 12, m)
    if period in morning:
        return Clock(h % 24, m)
    return Clock(h % 24, m, exact=h == 0 or h > 12)


def time_of(match: re.Match[str], evening: set[str], morning: set[str], noon: set[str]) -> Built:
    """Builder for a clock time or a range of two (14時〜18時, 下午2點到6點)."""
    hour, period = num(match.group("h")), match.group("p")
    # 一時 is also "for a while", 一點 "a little": a numeral without digits is a
    # time only with a part of the day or minutes.
    spelled = is_cjk_written(match.group("h"))
    if spelled and not (period or match.group("mi") or match.group("half")):
        return None
    start = clock(
        hour, num(match.group("mi")), bool(match.group("half")), period, evening, morning, noon
    )
    if start is None:
        return None
    if not match.group("h2"):
        return "time", start
    end_hour = num(match.group("h2"))
    end_period = match.group("p2") or (
        period if end_hour and hour and end_hour % 12 >= hour % 12 else None
    )
    end = clock(
        end_hour,
        num(match.group("mi2")),
        bool(match.group("half2")),
        end_period,
        evening,
        morning,
        noon,
    )
    return ("time", Range(start, end)) if end else None


def date_of(match: re.Match[str]) -> Built:
    """Builder for 5月31日, 2025年5月31日 and 12月1日から7日."""
    month, day = num(match.group("m")), num(match.group("d"))
    year = int(match.group("y")) if match.group("y") else None
    if not (month and day and 1 <= month <= 12 and 1 <= day <= 31):
        return None
    start = Date(int(month), int(day), year)
    if not match.group("d2"):
        return "date", start
    month2 = num(match.group("m2")) if match.group("m2") else month
    day2 = num(match.group("d2"))
    if not (month2 and day2 and 1 <= month2 <= 12 and 1 <= day2 <= 31):
        return None
    return "date", Range(start, Date(int(month2), int(day2), year))


@rule(rf"(?:(?P<y>\d{{4}})年\s*)?(?P<m>{NUM})月(?!份?\s*\d)")
def month_alone(match: re.Match[str]) -> Built:
    month = num(match.group("m"))
    if not month or not 1 <= month <= 12 or month != month.to_integral_value():
        return None
    year = int(match.group("y")) if match.group("y") else None
    return "date", Date(int(month), None, year)


@rule(r"(?<!\d)(?P<y>(?:19|20)\d\d)年(?![間间])")
def year_alone(match: re.Match[str]) -> Built:
    return "date", Date(None, None, int(match.group("y")))


# 1メガバイトあたり, 1人につき: "per megabyte", "per person", not the number one.
_PER = re.compile(r"[^\s。、,，]{0,8}?(?:あたり|当たり|につき|ごと)")


# 2番目, 3つ目, 2回目: ordinals ("the second"), no amount.
_ORDINAL = re.compile(r"(?:つ|番|回|日|週|年|件|個|本|枚|人|点)?目")


def per_one(match: re.Match[str], n: Decimal) -> bool:
    return n == 1 and bool(_PER.match(match.string, match.end()))


def count_of(match: re.Match[str], one_counters: str) -> Built:
    """Builder for a number with a counter (ふたつ, 兩件). One counted with a
    word numeral is as often "a" (一件事, 一人で): only in `one_counters`."""
    n = num(match.group("n"))
    if n is None or after(match, 1) == "目" or per_one(match, n):
        return None
    if n == 1 and match.group("c") not in one_counters:
        return None
    return "count", Amount(n)


@rule(rf"第\s*(?:{DIGITS}|[{CJK_CHARS}])+")
def ordinal(match: re.Match[str]) -> Built:
    """第2個, 第三次: "the second", no amount."""
    return SKIP


@rule(NUM)
def plain(match: re.Match[str]) -> Built:
    """A numeral with a digit (24, 1万, 2.5萬) is a number even without a unit."""
    if is_cjk_written(match.group(0)):
        return None
    n = num(match.group(0))
    if n is not None and (per_one(match, n) or _ORDINAL.match(match.string, match.end())):
        return SKIP
    return ("number", Amount(n)) if n is not None else None
