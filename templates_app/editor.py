"""What the admin shows an editor next to a version's text: tone findings and previews.

`tone_report` marks each finding in the text it was found in; `previews`
renders the version as every channel that would serve it shows it, with
published snippets expanded and sample placeholder values filled in.
"""

from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from channels.chains import channels_served
from channels.models import Channel
from knowledge.languages import language_codes, language_name, localized
from knowledge.models import Version
from templates_app.placeholders import sample_values
from templates_app.rendering import render_answer
from templates_app.selectors import published_snippets, snippet_texts
from templates_app.tone.lint import Finding
from templates_app.tone.versions import acknowledgements_by_finding, finding_excerpt, lint_version

SEVERITY_ORDER = {"warning": 1, "error": 2}


@dataclass(frozen=True)
class Numbered:
    number: int
    finding: Finding


def highlight(text: str, findings: list[Numbered]) -> SafeString:
    """`text`, escaped, with every finding's span in a <mark>; overlaps are split.

    Each piece of text is marked with the most severe finding covering it and
    names all of them (their numbers and messages), so nothing is hidden.
    """
    spans = [item for item in findings if item.finding.end > item.finding.start]
    cuts = sorted({0, len(text), *(p for i in spans for p in (i.finding.start, i.finding.end))})
    pieces: list[SafeString] = []
    for start, end in pairwise(cuts):
        covering = [i for i in spans if i.finding.start <= start and end <= i.finding.end]
        piece = text[start:end]
        if not covering:
            pieces.append(format_html("{}", piece))
            continue
        worst = max(covering, key=lambda i: SEVERITY_ORDER.get(i.finding.severity, 0))
        pieces.append(
            format_html(
                '<mark class="parley-finding parley-finding--{}" data-findings="{}" title="{}">'
                "{}</mark>",
                worst.finding.severity,
                " ".join(str(i.number) for i in covering),
                "\n".join(f"{i.number}. {i.finding.message}" for i in covering),
                piece,
            )
        )
    return format_html_join("", "{}", ((piece,) for piece in pieces))


def tone_report(version: Version, findings: list[Finding] | None = None) -> list[dict[str, Any]]:
    """Per language with text: the title and body with findings marked, and the findings."""
    findings = lint_version(version) if findings is None else findings
    # What the author said about a finding, by what it marks (unsaved text: none match).
    said = acknowledgements_by_finding(version)
    report = []
    number = 0
    for code in language_codes():
        title = getattr(version, localized("title", code)) or ""
        body = getattr(version, localized("body", code)) or ""
        if not (title or body):
            continue
        numbered = []
        for finding in (f for f in findings if f.language == code):
            number += 1
            numbered.append(Numbered(number, finding))
        report.append(
            {
                "code": code,
                "name": language_name(code),
                "title": highlight(title, [i for i in numbered if i.finding.field == "title"]),
                "body": highlight(body, [i for i in numbered if i.finding.field == "body"]),
                "errors": sum(i.finding.severity == "error" for i in numbered),
                "findings": [
                    {
                        "number": i.number,
                        **i.finding.as_dict(),
                        "excerpt": excerpt,
                        "acknowledged": said.get((code, i.finding.field, i.finding.rule, excerpt)),
                    }
                    for i in numbered
                    for excerpt in [finding_excerpt(version, i.finding)]
                ],
            }
        )
    return report


def serving_channels(version: Version) -> list[Channel]:
    """The channels this version's text is served to: its own channel, and every channel
    whose inheritance chain reaches it before a published variant (`channels.chains`).
    Per channel, not per language: where a nearer variant lacks a language, delivery
    falls through to this one for that language."""
    variant = version.variant
    # Like delivery: a channel keeps its own text only once it has a published one.
    own = variant.entry.variants.filter(published_version__isnull=False).values_list(
        "channel_id", flat=True
    )
    served = channels_served(
        variant.channel_id, Channel.objects.order_by("slug"), with_variants=own
    )
    return sorted(served, key=lambda channel: (channel.pk != variant.channel_id, channel.slug))


def previews(version: Version) -> list[dict[str, Any]]:
    """The version as each serving channel would receive it, per language, with sample values.

    A text keeps the format it was written in (its own channel's), wherever it
    is served: delivery reports that `format`, so the preview uses it too.
    """
    live = published_snippets()
    text_format = version.variant.channel.format
    result = []
    for channel in serving_channels(version):
        languages = []
        for code in language_codes():
            title = getattr(version, localized("title", code)) or ""
            body = getattr(version, localized("body", code)) or ""
            if not (title or body):
                continue
            shown = render_answer(
                {"title": title, "body": body, "language": code, "format": text_format},
                snippets=lambda language, channel_id=channel.pk: snippet_texts(
                    live, language, channel_id
                ),
                values=sample_values(code),
            )
            languages.append(
                {
                    "code": code,
                    "name": language_name(code),
                    "title": shown["title"],
                    "body": shown["body"],
                    "length": len(shown["body"]),
                    "samples": _samples(code, shown["placeholders"]),
                }
            )
        result.append(
            {
                "channel": channel,
                "max_length": channel.max_length,
                "format": text_format,
                "languages": languages,
            }
        )
    return result


def _samples(language: str, names: list[str]) -> SafeString:
    """The sample values a preview used, as `name = value` pairs."""
    values = sample_values(language)
    return format_html_join(", ", "<code>{}</code> = {}", ((n, values[n]) for n in names))
