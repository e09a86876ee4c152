"""Search for the delivery API: rank, keep what the channel serves, log the question."""

from typing import Any, NamedTuple

from django.conf import settings
from django.db.models import Q

from channels.languages import language_chain
from channels.resolution import ChannelView, live_entries, resolve_answer
from channels.search import log as search_log
from channels.search.backends import Hit, get_backend
from channels.search.text import normalise, terms

MAX_QUERY = 500
MAX_LIMIT = 20
# Ranked candidates read per result asked for: some may not be live on the channel.
OVERFETCH = 3


class Ranked(NamedTuple):
    entry_id: int
    answer: dict[str, Any]
    score: float
    coverage: float


def ranked_answers(view: ChannelView, query: str, language: str, limit: int) -> list[Ranked]:
    """Answers for `query`, best first, only those `view` serves."""
    chain = language_chain(language, list(view.fallback_languages))
    hits = get_backend().search(query, chain, limit * OVERFETCH)
    if not hits:
        return []
    score = {hit.entry_id: hit.score for hit in hits}
    coverage = {hit.entry_id: hit.coverage for hit in hits}
    entries = live_entries(view, chain, filters=Q(pk__in=list(score)))
    found = []
    for entry in sorted(entries, key=lambda e: (-score[e.id], e.key)):
        answer = resolve_answer(entry, view, language)
        if answer is not None:
            found.append(Ranked(entry.id, answer, score[entry.id], coverage[entry.id]))
    return found[:limit]


def record(view: ChannelView, language: str, query: str, top: Ranked | None) -> None:
    """Count the question for its channel and language.

    `top` is the best served answer. A search is a miss when nothing was found,
    or the best answer matched less than `PARLEY_SEARCH_MISS_COVERAGE` of the
    question's words: what customers ask that the base does not answer yet.
    The count waits in the cache and reaches the log with the next flush job
    (`channels.search.log`): a search costs no database write.
    """
    if not terms(query, language):
        return  # only symbols or stop words: nothing the base could ever answer
    search_log.record(
        channel_id=view.id,
        language=language,
        query=" ".join(normalise(query).split())[: search_log.MAX_QUESTION],
        miss=top is None or top.coverage < settings.PARLEY_SEARCH_MISS_COVERAGE,
        top_entry_id=top.entry_id if top else None,
        top_score=top.score if top else None,
    )


def entry_rank(
    entry_id: int, query: str, language: str, depth: int = 10
) -> tuple[int | None, list[Hit]]:
    """Where `entry_id` ranks for `query` in `language` (None: not in the first `depth`),
    and the hits above and around it, for the editors' "try a question" box."""
    hits = get_backend().search(query, [language], depth)
    ids = [hit.entry_id for hit in hits]
    rank = ids.index(entry_id) + 1 if entry_id in ids else None
    return rank, hits
