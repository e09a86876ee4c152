"""Tone lint of one answer text for one channel and language.

`lint_text` is pure (text in, findings out); `lint_version` gathers what it
needs for a stored version: its channel, the entry's source text and the live
snippets. Offsets are character positions in the stored field (`field`).
Structure and length are judged on the text as the customer sees it, with
snippets expanded: an opener snippet is an acknowledgement.
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
from templates_app.tone.rules import ExtraWords, LanguageRules, rules_for

SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s*")
QUESTION = re.compile(r"[?？]\s*$")


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


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in SENTENCE_END.finditer(text):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if start < len(text.rstrip()):
        spans.append((start, len(text.rstrip())))
    return [(s, e) for s, e in spans if text[s:e].strip()]


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
    if language == "en":
        for passive in find_passives(body):
            out.add(
                "passive-voice",
                f"“{passive.text}” is passive (it passes the “by a robot” test); "
                "say who does it: “I'll …”.",
                passive.start,
                passive.end,
            )
    for match in rules.jargon.finditer(body):
        better = rules.jargon.suggestion(match.group(0))
        hint = f" Try “{better}”." if better else ""
        out.add("jargon", f"“{match.group(0)}” is company jargon.{hint}", *match.span())
    for match in rules.over_formal.finditer(body):
        better = rules.over_formal.suggestion(match.group(0))
        hint = f" Try “{better}”." if better else " Leave it out."
        out.add("over-formal", f"“{match.group(0)}” sounds like a contract.{hint}", *match.span())

    apologies = rules.apology.finditer(shown)
    if len(apologies) > 1:
        in_body = rules.apology.finditer(body)
        span = in_body[-1].span() if in_body else (0, len(body))
        out.add(
            "excess-apology",
            f"{len(apologies)} apologies; one is enough, more hands the conversation over.",
            *span,
        )
    if channel.tone == "plain":
        _plain(out, rules, body)
    else:
        _empathetic(out, rules, body, shown)
    if source is not None:
        _facts(out, title, body, source)
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
    for match in rules.apology.finditer(body):
        out.add(
            "plain-apology",
            "The help page gives the solution; leave the apology to chat and e-mail.",
            *match.span(),
        )
    for match in rules.small_talk.finditer(body):
        out.add("plain-small-talk", f"“{match.group(0)}”: no small talk here.", *match.span())


def _empathetic(out: _Collector, rules: LanguageRules, body: str, shown: str) -> None:
    for match in rules.brand_we.finditer(body):
        out.add(
            "brand-we",
            f"“{match.group(0)}” hides behind the company; speak as “I”.",
            *match.span(),
        )
    for match in rules.doubting_any.finditer(body):
        out.add(
            "doubting-any",
            f"“{match.group(0)}” doubts what the customer told you; name the problem.",
            *match.span(),
        )
    shown_sentences = _sentences(shown)
    body_sentences = _sentences(body) or [(0, len(body))]
    if shown_sentences:
        first = shown[slice(*shown_sentences[0])]
        if not rules.acknowledgement.finditer(first):
            out.add(
                "missing-acknowledgement",
                "Open by acknowledging the concern before the procedure.",
                *body_sentences[0],
            )
        last = shown[slice(*shown_sentences[-1])]
        if not (QUESTION.search(last) or rules.closing.finditer(last)):
            out.add(
                "missing-closing",
                "Close by checking nothing else is open (“Is there anything else …?”).",
                *body_sentences[-1],
            )


def _facts(out: _Collector, title: str, body: str, source: str) -> None:
    known = {(fact.kind, fact.value) for fact in facts(source)}
    for field, text in (("title", title), ("body", body)):
        for fact in facts(text):
            if (fact.kind, fact.value) not in known:
                out.add(
                    "fact-mismatch",
                    f"“{text[fact.start : fact.end]}” is not in the source text; "
                    "check the number, amount, link or address.",
                    fact.start,
                    fact.end,
                    field,
                )
