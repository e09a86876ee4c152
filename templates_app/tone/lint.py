"""Tone lint of one answer text for one channel and language.

`lint_text` is pure (text in, findings out); `lint_version` gathers what it
needs for a stored version: its channel, the entry's source text and the live
snippets. Offsets are character positions in the stored field (`field`).
Structure and length are judged on the text as the customer sees it, with
snippets expanded: an opener snippet is an acknowledgement. Tone rules read
the writer's own words: quoted UI strings and `code` are blanked first
(`text.mask_quoted`), so a help page quoting the app's "Sorry, …" is no apology.
"""

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from django.conf import settings

from templates_app.markup import unsafe_parts
from templates_app.placeholders import fill, references
from templates_app.tone.facts import facts
from templates_app.tone.passive import find_passives
from templates_app.tone.rules import ExtraWords, Hit, LanguageRules, non_overlapping, rules_for
from templates_app.tone.text import mask_quoted, mask_tags, sentences

QUESTION = re.compile(r"[?？][\s\"”’'」』)）]*$")
EXCLAIMED = re.compile(r"[!！][\s\"”’'」』)）]*$")
# A sentence of only a greeting and a name ("Hi Anna!") or a sign-off ("Best,
# Laura"): the acknowledgement or closing may stand next to it.
BARE_WORDS = 3
# A last line of at most this many words and no end punctuation is a signature.
SIGNATURE_WORDS = 3
# A help page's short exclamation ("Great idea!", "先訂起來最安心！") is small
# talk: at most this many words, or characters where words have no spaces.
EXCLAMATION_WORDS, EXCLAMATION_CHARS = 3, 8


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    message: str
    language: str
    start: int
    end: int
    field: str = "body"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class ChannelTone:
    """What lint needs of a channel."""

    tone: str  # "plain" or "empathetic"
    max_length: int | None
    format: str


class _Collector:
    def __init__(self, rules: LanguageRules, language: str) -> None:
        self.rules = rules
        self.language = language
        self.findings: list[Finding] = []

    def add(self, rule: str, message: str, start: int, end: int, field: str = "body") -> None:
        severity = self.rules.severity.get(rule, "warning")
        self.findings.append(Finding(rule, severity, message, self.language, start, end, field))


def lint_text(
    *,
    title: str,
    body: str,
    language: str,
    channel: ChannelTone,
    snippets: Mapping[str, str] | None = None,
    source: str | None = None,
    extra_words: ExtraWords = (),
) -> list[Finding]:
    """Findings for one language of one version.

    `snippets`: live snippet texts in this language usable on this channel.
    `source`: the entry's source text (title and body) to compare facts with;
    None when this text is the source.
    `extra_words`: the editors' jargon and over-formal words (`tone_words`).
    """
    rules = rules_for(language, extra_words)
    out = _Collector(rules, language)
    snippets = snippets or {}
    _references(out, title, "title", snippets)
    _references(out, body, "body", snippets)
    shown = fill(body, language=language, text_format="text", snippets=snippets)
    for part in unsafe_parts(body, channel.format):
        out.add(
            "unsafe-markup",
            f"{part.what[0].upper()}{part.what[1:]} would be removed before a customer sees "
            f"this {channel.format} text; use plain formatting and http(s) or mailto links.",
            part.start,
            part.end,
        )

    if channel.max_length and len(shown) > channel.max_length:
        out.add(
            "length",
            f"{len(shown)} characters as shown; this channel allows {channel.max_length}.",
            min(channel.max_length, len(body)),
            len(body),
        )
    # What the writer says in their own words; quotes and code are the app's.
    plain, plain_shown = mask_quoted(mask_tags(body)), mask_quoted(mask_tags(shown))
    if language == "en":
        for passive in find_passives(plain):
            out.add(
                "passive-voice",
                f"“{passive.text}” is passive (it passes the “by a robot” test); "
                "say who does it: “I'll …”.",
                passive.start,
                passive.end,
            )
    for hit in rules.jargon.find(plain):
        better = rules.jargon.suggestion(hit.text)
        hint = f" Try “{better}”." if better else ""
        out.add("jargon", f"“{hit.text}” is company jargon.{hint}", hit.start, hit.end)
    for hit in rules.over_formal.find(plain):
        better = rules.over_formal.suggestion(hit.text)
        hint = f" Try “{better}”." if better else " Leave it out."
        out.add("over-formal", f"“{hit.text}” sounds like a contract.{hint}", hit.start, hit.end)

    apologies = rules.apology.find(plain_shown)
    if len(apologies) > 1:
        in_body = rules.apology.find(plain)
        span = (in_body[-1].start, in_body[-1].end) if in_body else (0, len(body))
        out.add(
            "excess-apology",
            f"{len(apologies)} apologies; one is enough, more hands the conversation over.",
            *span,
        )
    if channel.tone == "plain":
        _plain(out, rules, plain)
    else:
        _empathetic(out, rules, plain, plain_shown)
    if source is not None:
        _facts(out, title, body, source, language)
    return sorted(out.findings, key=lambda f: (f.field != "title", f.start, f.rule))


def _references(out: _Collector, text: str, field: str, snippets: Mapping[str, str]) -> None:
    for reference in references(text):
        if reference.kind == "malformed":
            message = f"“{{{{{reference.name}}}}}” is not a placeholder or snippet reference."
        elif reference.kind == "placeholder" and reference.name not in settings.PARLEY_PLACEHOLDERS:
            known = ", ".join(settings.PARLEY_PLACEHOLDERS)
            message = f"Unknown placeholder “{reference.name}”; known: {known}."
        elif reference.kind == "snippet" and reference.name not in snippets:
            message = (
                f"Snippet “{reference.name}” has no published text in this language "
                "for this channel (or does not exist)."
            )
        else:
            continue
        out.add("unknown-placeholder", message, reference.start, reference.end, field)


def _plain(out: _Collector, rules: LanguageRules, body: str) -> None:
    for hit in rules.apology.find(body):
        out.add(
            "plain-apology",
            "The help page gives the solution; leave the apology to chat and e-mail.",
            hit.start,
            hit.end,
        )
    for hit in _small_talk(rules, body):
        out.add("plain-small-talk", f"“{hit.text}”: no small talk here.", hit.start, hit.end)


def _words(rules: LanguageRules, text: str) -> int:
    if rules.spaced:
        return len(re.findall(r"\w+", text))
    return len(re.findall(r"[^\W_]", text))  # characters, in Japanese and Chinese


def _small_talk(rules: LanguageRules, body: str) -> list[Hit]:
    """Greetings opening a sentence, pleasantries, sign-off lines, and short
    exclamations that carry no step ("Great idea!"): none helps solve the problem.
    "The best way …" and "say hello to …" are no sign-off or greeting."""
    hits = rules.small_talk.find(body)
    limit = EXCLAMATION_WORDS if rules.spaced else EXCLAMATION_CHARS
    for start, end in sentences(body):
        sentence = body[start:end]
        hits += [
            Hit(start + hit.start, start + hit.end, hit.text)
            for hit in rules.greeting.find(sentence)
            if not re.search(r"\w", sentence[: hit.start])
        ]
        if re.search(r"\w", sentence) and _bare(rules, sentence, "sign_off"):
            hits.append(Hit(start, end, sentence))
        elif (
            EXCLAIMED.search(sentence)
            and 0 < _words(rules, sentence) <= limit
            and not re.search(r"\d", sentence)
            and not rules.apology.find(sentence)
            and not any(p.search(sentence) for p in rules.small_talk.unless)
        ):
            hits.append(Hit(start, end, sentence))
    return non_overlapping(hits)


def _bare(rules: LanguageRules, sentence: str, *families: str) -> bool:
    """Whether `sentence` says nothing but a greeting or sign-off (and a name), or
    nothing in words at all (an emoji)."""
    if not re.search(r"\w", sentence):
        return True
    hits = [hit for name in families for hit in getattr(rules, name).find(sentence)]
    if not hits:
        return False
    rest = sentence
    for hit in hits:
        rest = rest.replace(hit.text, " ")
    return _words(rules, rest) <= (BARE_WORDS if rules.spaced else 3 * BARE_WORDS)


def _signature(rules: LanguageRules, sentence: str) -> bool:
    """A name on its own, without end punctuation ("Laura", "– Mikko")."""
    limit = SIGNATURE_WORDS if rules.spaced else 4 * SIGNATURE_WORDS  # characters
    return not re.search(r"[.!?。！？…]\W*$", sentence) and _words(rules, sentence) <= limit


def _acknowledges(rules: LanguageRules, sentence: str) -> bool:
    return bool(rules.acknowledgement.find(sentence) or rules.apology.find(sentence))


def _closes(rules: LanguageRules, sentence: str) -> bool:
    return bool(QUESTION.search(sentence) or rules.closing.find(sentence))


def _empathetic(out: _Collector, rules: LanguageRules, body: str, shown: str) -> None:
    for hit in rules.brand_we.find(body):
        out.add(
            "brand-we",
            f"“{hit.text}” hides behind the company; speak as “I”.",
            hit.start,
            hit.end,
        )
    for hit in rules.doubting_any.find(body):
        out.add(
            "doubting-any",
            f"“{hit.text}” doubts what the customer told you; name the problem.",
            hit.start,
            hit.end,
        )
    spans = sentences(shown)
    body_spans = sentences(body) or [(0, len(body))]
    if not spans:
        return
    texts = [shown[start:end] for start, end in spans]
    # "Hi Anna!" then "Thanks for …": the greeting alone does not open the answer.
    opening = texts[:2] if len(texts) > 1 and _bare(rules, texts[0], "greeting") else texts[:1]
    if not any(_acknowledges(rules, sentence) for sentence in opening):
        out.add(
            "missing-acknowledgement",
            "Open by acknowledging the concern before the procedure.",
            *body_spans[0],
        )
    # "… anything else? Have a good day! Best, Laura": the closing is before them.
    ending = len(texts) - 1
    while (
        ending > 0
        and not _closes(rules, texts[ending])
        and (
            _bare(rules, texts[ending], "sign_off", "small_talk", "greeting")
            or _signature(rules, texts[ending])
        )
    ):
        ending -= 1
    if not _closes(rules, texts[ending]):
        # Point at the sentence judged, when the body has the same sentences.
        same = len(body_spans) == len(spans)
        out.add(
            "missing-closing",
            "Close by checking nothing else is open (“Is there anything else …?”).",
            *(body_spans[ending] if same else body_spans[-1]),
        )


def _facts(out: _Collector, title: str, body: str, source: str, language: str) -> None:
    """Flag each fact of this text that its source does not state.

    Facts are compared as values in each text's own language, so 2営業日 agrees
    with "two working days" and "kolmen päivän" does not agree with "30 days".
    The message shows the fact as written and as read, and what the source has.
    """
    known = facts(source, settings.PARLEY_SOURCE_LANGUAGE)
    families = ({"number", "count"}, {"percent", "percent_off"})
    for field, text in (("title", title), ("body", body)):
        for fact in facts(text, language):
            if fact.found_in(known):
                continue
            written = text[fact.start : fact.end]
            read = "" if written == str(fact.value) else f" ({fact.value})"
            family = next((kinds for kinds in families if fact.kind in kinds), {fact.kind})
            alike = dict.fromkeys(str(other.value) for other in known if other.kind in family)
            if alike:
                where = f", which has {', '.join(alike)}."
            else:
                where = "; check the number, date, time, amount, link or address."
            out.add(
                "fact-mismatch",
                f"“{written}”{read} is not in the source text{where}",
                fact.start,
                fact.end,
                field,
            )
