"""Finnish facts: number words in any case (kolme, kolmen, kolmessa), dates as
31.5. and 1.–7.12., times as klo 20 and 17.30, decimal commas, 4,90 €, "kahdesti"."""

import re
from decimal import Decimal

from templates_app.tone.facts.base import Built, Rule, before, rule
from templates_app.tone.facts.currencies import code, is_cents
from templates_app.tone.facts.numerals import FI_DIGITS, FI_WORDS, digits_value, fi_value
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
NUM = rf"(?:(?<!\d)(?<!\d[.,:])(?:{FI_DIGITS})|{FI_WORDS})"
DASH = r"\s*[–—-]\s*"


def num(written: str) -> Decimal | None:
    return digits_value(written) if written[0].isdigit() else fi_value(written)


def _cases(stem: str, endings: str) -> str:
    return f"{stem}(?:{'|'.join(endings.split())})"


# Each unit in its cases, spelt out: a stem alone would also take tunnus
# ("ID") for an hour and viikonloppu ("weekend") for a week.
_DAY = "ä ää än ässä ästä ään ällä äksi ät iä issä ien inä"
_YEAR = (
    "si den tta dessa desta teen della delta delle deksi tena det"
    " sia sien siin sissa sista silla siksi"
)
UNITS = [
    ("second", _cases("sekun", "ti tia nin nissa nista tiin nilla niksi nit teja tien")),
    (
        "minute",
        _cases("minuut", "ti tia in issa ista tiin illa iksi it teja tien eissa eiksi") + "|min",
    ),
    (
        "hour",
        _cases(
            "tun", "ti tia nin nissa nista tiin nilla nilta nille niksi nit neissa nein teja tien"
        )
        + "|h",
    ),
    ("working day", _cases("(?:arki|työ|pankki)päiv", _DAY)),
    ("day", _cases("päiv", _DAY) + "|" + _cases("vuorokau", "si den tta dessa deksi") + "|vrk"),
    (
        "week",
        _cases(
            "viik",
            "ko koa on ossa osta koon olla olta olle oksi kona ot koja oissa oista koihin oilla"
            " oiksi kojen",
        ),
    ),
    ("month", _cases("kuukau", _YEAR) + "|kk"),
    ("year", _cases("vuo", _YEAR)),
]
UNIT = "(?:" + "|".join(pattern for _, pattern in UNITS) + r")\b"


def unit(word: str) -> str:
    return next(name for name, pattern in UNITS if re.fullmatch(pattern, word, IGNORE))


def duration(n: Decimal, word: str) -> Duration:
    name = unit(word)
    if name == "hour" and n != n.to_integral_value():
        return Duration(n * 60, "minute")
    return Duration(n, name)


MONTH = r"(?P<m>tammi|helmi|maalis|huhti|touko|kesä|heinä|elo|syys|loka|marras|joulu)kuu\w*"
_MONTHS = "tammi helmi maalis huhti touko kesä heinä elo syys loka marras joulu".split()


def _clock(hour: str, minute: str | None) -> Clock | None:
    h, m = int(hour), int(minute or 0)
    return Clock(h % 24, m) if 0 <= h <= 24 and 0 <= m <= 59 else None


# "klo 14–18", "kello 20", "klo 19.45": the 24-hour clock, so 8 is 08:00.
@rule(
    r"\b(?:klo|kello)\.?\s*(?P<h>[01]?\d|2[0-4])(?:[.:](?P<mi>[0-5]\d))?"
    rf"(?:{DASH}(?P<h2>[01]?\d|2[0-4])(?:[.:](?P<mi2>[0-5]\d))?)?(?!\d)(?!,\d)",
    IGNORE,
)
def klo(match: re.Match[str]) -> Built:
    start = _clock(match.group("h"), match.group("mi"))
    if start is None:
        return None
    if match.group("h2"):
        end = _clock(match.group("h2"), match.group("mi2"))
        return ("time", Range(start, end)) if end else None
    return "time", start


def _date(day: str, month: str, year: str | None) -> Date | None:
    d, m = int(day), int(month)
    if not (1 <= d <= 31 and 1 <= m <= 12):
        return None
    return Date(m, d, int(year) if year else None)


# 31.5. / 31.5.2025 / 1.–7.12. / 1.12.–7.12.: a day and a month, each ending in a
# dot. Finnish decimals take a comma, so 31.5. is never a number.
@rule(
    r"(?<!\d)(?<!\d[.,:])(?P<d>\d{1,2})\.(?:(?P<m1>\d{1,2})\.)?"
    rf"{DASH}(?P<d2>\d{{1,2}})\.(?P<m>\d{{1,2}})\.(?P<y>\d{{4}})?(?!\d)"
)
def date_range(match: re.Match[str]) -> Built:
    start = _date(match.group("d"), match.group("m1") or match.group("m"), match.group("y"))
    end = _date(match.group("d2"), match.group("m"), match.group("y"))
    return ("date", Range(start, end)) if start and end else None


@rule(r"(?<!\d)(?<!\d[.,:])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})?(?!\d)(?!,\d)")
def date(match: re.Match[str]) -> Built:
    value = _date(match.group("d"), match.group("m"), match.group("y"))
    return ("date", value) if value else None


@rule(rf"(?<!\d)(?<!\d[.,:])(?P<d>\d{{1,2}})\.\s*{MONTH}", IGNORE)
def day_month_name(match: re.Match[str]) -> Built:
    month = _MONTHS.index(match.group("m").lower()) + 1
    return (
        ("date", Date(month, int(match.group("d")))) if 1 <= int(match.group("d")) <= 31 else None
    )


@rule(rf"\b{MONTH}", IGNORE)
def month_alone(match: re.Match[str]) -> Built:
    return "date", Date(_MONTHS.index(match.group("m").lower()) + 1)


MILLIONS = r"(?:\s(?P<sc>miljoon\w*|milj\.|miljard\w*|mrd|tuhat\w*|t\.))?"
CURRENCY = (
    r"(?P<ca>€|(?-i:EUR|USD|GBP|JPY)\b|euro(?:a|n|on|lla|lta|lle|ksi|ssa|sta|t|ja|jen|ihin|illa)?\b"
    r"|dollari\w*|pun(?:ta|nan|taa|nalla|niksi|tia)\b|jeni\w*|sentti\w*|sentin\b)"
)
_SCALES = {"milj": 10**6, "miljo": 10**6, "miljard": 10**9, "mrd": 10**9, "tuhat": 1000, "t.": 1000}


def _money(n: Decimal | None, scale: str | None, sign: str) -> Built:
    if n is None:
        return None
    for stem, size in sorted(_SCALES.items(), key=lambda item: -len(item[0])):
        if scale and scale.lower().startswith(stem):
            n *= size
            break
    if is_cents(sign):
        return "money", Money(n / 100, None)
    return "money", Money(n, code(sign))


@rule(rf"(?P<n>{NUM}){MILLIONS}\s?{CURRENCY}", IGNORE, needs=CURRENCY)
def money_after(match: re.Match[str]) -> Built:
    return _money(num(match.group("n")), match.group("sc"), match.group("ca"))


@rule(rf"(?P<cb>€|\$|£)\s?(?P<n>{NUM}){MILLIONS}", IGNORE)
def money_before(match: re.Match[str]) -> Built:
    return _money(num(match.group("n")), match.group("sc"), match.group("cb"))


OFF = r"(?:\s+(?P<off>alennu\w*|alenn\w*|ale\w*|halvemp\w*|edullisemp\w*))?"


# 15 %, 15 %:n alennus, 15 prosenttia, -20 %.
@rule(
    rf"(?:(?P<minus>(?<![\w\d])[-–])\s?)?(?:(?P<n1>{NUM}){DASH})?(?P<n>{NUM})\s?"
    rf"(?:%|prosent\w*)(?::[a-zäö]+)?{OFF}",
    IGNORE,
    needs="%|prosent",
)
def percent(match: re.Match[str]) -> Built:
    n = num(match.group("n"))
    if n is None:
        return None
    off = bool(match.group("off") or match.group("minus"))
    kind = "percent_off" if off else "percent"
    if match.group("n1"):
        low = num(match.group("n1"))
        return (kind, Range(Percent(low, off), Percent(n, off))) if low is not None else None
    return kind, Percent(n, off)


_ADVERBS = {
    "kahdesti": 2, "kolmesti": 3, "neljästi": 4, "viidesti": 5, "kuudesti": 6,
    "seitsemästi": 7, "kahdeksasti": 8, "yhdeksästi": 9, "kymmenesti": 10,
}  # fmt: skip


@rule(r"\bpuoleen\s+hintaan\b|\bpuoli\s+hintaa\b", IGNORE)
def half_price(match: re.Match[str]) -> Built:
    return "percent_off", Percent(Decimal(50), off=True)


@rule(r"\b(?:" + "|".join(_ADVERBS) + r")\b", IGNORE)
def adverb(match: re.Match[str]) -> Built:
    return "frequency", Times(Decimal(_ADVERBS[match.group(0).lower()]))


PERIODS = (
    r"(?:vuodessa|kuukaudessa|viikossa|päivässä|vuorokaudessa|tunnissa|vuosittain|kuukausittain)"
)


# "kerran" is also "one day" or "once more" (vielä kerran): once only beside a period or a limit.
@rule(r"\bkerran\b", IGNORE)
def kerran(match: re.Match[str]) -> Built:
    rate = re.match(rf"\s+{PERIODS}\b", match.string[match.end() :], IGNORE)
    limit = re.search(
        r"\b(?:vain|ainoastaan|enintään|korkeintaan|vähintään|jopa)\s+$", before(match, 14), IGNORE
    )
    return ("frequency", Times(Decimal(1))) if rate or limit else None


@rule(rf"(?P<n>{NUM})\s+kert(?:aa|aan|an|ana|oja)\b", IGNORE, needs="kert")
def kertaa(match: re.Match[str]) -> Built:
    n = num(match.group("n"))
    return ("frequency", Times(n)) if n else None


@rule(
    r"\b(?:(?P<half>puoli\s+tuntia|puolen\s+tunnin|puolessa\s+tunnissa|puoleksi\s+tunniksi)"
    rf"|(?:puolitoista|puolentoista)\s+(?P<u>{UNIT}))",
    IGNORE,
)
def half(match: re.Match[str]) -> Built:
    if match.group("half"):
        return "duration", Duration(Decimal(30), "minute")
    return "duration", duration(Decimal("1.5"), match.group("u"))


@rule(rf"(?:(?P<n1>{NUM}){DASH})?(?P<n>{NUM})(?:\s+|-)(?P<u>{UNIT})", IGNORE, needs=UNIT)
def durations(match: re.Match[str]) -> Built:
    n = num(match.group("n"))
    if n is None:
        return None
    high = duration(n, match.group("u"))
    if match.group("n1"):
        low = num(match.group("n1"))
        return ("duration", Range(duration(low, match.group("u")), high)) if low else None
    return "duration", high


# 17.30 without klo: Finnish writes decimals with a comma, so a dot between an
# hour and minutes is a time.
@rule(r"(?<!\d)(?<!\d[.,:])(?P<h>[01]?\d|2[0-3])[.:](?P<mi>[0-5]\d)(?!\d)(?![.,]\d)")
def dot_time(match: re.Match[str]) -> Built:
    value = _clock(match.group("h"), match.group("mi"))
    return ("time", value) if value else None


@rule(rf"(?<!\d)(?<!\d[.,:])(?:{FI_DIGITS})")
def digits(match: re.Match[str]) -> Built:
    return "number", Amount(digits_value(match.group(0)))


# A number word alone counts from two up: yksi/yhden is as often "a" or "the same";
# sata (100) is also "it rains".
@rule(FI_WORDS, IGNORE)
def words(match: re.Match[str]) -> Built:
    value = fi_value(match.group(0))
    if value is None or value < 2 or match.group(0).lower() in ("sata", "sataa"):
        return None
    return "number", Amount(value)


RULES: list[Rule] = [
    klo,
    date_range,
    date,
    day_month_name,
    month_alone,
    money_after,
    money_before,
    percent,
    half_price,
    adverb,
    kerran,
    kertaa,
    half,
    durations,
    dot_time,
    digits,
    words,
]
