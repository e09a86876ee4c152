"""Search gaps: questions customers asked that nothing answered well, grouped by wording.

A question's wording is its terms under the search analyzer (`channels.search.text`:
stems, folded accents, CJK bigrams). Questions of one channel and language whose
term sets overlap by at least `SIMILAR` (Jaccard) form one group, most missed
first; terms that most questions of the language share (in CJK, bigrams such as
ます or 什麼) do not count as overlap. A group carries its misses, its example
questions (the most missed first, which labels it) and a key: the sorted terms of
that first question, the same in every process.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from channels.models import SearchQuery
from channels.search.text import sequence

SIMILAR = 0.4
# A term in more than this share of a language's missed questions says nothing
# about what a question is about (once there are enough questions to tell).
COMMON_SHARE = 0.2
COMMON_MIN_QUESTIONS = 10
LIMIT = 5000  # the most missed questions looked at


@dataclass
class Gap:
    channel_id: int
    channel: str
    language: str
    misses: int = 0
    searches: int = 0
    questions: list[str] = field(default_factory=list)
    terms: Counter = field(default_factory=Counter)

    seed: frozenset = frozenset()  # the terms of its most missed question

    @property
    def label(self) -> str:
        """The group's most missed question, as customers typed it."""
        return self.questions[0] if self.questions else ""

    @property
    def key(self) -> str:
        """The same group's name in every process and run: its seed terms, sorted."""
        return " ".join(sorted(self.seed))

    def as_dict(self) -> dict:
        return {
            "channel": self.channel,
            "language": self.language,
            "label": self.label,
            "count": self.misses,
            "searches": self.searches,
            "questions": self.questions[:10],
        }


# Japanese bigrams of hiragana alone are grammar (はい, ます, すか); content has kanji
# or katakana. Chinese bigrams with a function character (什麼, 時候, 沒有) say how
# something is asked, not what about.
HIRAGANA_ONLY = re.compile(r"^[\u3040-\u309f]+$")
ZH_FUNCTION = set(
    "的了嗎呢吧啊是我你他她們在有沒還要會能可以什麼怎樣為何時候哪裡到給把被讓請這那個一嗎"
)


def wording(question: str, language: str) -> frozenset[str]:
    """What a question is about, as analyzer terms: stems (and Finnish prefixes, which
    meet word forms the stemmer keeps apart); content bigrams in Japanese and Chinese."""
    found = set()
    for term, weight in sequence(question, language):
        if language == "ja":
            keep = weight >= 1.0 and not HIRAGANA_ONLY.match(term)
        elif language == "zh-hant":
            keep = len(term) == 2 and not ZH_FUNCTION & set(term)
        else:
            keep = weight >= 1.0 or term.startswith("^")
        if keep:
            found.add(term)
    return frozenset(found)


def search_gaps(*, channel: str | None = None, language: str | None = None) -> list[Gap]:
    """Groups of missed questions per channel and language, the most missed first."""
    rows = SearchQuery.objects.filter(misses__gt=0).select_related("channel")
    if channel:
        rows = rows.filter(channel__slug=channel)
    if language:
        rows = rows.filter(language=language)
    rows = list(rows.order_by("-misses", "query")[:LIMIT])
    by_place: dict[tuple[int, str], list[tuple[SearchQuery, frozenset[str]]]] = {}
    for row in rows:
        by_place.setdefault((row.channel_id, row.language), []).append(
            (row, wording(row.query, row.language))
        )
    groups: list[Gap] = []
    for (channel_id, code), questions in by_place.items():
        found: dict[int, Gap] = {}
        terms_of = [terms for _row, terms in questions]
        for (row, _terms), (index, meaningful) in zip(questions, cluster(terms_of), strict=True):
            if index not in found:
                found[index] = Gap(channel_id, row.channel.slug, code, seed=meaningful)
            gap = found[index]
            gap.misses += row.misses
            gap.searches += row.searches
            gap.questions.append(row.query)
            gap.terms.update(meaningful)
        groups += found.values()
    return sorted(groups, key=lambda gap: (-gap.misses, gap.channel, gap.language, gap.key))


def cluster(wordings: list[frozenset[str]]) -> list[tuple[int, frozenset[str]]]:
    """Each question's group (an index) and the terms that counted, in the given order
    (the most missed first: a group is seeded by its most missed question).

    A question joins the group whose first question's terms overlap its own by
    `SIMILAR` or more (the best such group), else starts one. Terms in more than
    `COMMON_SHARE` of the questions do not count, once there are enough questions.
    """
    frequency = Counter(term for terms in wordings for term in terms)
    common = (
        {t for t, n in frequency.items() if n > COMMON_SHARE * len(wordings)}
        if len(wordings) >= COMMON_MIN_QUESTIONS
        else set()
    )
    seeds: list[frozenset[str]] = []
    # Term -> the groups whose first question has it: a question is compared only
    # with groups it shares a term with (10,000 questions in well under a second).
    holding: dict[str, list[int]] = {}
    placed = []
    for terms in wordings:
        meaningful = terms - common or terms
        candidates = {index for term in meaningful for index in holding.get(term, ())}
        best = max(
            ((index, jaccard(meaningful, seeds[index])) for index in candidates),
            key=lambda pair: (pair[1], -pair[0]),
            default=(None, 0.0),
        )
        if best[0] is not None and best[1] >= SIMILAR:
            index = best[0]
        else:
            index = len(seeds)
            seeds.append(meaningful)
            for term in meaningful:
                holding.setdefault(term, []).append(index)
        placed.append((index, meaningful))
    return placed


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """How much two term sets overlap: shared terms over all terms (0 to 1)."""
    return len(a & b) / len(a | b) if a or b else 0.0
