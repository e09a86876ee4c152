"""Loading the rule data: `rules/common.toml` plus one file per language.

Each tone rule is a phrase family, kept as data so a support lead can read and
extend it without reading code:

- `<rule>`: words and phrases, case-insensitive (an acronym in capitals only in
  capitals), as whole words in languages written with spaces. A trailing `*`
  matches any ending (Finnish cases: "pahoittel*"), a leading `*` any beginning
  (compounds: "*tiketti"). As a table, each word carries the plainer word lint
  suggests.
- `<rule>_patterns`: regular expressions for families a list cannot hold
  ("have a … day", a Finnish verb ending). A group named `hit` marks the words
  to point at when the pattern needs context to decide.
- `<rule>_unless`: regular expressions that, found in the same sentence, stop
  the rule there: "let's … together" makes "we" the customer and agent.

`common.toml` holds the severities and lists shared by every language (trade
acronyms); a language's own entry for the same word wins (its suggestion).
"""

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from templates_app.tone.text import sentences

RULES_DIR = Path(__file__).parent / "rules"
# Languages written without spaces: phrases match as plain substrings.
UNSPACED = {"ja", "zh-hant", "zh", "ko"}
RULE_NAMES = (
    "acknowledgement",
    "closing",
    "apology",
    "greeting",
    "small_talk",
    "sign_off",
    "brand_we",
    "doubting_any",
    "jargon",
    "over_formal",
)


@dataclass(frozen=True)
class Hit:
    """Words a phrase family found: offsets into the text it was given."""

    start: int
    end: int
    text: str


def non_overlapping(hits: list[Hit]) -> list[Hit]:
    """Leftmost hits first, the longest where two start together; no overlaps, so
    one phrase is one finding (and one apology counts once)."""
    kept: list[Hit] = []
    for hit in sorted(hits, key=lambda hit: (hit.start, -hit.end)):
        if not kept or hit.start >= kept[-1].end:
            kept.append(hit)
    return kept


@dataclass(frozen=True)
class Phrases:
    """One rule's phrase family, compiled."""

    patterns: tuple[re.Pattern[str], ...] = ()
    unless: tuple[re.Pattern[str], ...] = ()
    suggestions: tuple[tuple[re.Pattern[str], str], ...] = ()

    def find(self, text: str) -> list[Hit]:
        """Non-overlapping hits in `text`, leftmost and then longest first."""
        hits = []
        for pattern in self.patterns:
            for match in pattern.finditer(text):
                group = "hit" if "hit" in pattern.groupindex and match.group("hit") else 0
                start, end = match.span(group)
                if end > start:
                    hits.append(Hit(start, end, text[start:end]))
        kept = non_overlapping(hits)
        if kept and self.unless:
            kept = [hit for hit in kept if not self._excused(text, hit)]
        return kept

    def _excused(self, text: str, hit: Hit) -> bool:
        for start, end in sentences(text):
            if start <= hit.start < end:
                sentence = text[start:end]  # so ^ and $ mean the sentence's ends
                return any(pattern.search(sentence) for pattern in self.unless)
        return False

    def suggestion(self, found: str) -> str:
        """The plainer word for `found`, when its entry in the lists has one."""
        for pattern, better in self.suggestions:
            if pattern.fullmatch(found):
                return better
        return ""


@dataclass(frozen=True)
class LanguageRules:
    """Every rule's phrase family for one language."""

    language: str
    spaced: bool
    severity: dict[str, str]
    acknowledgement: Phrases
    closing: Phrases
    apology: Phrases
    greeting: Phrases
    small_talk: Phrases
    sign_off: Phrases
    brand_we: Phrases
    doubting_any: Phrases
    jargon: Phrases
    over_formal: Phrases


def _ascii_word(phrase: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9 .&/'-]*", phrase))


def _phrase_regex(phrase: str, spaced: bool) -> str:
    prefix, suffix = phrase.startswith("*"), phrase.endswith("*")
    words = phrase.strip("*").split()
    body = r"\s+".join(re.escape(word).replace("'", "['’]") for word in words)
    if re.fullmatch(r"[A-Z0-9]*[A-Z][A-Z0-9]+s?", phrase.strip("*")):
        body = f"(?-i:{body})"  # an acronym: "POD", not a coffee "pod"
    if spaced or _ascii_word(phrase.strip("*")):
        # Whole words; in Japanese and Chinese an embedded Latin acronym ("RMA番号")
        # still needs Latin letters not to go on either side of it.
        before = r"\w*" if prefix else (r"\b" if spaced else r"(?<![A-Za-z0-9])")
        after = r"\w*" if suffix else (r"\b" if spaced else r"(?![A-Za-z0-9])")
        # A boundary only next to a letter: "enjoy!" ends in punctuation.
        before = before if re.match(r"\w", words[0]) else ""
        after = after if re.search(r"\w$", words[-1]) else ""
        return before + body + after
    return body


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def _phrases(
    words: dict[str, str], patterns: list[str], unless: list[str], *, spaced: bool
) -> Phrases:
    regexes = {word: _phrase_regex(word, spaced) for word in words}
    compiled = []
    if regexes:
        # Longest first, so "please accept our" wins over "our".
        alternatives = sorted(regexes.values(), key=len, reverse=True)
        compiled.append(_compile("|".join(f"(?:{part})" for part in alternatives)))
    compiled += [_compile(pattern) for pattern in patterns]
    # Later entries first: a language's file over common.toml, editors over both.
    suggestions = tuple(
        (_compile(regexes[word]), better) for word, better in reversed(words.items()) if better
    )
    return Phrases(tuple(compiled), tuple(_compile(p) for p in unless), suggestions)


def _as_words(value: Any) -> dict[str, str]:
    if isinstance(value, dict):
        return {str(word): str(better) for word, better in value.items()}
    return {str(word): "" for word in value or []}


# Editors' own word lists (`ToneWord` rows): kind -> ((word, suggestion), ...).
ExtraWords = tuple[tuple[str, tuple[tuple[str, str], ...]], ...]


def _load(name: str) -> dict[str, Any]:
    path = RULES_DIR / f"{name}.toml"
    return tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


@cache
def rules_for(language: str, extra: ExtraWords = ()) -> LanguageRules:
    """The rules of `language`; a language with no file gets the common ones only.

    `extra` adds the editors' jargon and over-formal words to the files' lists.
    Cached: lint runs on every preview, the files change only with a deploy.
    """
    common, data = _load("common"), _load(language)
    spaced = language not in UNSPACED
    added = dict(extra)

    def phrases(name: str) -> Phrases:
        words = {**_as_words(common.get(name)), **_as_words(data.get(name))}
        words.update(dict(added.get(name, ())))
        patterns = common.get(f"{name}_patterns", []) + data.get(f"{name}_patterns", [])
        unless = common.get(f"{name}_unless", []) + data.get(f"{name}_unless", [])
        return _phrases(words, patterns, unless, spaced=spaced)

    return LanguageRules(
        language=language,
        spaced=spaced,
        severity={**common["severity"], **data.get("severity", {})},
        **{name: phrases(name) for name in RULE_NAMES},
    )
