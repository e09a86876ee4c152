"""Lint of stored versions: gathers channel, source text and snippets, then `lint_text`."""

from knowledge.digests import source_digest
from knowledge.languages import language_codes, localized, source_language
from knowledge.models import Version
from knowledge.selectors import live_source_version
from templates_app.selectors import published_snippets, snippet_texts, tone_words
from templates_app.tone.lint import ChannelTone, Finding, lint_text


def _source_text(version: Version) -> tuple[str | None, str, bool]:
    """The entry's source-language text, its digest, and whether `version` holds it."""
    variant = version.variant
    code = source_language()
    if variant.channel.is_primary:
        title = getattr(version, localized("title", code)) or ""
        body = getattr(version, localized("body", code)) or ""
        return f"{title}\n{body}", source_digest(version), True
    live = live_source_version(variant.entry_id)
    if live is None:
        return None, "", False
    title = getattr(live, localized("title", code)) or ""
    body = getattr(live, localized("body", code)) or ""
    return f"{title}\n{body}", source_digest(live), False


def lint_version(version: Version) -> list[Finding]:
    """Findings for every language the version has text in, in settings order."""
    channel = version.variant.channel
    tone = ChannelTone(tone=channel.tone, max_length=channel.max_length, format=channel.format)
    source, digest, is_primary = _source_text(version)
    live = published_snippets()
    words = tone_words()
    findings: list[Finding] = []
    for code in language_codes():
        title = getattr(version, localized("title", code)) or ""
        body = getattr(version, localized("body", code)) or ""
        if not (title or body):
            continue
        snippets = snippet_texts(live, code, channel.pk)
        # Facts are compared with the source text a language was written
        # against. The source itself has nothing to compare with, and a text
        # written against an older source is already reported as outdated.
        current = getattr(version, localized("based_on", code)) == digest
        is_source = is_primary and code == source_language()
        compare = source if current and not is_source else None
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
    return [finding for finding in findings if finding.severity == "error"]
