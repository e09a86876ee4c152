"""Loading the rule data: `rules/common.toml` plus one file per language."""

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

RULES_DIR = Path(__file__).parent / "rules"
# Languages written without spaces: phrases match as plain substrings.
UNSPACED = {"ja", "zh-hant", "zh", "ko"}


@dataclass(frozen=True)
class Phrases:
    """A list of phrases compiled into one case-insensitive pattern."""

    pattern: re.Pattern[str] | None
    replacements: dict[str, str] = field(default_factory=dict)

    def finditer(self, text: str) -> list[re.Match[str]]:
        return list(self.pattern.finditer(text)) if self.pattern else []

    def suggestion(self, found: str) -> str:
        return self.replacements.get(found.lower(), "")


@dataclass(frozen=True)
class LanguageRules:
    language: str
    severity: dict[str, str]
    acknowledgement: Phrases
    closing: Phrases
    apology: Phrases
    small_talk: Phrases
    brand_we: Phrases
    doubting_any: Phrases
    jargon: Phrases
    over_formal: Phrases


def _phrase_regex(phrase: str, spaced: bool) -> str:
    prefix = phrase.endswith("*")
    body = re.escape(phrase.rstrip("*")).replace(r"\ ", r"\s+")
    if not spaced:
        return body
    return rf"\b{body}" + (r"\w*" if prefix else r"\b")


def _phrases(words: list[str] | dict[str, str], patterns: list[str], *, spaced: bool) -> Phrases:
    parts = [_phrase_regex(word, spaced) for word in words]
    parts += patterns
    # Longest first, so "please accept our" wins over "our".
    parts.sort(key=len, reverse=True)
    pattern = (
        re.compile("|".join(f"(?:{part})" for part in parts), re.IGNORECASE) if parts else None
    )
    replacements = (
        {key.rstrip("*").lower(): value for key, value in words.items()}
        if isinstance(words, dict)
        else {}
    )
    return Phrases(pattern, replacements)


# Editors' own word lists (`ToneWord` rows): kind -> ((word, suggestion), ...).
ExtraWords = tuple[tuple[str, tuple[tuple[str, str], ...]], ...]


@cache
def rules_for(language: str, extra: ExtraWords = ()) -> LanguageRules:
    """The rules of `language`; a language with no file gets the common ones only.

    `extra` adds the editors' jargon and over-formal words to the files' lists.
    """
    common = tomllib.loads((RULES_DIR / "common.toml").read_text(encoding="utf-8"))
    path = RULES_DIR / f"{language}.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    spaced = language not in UNSPACED

    added = dict(extra)

    def phrases(name: str) -> Phrases:
        words = data.get(name, [])
        if name in added:
            words = {**dict(words), **dict(added[name])}
        return _phrases(words, data.get(f"{name}_patterns", []), spaced=spaced)

    return LanguageRules(
        language=language,
        severity={**common["severity"], **data.get("severity", {})},
        acknowledgement=phrases("acknowledgement"),
        closing=phrases("closing"),
        apology=phrases("apology"),
        small_talk=phrases("small_talk"),
        brand_we=phrases("brand_we"),
        doubting_any=phrases("doubting_any"),
        jargon=phrases("jargon"),
        over_formal=phrases("over_formal"),
    )
