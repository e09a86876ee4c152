"""Words a customer says they do not mean, taken out of the question.

"I want to quit for good, not pause" is about cancelling: "pause" would rank
the pause answer first. Only contrastive negation is removed, where a thing is
named to be set aside ("not X", "instead of X", "Xではなく", "不是X", "ei X
vaan"); a negated verb ("it did not arrive", "届かない", "沒收到") is what the
question is about and stays.
"""

import re

# English: "not"/"no" that does not follow an auxiliary verb, "instead of",
# "rather than", then up to two words (stopping at punctuation).
_EN_AUXILIARY = (
    r"(?<!\bdo )(?<!\bdid )(?<!\bdoes )(?<!\bis )(?<!\bare )(?<!\bwas )(?<!\bwere )"
    r"(?<!\bcan )(?<!\bcould )(?<!\bwill )(?<!\bwould )(?<!\bhas )(?<!\bhave )"
    r"(?<!\bhad )(?<!\bshould )(?<!\bi'm )(?<!\bim )(?<!\bam )(?<!\bit's )"
)
_EN = re.compile(
    _EN_AUXILIARY + r"\b(?:not|instead of|rather than)\s+(?:(?:a|an|the|to|my|just|only)\s+)?"
    r"[^\W\d_]+(?:\s+(?!but\b|i\b|just\b)[^\W\d_]+)?",
    re.IGNORECASE,
)
# Finnish: "ei/eikä/en X vaan" (not X but), "X:n sijaan/sijasta" (instead of X).
_FI = [
    re.compile(r"\b(?:ei|eikä|eika|en)\s+((?:[^\W\d_]+\s+){0,2}?)(?=vaan\b)", re.IGNORECASE),
    re.compile(r"\b[^\W\d_]+\s+(?:sijaan|sijasta)\b", re.IGNORECASE),
]
_CJK = r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
# Japanese: "Xではなく(て)", "Xじゃなく(て)", "Xより(も)むしろ": X is the run before.
_JA = re.compile(rf"{_CJK}{{1,8}}(?=(?:ではなく|じゃなく|でなく))")
# Chinese: "而不是X" (rather than X), or "不是X，是/而是/要Y" (not X but Y).
_ZH = re.compile(
    rf"而不是(?:要)?{_CJK}{{1,6}}?(?=[，。、,.!?！？\s]|$)"
    rf"|不是(?:要)?{_CJK}{{1,6}}?(?=[，,\s]?(?:而是|是|要|我要))"
)


def without_negated(text: str, language: str) -> str:
    """`text` with the words it sets aside blanked out."""
    if language == "en":
        return _EN.sub(" ", text)
    if language == "fi":
        for pattern in _FI:
            text = pattern.sub(" ", text)
        return text
    if language == "ja":
        return _JA.sub(" ", text)
    if language.startswith("zh"):
        return _ZH.sub(" ", text)
    return text
