"""Language-aware terms for search.

- Everything is NFKC-normalised first (full-width letters and digits become
  ASCII, half-width katakana become full-width) and case-folded.
- English and Finnish: words, stemmed with the Snowball stemmers
  (`snowballstemmer`, the stemmers Sphinx and many others use), then accents
  are removed, so "myohassa" typed without umlauts still matches "myöhässä".
  Finnish inflects heavily and its stemmer leaves some forms apart
  ("tilaukseni" -> "tilau", "tilauksesi" -> "tilauks"), so a Finnish word also
  gives its first five letters as a weaker term.
- Japanese and Traditional Chinese are written without spaces: runs of their
  characters give overlapping character bigrams (and, for Chinese, single
  characters), which needs no dictionary and copes with any word boundary.
  Runs of Latin letters or digits inside them are handled as words.
"""

import re
import unicodedata
from collections import Counter
from functools import lru_cache

import snowballstemmer

STEMMERS = {"en": "english", "fi": "finnish"}
CJK = {"ja", "zh-hant"}
WORD = re.compile(r"[^\W_]+", re.UNICODE)
# Han, kana, CJK punctuation excluded: the characters a CJK run is made of.
CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u31f0-\u31ff]")
_CJK_RANGES = CJK_CHAR.pattern[1:-1]
# A mixed run splits into CJK runs and runs of anything else (Latin, digits).
MIXED_RUN = re.compile(rf"[{_CJK_RANGES}]+|[^\W_{_CJK_RANGES}]+")
STOPWORDS = {
    "en": set(
        "a an the i me my we our you your it is are was were be been am do does did to of in "
        "on for and or but not no can could would will with at by from this that what why how "
        "when where which who have has had there their they he she his her its so if about "
        # What contractions leave ("doesn't" is read as "doesn" and "t"), and the
        # same typed without the apostrophe.
        "doesn didn don isn wasn weren aren hasn haven hadn couldn wouldn shouldn won t s ll "
        "ve re doesnt didnt dont isnt wasnt arent hasnt havent cant couldnt wouldnt wont "
        "im ive".split()
    ),
    "fi": set(
        "ja on ei se en et olen ole ovat oli minä minun mun sinä hän me te he mitä miksi miten "
        "kun jos että mutta tai vai kuin ovat voi voinko onko missä mikä tämä tuo".split()
    ),
}
PREFIX = 5
PREFIX_WEIGHT = 0.5


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").casefold()


def fold_accents(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def prefix_term(word: str) -> str:
    """The weaker term a Finnish word gives besides its stem: its first `PREFIX` letters."""
    return "^" + fold_accents(word[:PREFIX])


@lru_cache(maxsize=4)
def _stemmer(language: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer(STEMMERS[language])


@lru_cache(maxsize=100_000)
def _word_terms(word: str, language: str) -> tuple[tuple[str, float], ...]:
    if language in STEMMERS:
        if word in STOPWORDS.get(language, ()):
            return ()
        stem = fold_accents(_stemmer(language).stemWord(word))
        terms = [(stem, 1.0)]
        if language == "fi" and len(word) > PREFIX:
            terms.append((prefix_term(word), PREFIX_WEIGHT))
        return tuple(terms)
    return ((fold_accents(word), 1.0),)


def _cjk_terms(run: str, language: str) -> list[tuple[str, float]]:
    terms = [(run[i : i + 2], 1.0) for i in range(len(run) - 1)]
    if language == "zh-hant" or len(run) == 1:
        terms += [(char, 0.3) for char in run]
    return terms


def sequence(text: str, language: str) -> list[tuple[str, float]]:
    """The terms of `text` in `language` in reading order, each with its weight.

    Full terms (stems, CJK bigrams) weigh 1; the weaker helpers (Finnish
    prefixes, single Chinese characters) less. The order is what phrase and
    proximity matching read.
    """
    found: list[tuple[str, float]] = []
    for match in WORD.finditer(normalise(text)):
        word = match.group()
        if language in CJK and CJK_CHAR.search(word):
            # Split a mixed run into CJK runs and other words.
            for part in MIXED_RUN.findall(word):
                if CJK_CHAR.match(part):
                    found += _cjk_terms(part, language)
                else:
                    found += _word_terms(part, "other")
            continue
        found += _word_terms(word, language if language in STEMMERS else "other")
    return found


def terms(text: str, language: str) -> Counter[str]:
    """Weighted term counts of `text` in `language`."""
    counts: Counter[str] = Counter()
    for term, weight in sequence(text, language):
        counts[term] += weight
    return counts


def is_typo_candidate(term: str) -> bool:
    """Terms long enough to be matched with a small spelling mistake."""
    return len(term) >= 4 and not term.startswith("^") and not CJK_CHAR.search(term)
