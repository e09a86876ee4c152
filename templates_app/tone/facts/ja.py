"""Japanese facts: kanji numerals (三十, 1万5千), 5月31日, 20時 / 午後5時45分,
1万円, 2割引, 年2回, 5〜7営業日, ひとつ."""

import re
from decimal import Decimal

from templates_app.tone.facts import cjk
from templates_app.tone.facts.base import SKIP, Built, Rule, after, before, rule
from templates_app.tone.facts.cjk import NUM, RANGE, num, percent_of
from templates_app.tone.facts.currencies import code
from templates_app.tone.facts.numerals import is_cjk_written
from templates_app.tone.facts.values import Amount, Duration, Money, Percent, Range, Times


@rule(r"24\s*時間\s*365\s*日")
def always(match: re.Match[str]) -> Built:
    return "duration", Duration(Decimal(24), "hour")  # as 24/7


date = rule(
    rf"(?:(?P<y>\d{{4}})年\s*)?(?P<m>{NUM})月\s*(?P<d>{NUM})日"
    rf"(?:{RANGE}(?:(?P<m2>{NUM})月\s*)?(?P<d2>{NUM})日)?"
)(cjk.date_of)

PERIOD = "午前|午後|朝|夜|夕方|昼|深夜|夜間"
EVENING, MORNING, NOON = {"午後", "夜", "夕方", "夜間"}, {"午前", "朝", "深夜"}, {"昼"}


@rule(
    rf"(?P<p>{PERIOD})?\s*(?P<h>{NUM})時(?!間)(?:(?P<mi>{NUM})分|(?P<half>半))?"
    rf"(?:{RANGE}(?P<p2>{PERIOD})?\s*(?P<h2>{NUM})時(?!間)(?:(?P<mi2>{NUM})分|(?P<half2>半))?)?"
)
def time(match: re.Match[str]) -> Built:
    return cjk.time_of(match, EVENING, MORNING, NOON)


def _money(n: Decimal | None, sign: str) -> Built:
    return ("money", Money(n, code(sign))) if n is not None else None


@rule(rf"(?P<cb>€|US\$|\$|£|¥)\s?(?P<n>{NUM})")
def money_before(match: re.Match[str]) -> Built:
    return _money(num(match.group("n")), match.group("cb"))


@rule(rf"(?P<n>{NUM})\s?(?P<ca>円|ユーロ|米ドル|ドル|ポンド|元|(?:EUR|USD|JPY)\b)")
def money_after(match: re.Match[str]) -> Built:
    return _money(num(match.group("n")), match.group("ca"))


OFF = r"(?:\s*(?P<off>オフ|OFF|off|引き|割引き?|値引き?|お得|安く|安い))?"


@rule(rf"(?:(?P<n1>{NUM}){RANGE})?(?P<n>{NUM})\s?(?:%|パーセント){OFF}")
def percent(match: re.Match[str]) -> Built:
    return percent_of(match, off=bool(match.group("off")))


# 2割 is 20 %, 2割引 20 % off; 半額 is half price.
@rule(rf"(?P<n>{NUM})割(?P<off>引き?|安)?(?!合)|(?P<half>半額)")
def wari(match: re.Match[str]) -> Built:
    if match.group("half"):
        return "percent_off", Percent(Decimal(50), off=True)
    n = num(match.group("n"))
    if n is None or not 0 < n <= 10:
        return None
    off = bool(match.group("off"))
    return ("percent_off" if off else "percent"), Percent(n * 10, off)


# 年2回, 月に三回. One time (一回) counts only with a period before it (年1回).
@rule(rf"(?P<n>{NUM})回(?!目|り)")
def frequency(match: re.Match[str]) -> Built:
    n = num(match.group("n"))
    if n is None:
        return None
    if n == 1 and not re.search(r"[年月週日毎]", before(match, 3)):
        return SKIP  # もう1回: "again"
    return "frequency", Times(n)


# 1度 is once (もう1度: again), 20度 a temperature: neither is read as a frequency.
@rule(rf"(?P<n>{NUM})度(?!目)")
def degree(match: re.Match[str]) -> Built:
    return SKIP if num(match.group("n")) == 1 else None


@rule(r"(?<![前後上下])半(?P<u>年|日)")
def half(match: re.Match[str]) -> Built:
    if match.group("u") == "年":
        return "duration", Duration(Decimal(6), "month")
    return "duration", Duration(Decimal("0.5"), "day")


UNITS = {
    "秒": "second", "分": "minute", "分間": "minute", "時間": "hour", "営業日": "working day",
    "日": "day", "日間": "day", "週": "week", "週間": "week", "年": "year", "年間": "year",
}  # fmt: skip
MONTHS = r"[かヶカケヵ箇]月間?"
UNIT = "|".join([*sorted(UNITS, key=len, reverse=True), MONTHS])
# What makes 30日 a length of time (30日以内) rather than a day of the month.
LENGTH_AFTER = (
    "以内",
    "以上",
    "後",
    "前",
    "ほど",
    "程度",
    "くらい",
    "ぐらい",
    "あたり",
    "未満",
    "間",
)


def _duration(n: Decimal | None, word: str, spelled: bool, match: re.Match[str]) -> Duration | None:
    if n is None:
        return None
    name = "month" if re.fullmatch(MONTHS, word) else UNITS[word]
    following = after(match, 3)
    if following.startswith("目"):
        return None  # 2週目: the second week
    if word == "日" and not following.startswith(LENGTH_AFTER):
        return None
    # 十分 is also "enough": spelled-out minutes need a word of time after them.
    if word == "分" and (
        following.startswith("の") or (spelled and not following.startswith(LENGTH_AFTER))
    ):
        return None
    if name == "year" and (n >= 1000 or before(match, 2) in ("令和", "平成", "昭和")):
        return None  # 2025年, 令和7年: a year, not a length
    if name == "hour" and n != n.to_integral_value():
        return Duration(n * 60, "minute")
    return Duration(n, name)


@rule(rf"(?:(?P<n1>{NUM}){RANGE})?(?P<n>{NUM})\s*(?P<u>{UNIT})(?P<half>半)?")
def durations(match: re.Match[str]) -> Built:
    word, n = match.group("u"), num(match.group("n"))
    if match.group("half") and n is not None:
        n += Decimal("0.5")  # 1時間半
    high = _duration(n, word, is_cjk_written(match.group("n")), match)
    if high is None:
        return None
    if match.group("n1"):
        low = _duration(num(match.group("n1")), word, is_cjk_written(match.group("n1")), match)
        return ("duration", Range(low, high)) if low else None
    return "duration", high


COUNTERS = "つ|個|件|人|名|枚|台|本|点|冊|通|箱|品|杯|組|泊|席|着|足|袋|缶"


@rule(rf"(?P<n>{NUM})(?P<c>{COUNTERS})")
def counts(match: re.Match[str]) -> Built:
    return cjk.count_of(match, one_counters="つ")


_NATIVE = {
    "ひとつ": 1, "ふたつ": 2, "みっつ": 3, "よっつ": 4, "いつつ": 5, "むっつ": 6,
    "ななつ": 7, "やっつ": 8, "ここのつ": 9, "ふたり": 2,
}  # fmt: skip


@rule("|".join(_NATIVE))
def native(match: re.Match[str]) -> Built:
    if after(match, 1) == "目":
        return None
    return "count", Amount(Decimal(_NATIVE[match.group(0)]))


RULES: list[Rule] = [
    cjk.ordinal,
    always,
    date,
    cjk.month_alone,
    cjk.year_alone,
    time,
    money_before,
    money_after,
    percent,
    wari,
    frequency,
    degree,
    half,
    durations,
    counts,
    native,
    cjk.plain,
]
