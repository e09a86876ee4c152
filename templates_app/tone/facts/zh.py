"""Chinese facts (traditional and simplified): 三十天, 1萬5千, 兩次, 5月31日,
晚上8點 / 下午4點半, 新台幣5萬元, 85折 = 15 % off, 半小時 = 30 minutes."""

import re
from decimal import Decimal

from templates_app.tone.facts import cjk
from templates_app.tone.facts.base import SKIP, Built, Rule, after, before, rule
from templates_app.tone.facts.cjk import NUM, RANGE, num, percent_of
from templates_app.tone.facts.currencies import code
from templates_app.tone.facts.numerals import CJK_CHARS, CJK_DIGITS, is_cjk_written
from templates_app.tone.facts.values import Duration, Money, Percent, Range, Times


@rule(r"24\s*[小鐘钟][時时頭头]\s*(?:全年無休|全年无休|365\s*天)")
def always(match: re.Match[str]) -> Built:
    return "duration", Duration(Decimal(24), "hour")  # as 24/7


DAY = r"(?:日|號|号)"
date = rule(
    rf"(?:(?P<y>\d{{4}})年\s*)?(?P<m>{NUM})月\s*(?P<d>{NUM})\s*{DAY}"
    rf"(?:{RANGE}(?:(?P<m2>{NUM})月\s*)?(?P<d2>{NUM})\s*{DAY}?)?"
)(cjk.date_of)
# 12月1至7日: the day sign only after the second day.
date_span = rule(
    rf"(?:(?P<y>\d{{4}})年\s*)?(?P<m>{NUM})月\s*(?P<d>{NUM}){RANGE}(?:(?P<m2>{NUM})月\s*)?"
    rf"(?P<d2>{NUM})\s*{DAY}"
)(cjk.date_of)

PERIOD = "上午|早上|早晨|清晨|凌晨|中午|下午|傍晚|晚上|夜間|夜间|夜裡|夜里|半夜"
EVENING = {"下午", "傍晚", "晚上", "夜間", "夜间", "夜裡", "夜里"}
MORNING, NOON = {"上午", "早上", "早晨", "清晨", "凌晨", "半夜"}, {"中午"}
HOUR = r"(?:點|点|時|时)"


@rule(
    rf"(?P<p>{PERIOD})?\s*(?P<h>{NUM}){HOUR}(?:(?P<mi>{NUM})分|(?P<half>半)|鐘|钟)?"
    rf"(?:{RANGE}(?P<p2>{PERIOD})?\s*(?P<h2>{NUM}){HOUR}(?:(?P<mi2>{NUM})分|(?P<half2>半)|鐘|钟)?)?"
)
def time(match: re.Match[str]) -> Built:
    if match.group("h") and is_cjk_written(match.group("h")) and after(match, 1) in CJK_CHARS:
        return None  # 三點五 is 3.5
    return cjk.time_of(match, EVENING, MORNING, NOON)


def _money(n: Decimal | None, sign: str) -> Built:
    # ¥ is both yuan and yen in Chinese text.
    return ("money", Money(n, None if sign == "¥" else code(sign))) if n is not None else None


@rule(
    rf"(?P<cb>新台幣|新台币|台幣|台币|NT\$|US\$|HK\$|€|\$|£|¥|人民幣|港幣)\s?(?P<n>{NUM})\s?(?:元|塊錢?)?"
)
def money_before(match: re.Match[str]) -> Built:
    return _money(num(match.group("n")), match.group("cb"))


@rule(
    rf"(?P<n>{NUM})\s?(?P<ca>歐元|欧元|美元|日圓|日元|英鎊|英镑|港幣|港元|台幣|新台幣|人民幣"
    r"|元|塊錢?|(?:EUR|USD|TWD|NTD)\b)"
)
def money_after(match: re.Match[str]) -> Built:
    return _money(num(match.group("n")), match.group("ca"))


@rule(rf"百分之(?P<n>{NUM})(?:[點点](?P<dec>[〇零一二三四五六七八九]+))?")
def per_hundred(match: re.Match[str]) -> Built:
    n = num(match.group("n"))
    if n is None:
        return None
    if match.group("dec"):  # 百分之四點九: 4.9 %
        n += Decimal("0." + "".join(str(CJK_DIGITS[ch]) for ch in match.group("dec")))
    return "percent", Percent(n)


@rule(
    r"(?P<pre>減|减|省|折扣|打折|降價|降价|優惠|优惠)?\s?"
    rf"(?:(?P<n1>{NUM}){RANGE})?(?P<n>{NUM})\s?%(?:\s*(?P<off>折扣|off|OFF|優惠|优惠|的折扣))?"
)
def percent(match: re.Match[str]) -> Built:
    return percent_of(match, off=bool(match.group("pre") or match.group("off")))


# 85折: the customer pays 85 %, so 15 % off; 9折 is 10 % off, 7.5折 25 % off.
@rule(rf"(?P<n>{NUM})折(?!疊|叠|扣|返)|(?P<half>對折|对折|半價|半价)")
def zhe(match: re.Match[str]) -> Built:
    if match.group("half"):
        return "percent_off", Percent(Decimal(50), off=True)
    written = match.group("n")
    n = num(written)
    if n is None and all(ch in CJK_DIGITS for ch in written):
        n = Decimal("".join(str(CJK_DIGITS[ch]) for ch in written))  # 八五折
    if n is None or not 0 < n < 100:
        return None
    paid = n * 10 if n < 10 else n
    return "percent_off", Percent(100 - paid, off=True)


# 兩次, 每個月兩次. Once (一次) counts only with a period before it (每月一次):
# 再試一次 is "try again", 第一次 "the first time", 一次性 "one-off".
@rule(rf"(?P<n>{NUM})(?:次|回|遍)(?!性|數|数)")
def frequency(match: re.Match[str]) -> Built:
    n = num(match.group("n"))
    if n is None:
        return None
    if n == 1 and not re.search(r"[年月週周天日每]", before(match, 3)):
        return SKIP  # 再試1次: "again"
    return "frequency", Times(n)


@rule(r"(?<![上下前後后])半\s*個?\s*(?P<u>小時|小时|鐘頭|钟头|天|年|月)")
def half(match: re.Match[str]) -> Built:
    return "duration", {
        "天": Duration(Decimal("0.5"), "day"),
        "年": Duration(Decimal(6), "month"),
        "月": Duration(Decimal("0.5"), "month"),
    }.get(match.group("u"), Duration(Decimal(30), "minute"))


UNITS = {
    "秒鐘": "second", "秒钟": "second", "秒": "second", "分鐘": "minute", "分钟": "minute",
    "小時": "hour", "小时": "hour", "鐘頭": "hour", "钟头": "hour", "工作天": "working day",
    "工作日": "working day", "營業日": "working day", "营业日": "working day", "天": "day",
    "日": "day", "週": "week", "周": "week", "星期": "week", "禮拜": "week", "礼拜": "week",
    "月": "month", "年": "year",
}  # fmt: skip
UNIT = "|".join(sorted(UNITS, key=len, reverse=True))
# What makes 3日 a length of time (3日內) rather than a day of the month.
LENGTH_AFTER = ("內", "内", "之內", "之内", "以內", "以内", "後", "后", "前", "左右", "以上")


def _duration(n: Decimal | None, word: str, counter: bool, match: re.Match[str]) -> Duration | None:
    if n is None:
        return None
    name = UNITS[word]
    if word == "月" and not counter:
        return None  # 3月 is March; 3個月 three months
    if word == "日" and not after(match, 2).startswith(LENGTH_AFTER):
        return None
    if name == "year" and n >= 1000:
        return None
    if name == "hour" and n != n.to_integral_value():
        return Duration(n * 60, "minute")
    return Duration(n, name)


@rule(rf"(?:(?P<n1>{NUM}){RANGE})?(?P<n>{NUM})\s*(?P<ge>個|个)?(?P<half>半)?\s*(?P<u>{UNIT})")
def durations(match: re.Match[str]) -> Built:
    word, n, counter = match.group("u"), num(match.group("n")), bool(match.group("ge"))
    if n == 2 and before(match, 1) in "這这那前" and match.group("n") in "兩两":
        return None  # 這兩天: "these days"
    if n == 1 and before(match, 1) in "下上同另每":
        return None  # 下一個工作天: "the next working day"
    if match.group("half") and n is not None:
        n += Decimal("0.5")  # 一個半小時
    high = _duration(n, word, counter, match)
    if high is None:
        return None
    if match.group("n1"):
        low = _duration(num(match.group("n1")), word, counter, match)
        return ("duration", Range(low, high)) if low else None
    return "duration", high


COUNTERS = "[件個个位張张台種种份盒瓶支本封筆笔項项間间家名人晚組组套片顆颗把輛辆杯袋箱]"


@rule(rf"(?P<n>{NUM})(?P<c>{COUNTERS})")
def counts(match: re.Match[str]) -> Built:
    return cjk.count_of(match, one_counters="")


RULES: list[Rule] = [
    cjk.ordinal,
    always,
    date,
    date_span,
    cjk.month_alone,
    cjk.year_alone,
    time,
    money_before,
    money_after,
    per_hundred,
    percent,
    zhe,
    frequency,
    half,
    durations,
    counts,
    cjk.plain,
]
