"""Lint of stored versions: gathers channel, source text and snippets, then `lint_text`."""

from typing import Any

from knowledge.digests import source_digest
from knowledge.languages import language_codes, localized, source_language
from knowledge.models import Version
from knowledge.selectors import source_versions
from templates_app.selectors import published_snippets, snippet_texts, tone_words
from templates_app.tone.lint import ChannelTone, Finding, lint_text


def _text_of(version: Version) -> str:
    code = source_language()
    title = getattr(version, localized("title", code)) or ""
    body = getattr(version, localized("body", code)) or ""
    return f"{title}\n{body}"


def _source_texts(version: Version) -> tuple[dict[str, str], bool]:
    """The source texts `version`'s languages may be written against, by digest, and
    whether `version` holds the source itself.

    For a translation: the source's open draft (same draft set) and its live text.
    """
    variant = version.variant
    if variant.channel.is_primary:
        return {source_digest(version): _text_of(version)}, True
    return {
        source_digest(source): _text_of(source)
        for source in source_versions(variant.entry_id)
        if source is not None
    }, False


def lint_version(version: Version) -> list[Finding]:
    """Findings for every language the version has text in, in settings order."""
    channel = version.variant.channel
    tone = ChannelTone(tone=channel.tone, max_length=channel.max_length, format=channel.format)
    sources, is_primary = _source_texts(version)
    live = published_snippets()
    words = tone_words()
    findings: list[Finding] = []
    for code in language_codes():
        title = getattr(version, localized("title", code)) or ""
        body = getattr(version, localized("body", code)) or ""
        if not (title or body):
            continue
        snippets = snippet_texts(live, code, channel.pk)
        # Facts are compared with the text a language is translated from: on a
        # channel of its own (chat, e-mail), the same version's source-language
        # text, which the editor writes beside it and which may state more than
        # the help page; that text itself, and the help page's translations,
        # with the entry's source text the language was written against. The
        # source itself has nothing to compare with, and a text written against
        # an older source is already reported as outdated.
        own_source = "" if is_primary or code == source_language() else _text_of(version)
        source = own_source.strip() or sources.get(getattr(version, localized("based_on", code)))
        is_source = is_primary and code == source_language()
        compare = None if is_source else source
        findings += lint_text(
            title=title,
            body=body,
            language=code,
            channel=tone,
            snippets=snippets,
            source=compare,
            extra_words=words.get(code, ()),
        )
    return findings


def blocking(findings: list[Finding]) -> list[Finding]:
    """The findings that stop a submit: deterministic errors only (length, unknown
    placeholder or snippet, unsafe markup). Heuristic ones are warnings an author
    may acknowledge."""
    return [finding for finding in findings if finding.severity == "error"]


def finding_excerpt(version: Version, finding: Finding) -> str:
    """The words a finding marks in its field of `version` (at most 300 characters)."""
    text = getattr(version, localized(finding.field, finding.language)) or ""
    return text[finding.start : finding.end][:300]


def acknowledgements_by_finding(version: Version) -> dict[tuple[str, str, str, str], Any]:
    """The author's acknowledgements of `version`, by (language, field, rule, excerpt):
    the key a finding is known by (`finding_excerpt`)."""
    if not version.pk:
        return {}
    return {
        (ack.language, ack.field, ack.rule, ack.excerpt): ack
        for ack in version.acknowledgements.select_related("author")
    }


def findings_with_acknowledgements(
    version: Version, findings: list[Finding] | None = None
) -> list[dict[str, Any]]:
    """Each finding as a dict with the words it marks and, when the author said it
    is right as written, `acknowledged` (reason, by whom, when); else None."""
    findings = lint_version(version) if findings is None else findings
    said = acknowledgements_by_finding(version)
    result = []
    for finding in findings:
        excerpt = finding_excerpt(version, finding)
        ack = said.get((finding.language, finding.field, finding.rule, excerpt))
        result.append(
            {
                **finding.as_dict(),
                "excerpt": excerpt,
                "acknowledged": None
                if ack is None
                else {
                    "reason": ack.reason,
                    "by": ack.author.get_username() if ack.author else "",
                    "at": ack.created_at,
                },
            }
        )
    return result
