"""Currency words and signs of every language, as ISO codes.

None for a word several currencies share ("$", "dollars", 元, ドル): the amount
still counts, the currency then agrees with any.
"""

CODES: dict[str, str | None] = {
    "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR", "ユーロ": "EUR", "歐元": "EUR",
    "欧元": "EUR",
    "us$": "USD", "usd": "USD", "美元": "USD", "米ドル": "USD",
    "$": None, "dollar": None, "dollars": None, "ドル": None, "元": None, "塊": None,
    "塊錢": None, "cent": None, "cents": None,
    "nt$": "TWD", "twd": "TWD", "ntd": "TWD", "新台幣": "TWD", "台幣": "TWD",
    "£": "GBP", "gbp": "GBP", "pound": "GBP", "pounds": "GBP", "ポンド": "GBP", "英鎊": "GBP",
    "¥": "JPY", "jpy": "JPY", "yen": "JPY", "円": "JPY", "日圓": "JPY", "日元": "JPY",
    "hk$": "HKD", "hkd": "HKD", "港幣": "HKD", "港元": "HKD",
    "cny": "CNY", "人民幣": "CNY",
}  # fmt: skip

# Finnish inflects the currency word: euroa, euron, euroon, eurolla, dollaria...
FI_STEMS = {"euro": "EUR", "dollar": None, "punta": "GBP", "punna": "GBP", "jen": "JPY"}


def code(word: str) -> str | None:
    """The ISO code of a currency word or sign, None when it is shared or unknown."""
    word = word.lower()
    if word in CODES:
        return CODES[word]
    for stem, iso in FI_STEMS.items():
        if word.startswith(stem):
            return iso
    return None


def is_cents(word: str) -> bool:
    return word.lower().startswith(("cent", "sentt", "sentin"))
