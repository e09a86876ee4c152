"""Numbers as languages write them: digits with their separators, English and
Finnish number words, Chinese and Japanese numerals.

Hand-written rather than a library: `cn2an` reads neither bare 百/千 nor 千五百
(Japanese writes them so) and gives no positions in the text; `text2num` reads
neither "a hundred" nor Finnish. Each parser is a few lines and returns None for
a form it does not know, so the caller leaves it alone.
"""

import re
from decimal import Decimal

# 10,000 / 1.000 / 4,90 / 4.90 / 1.5. A separator followed by exactly three
# digits groups thousands (as the old digit-string lint read it); otherwise it
# is a decimal point.
DIGITS = r"\d{1,3}(?:[,.]\d{3})+(?!\d)(?:[.,]\d{1,2}(?!\d))?|\d+(?:[.,]\d+)?"
# Finnish also groups thousands with a (no-break) space: 10 000.
FI_DIGITS = r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d])(?:,\d+)?|" + DIGITS


def trie(words: list[str]) -> str:
    """One regex for many words, as a tree of their letters: "kolme|kolmen" becomes
    "kolme(?:n)?". Python tries alternatives one by one, and number words are tried
    at every word of every text, so the tree keeps lint fast."""
    root: dict = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        branches = [re.escape(ch) + pattern(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        if "" in node:
            return f"(?:{body})?"
        return body

    return pattern(root)


_GROUPED = re.compile(r"(\d{1,3}(?:[,. \u00a0\u202f]\d{3})+)(?:[.,](\d{1,2}))?")


def digits_value(raw: str) -> Decimal:
    """The value of a digit string matched by DIGITS or FI_DIGITS."""
    match = _GROUPED.fullmatch(raw)
    if match:
        whole, fraction = re.sub(r"\D", "", match.group(1)), match.group(2) or ""
    else:
        whole, _, fraction = raw.replace(",", ".").partition(".")
    return Decimal(f"{whole}.{fraction}" if fraction else whole)


# English ------------------------------------------------------------------

_EN_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen"
).split()
_EN_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
EN_VALUES: dict[str, int] = {word: n for n, word in enumerate(_EN_ONES)}
EN_VALUES |= {word: 20 + 10 * n for n, word in enumerate(_EN_TENS)}
_EN_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}
_EN_WORD = trie([*EN_VALUES, *_EN_SCALES])
EN_WORDS = rf"\b(?:a\s+(?:hundred|thousand|dozen)|(?:{_EN_WORD})(?:[\s-]+(?:{_EN_WORD}))*)\b"


def en_value(words: str) -> Decimal | None:
    """ "twenty-five" -> 25, "a hundred" -> 100, "ten thousand" -> 10000."""
    tokens = re.split(r"[\s-]+", words.lower())
    if tokens[0] == "a":
        return Decimal({"hundred": 100, "thousand": 1000, "dozen": 12}[tokens[1]])
    total = current = 0
    for token in tokens:
        if token in EN_VALUES:
            current += EN_VALUES[token]
        elif token == "hundred":
            current = (current or 1) * 100
        else:
            total += (current or 1) * _EN_SCALES[token]
            current = 0
    return Decimal(total + current)


# Finnish ------------------------------------------------------------------
# Finnish numerals take the case of their noun: kolme, kolmen, kolmessa, kolmeen...
# (value, nominative, oblique stem, partitive, illative, essive)
_FI_STEMS = [
    (1, "yksi", "yhde", "yhtä", "yhteen", "yhtenä"),
    (2, "kaksi", "kahde", "kahta", "kahteen", "kahtena"),
    (3, "kolme", "kolme", "kolmea", "kolmeen", "kolmena"),
    (4, "neljä", "neljä", "neljää", "neljään", "neljänä"),
    (5, "viisi", "viide", "viittä", "viiteen", "viitenä"),
    (6, "kuusi", "kuude", "kuutta", "kuuteen", "kuutena"),
    (7, "seitsemän", "seitsemä", "seitsemää", "seitsemään", "seitsemänä"),
    (8, "kahdeksan", "kahdeksa", "kahdeksaa", "kahdeksaan", "kahdeksana"),
    (9, "yhdeksän", "yhdeksä", "yhdeksää", "yhdeksään", "yhdeksänä"),
    (10, "kymmenen", "kymmene", "kymmentä", "kymmeneen", "kymmenenä"),
    (100, "sata", "sada", "sataa", "sataan", "satana"),
    (1000, "tuhat", "tuhanne", "tuhatta", "tuhanteen", "tuhantena"),
    (10**6, "miljoona", "miljoona", "miljoonaa", "miljoonaan", "miljoonana"),
]


def _fi_forms() -> dict[str, int]:
    forms: dict[str, int] = {}
    for value, nominative, stem, partitive, illative, essive in _FI_STEMS:
        a = "a" if re.search("[aou]", stem) else "ä"
        endings = ["n", f"ss{a}", f"st{a}", "lle", f"ll{a}", f"lt{a}", "ksi"]
        for form in (nominative, partitive, illative, essive, *(stem + e for e in endings)):
            forms[form] = value
    return forms


FI_FORMS = _fi_forms()
# One word made of numeral parts: kaksikymmentäviisi, kahdentoista, kolmesataa.
_FI_PART = trie([*FI_FORMS, "toista"])
FI_WORDS = rf"\b(?:{_FI_PART})+\b"
_FI_SPLIT = re.compile(rf"{_FI_PART}", re.IGNORECASE)


def fi_value(word: str) -> Decimal | None:
    """ "kolmen" -> 3, "kahdenkymmenen" -> 20, "kaksikymmentäviisi" -> 25."""
    total = current = 0
    for part in _FI_SPLIT.findall(word.lower()):
        if part == "toista":
            current += 10
            continue
        value = FI_FORMS[part]
        if value == 10 and current:
            current *= 10
        elif value == 100:
            current = (current or 1) * 100
        elif value >= 1000:
            total += (current or 1) * value
            current = 0
        else:
            current += value
    return Decimal(total + current) if total + current else None


# Chinese and Japanese -------------------------------------------------------

CJK_DIGITS = {
    "〇": 0, "零": 0, "一": 1, "二": 2, "兩": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
_CJK_SMALL = {"十": 10, "百": 100, "千": 1000}
_CJK_BIG = {"万": 10**4, "萬": 10**4, "億": 10**8, "亿": 10**8}
CJK_CHARS = "".join([*CJK_DIGITS, *_CJK_SMALL, *_CJK_BIG])
# 三十, 1万5千, 2.5萬, 10,000, 二〇二五. Not after 数/幾/何 ("数百円" is no number)
# nor 第 (an ordinal).
CJK_NUMBER = (
    rf"(?<![{CJK_CHARS}\d数幾何第])(?<!\d[.,])"
    rf"(?:{DIGITS}|[{CJK_CHARS}])(?:{DIGITS}|[{CJK_CHARS}])*"
)
_CJK_TOKEN = re.compile(rf"{DIGITS}|[{CJK_CHARS}]")


def cjk_value(numeral: str) -> Decimal | None:
    """ "三十" -> 30, "1万5千" -> 15000, "千五百" -> 1500, "兩" -> 2; None if malformed."""
    tokens = _CJK_TOKEN.findall(numeral)
    if "".join(tokens) != numeral:
        return None
    if len(tokens) > 1 and all(t in CJK_DIGITS for t in tokens):
        # 二〇二五 is a year, digit by digit; 兩三 and 二三 are "two or three".
        if len(tokens) < 4 and not any(t in "〇零" for t in tokens):
            return None
        return Decimal("".join(str(CJK_DIGITS[t]) for t in tokens))
    total, section, current = Decimal(0), Decimal(0), None
    for token in tokens:
        if token in _CJK_BIG:
            if current is None and not section and total:
                return None  # 万万
            total += (section + (current if current is not None else 0) or 1) * _CJK_BIG[token]
            section, current = Decimal(0), None
        elif token in _CJK_SMALL:
            section += (current if current is not None else 1) * _CJK_SMALL[token]
            current = None
        elif token in "零〇" and (section or total):
            continue  # 一百零五: 零 only holds a place
        elif current is not None:
            return None  # two numbers side by side: 五8
        else:
            current = Decimal(CJK_DIGITS[token]) if token in CJK_DIGITS else digits_value(token)
    return total + section + (current if current is not None else 0)


def is_cjk_written(numeral: str) -> bool:
    """Whether a numeral has no digit: such numerals also live inside words
    (一緒, 十分 "enough", 万一), so they count only beside a unit or counter."""
    return not any(ch.isdigit() for ch in numeral)
