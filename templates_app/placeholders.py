"""Placeholders and snippet references in answer texts: find, check and fill them.

Texts hold ``{{customer_name}}`` (a placeholder from the whitelist in
`PARLEY_PLACEHOLDERS`) and ``{{snippet:<key>}}`` (a snippet's published text).
Filling them is one regular-expression pass over the stored text: no template
engine runs, and nothing substituted is scanned again, so a value that itself
looks like ``{{snippet:x}}`` stays literal text. Values and snippet texts are
plain text, escaped for the channel's format before they are inserted.
"""

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.conf import settings

# Anything in double braces is meant as a reference; what it names is checked
# separately, so a typo like {{customer name}} is reported, not left in.
REFERENCE = re.compile(r"\{\{\s*(.*?)\s*\}\}", re.DOTALL)
NAME = re.compile(r"^[a-z][a-z0-9_]*$")
SNIPPET = re.compile(r"^snippet:([a-z0-9]+(?:-[a-z0-9]+)*)$")


@dataclass(frozen=True)
class Reference:
    """One ``{{...}}`` in a text: a placeholder or a snippet, with its offsets."""

    kind: str  # "placeholder", "snippet" or "malformed"
    name: str
    start: int
    end: int


def references(text: str) -> list[Reference]:
    """Every ``{{...}}`` in `text`, in order."""
    found = []
    for match in REFERENCE.finditer(text or ""):
        inner = match.group(1)
        if snippet := SNIPPET.match(inner):
            kind, name = "snippet", snippet.group(1)
        elif NAME.match(inner):
            kind, name = "placeholder", inner
        else:
            kind, name = "malformed", inner
        found.append(Reference(kind, name, match.start(), match.end()))
    return found


def placeholder_names() -> list[str]:
    """The whitelist, in settings order."""
    return list(settings.PARLEY_PLACEHOLDERS)


def default_text(name: str, language: str) -> str:
    """A placeholder's text when the channel gives no value."""
    spec = settings.PARLEY_PLACEHOLDERS[name]
    return spec.get("default", {}).get(language, "")


def sample_values(language: str) -> dict[str, str]:
    """Example values for the admin preview; a placeholder without one shows its default."""
    return {
        name: spec.get("sample", {}).get(language) or default_text(name, language)
        for name, spec in settings.PARLEY_PLACEHOLDERS.items()
    }


def max_length(name: str) -> int:
    return int(settings.PARLEY_PLACEHOLDERS[name].get("max_length", 200))


# --- escaping for the channel's format ------------------------------------------------

# CommonMark lets a backslash escape any ASCII punctuation. These can start
# markup anywhere in a line: emphasis, code, links and images (`[`), raw HTML,
# entities, tables, strikethrough. With `[` escaped, `(` and `!` are harmless.
MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<>|~&])")
# These start a block (heading, list, quote) only at the beginning of a line.
MARKDOWN_LINE_START = re.compile(r"^(\s*)([-+#>=]|\d+(?=[.)]))")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def one_line(value: str) -> str:
    """A placeholder value as one line: no control characters, runs of space collapsed."""
    return " ".join(CONTROL.sub("", value).split())


def escape_text(value: str) -> str:
    return CONTROL.sub("", value)


def escape_html(value: str) -> str:
    return html.escape(CONTROL.sub("", value), quote=True)


def escape_markdown(value: str) -> str:
    escaped = MARKDOWN_INLINE.sub(r"\\\1", CONTROL.sub("", value))
    # "<" as an entity: not every Markdown renderer honours "\<" (Python-Markdown does not).
    escaped = escaped.replace("\\<", "&lt;")
    return "\n".join(_escape_line_start(line) for line in escaped.split("\n"))


def _escape_line_start(line: str) -> str:
    match = MARKDOWN_LINE_START.match(line)
    if match is None:
        return line
    marker = match.group(2)
    if marker.isdigit():  # "1." or "1)" would start an ordered list
        end = match.end()
        return f"{line[:end]}\\{line[end:]}"
    return f"{match.group(1)}\\{line[match.start(2) :]}"


ESCAPERS: dict[str, Callable[[str], str]] = {
    "text": escape_text,
    "html": escape_html,
    "markdown": escape_markdown,
}


def fill(
    text: str,
    *,
    language: str,
    text_format: str,
    values: Mapping[str, str] | None = None,
    snippets: Mapping[str, str] | None = None,
) -> str:
    """`text` with its references filled, in one pass.

    `values` are the channel's placeholder values (missing ones get their
    default text); `snippets` maps keys to published snippet texts in
    `language`. Snippet texts may hold placeholders, filled with the same
    values; a snippet inside a snippet is not expanded. Anything unknown is
    dropped rather than shown to a customer as ``{{...}}``.
    """
    escape = ESCAPERS[text_format]
    values = values or {}
    snippets = snippets or {}

    def placeholder(name: str) -> str:
        if name not in settings.PARLEY_PLACEHOLDERS:
            return ""
        value = values.get(name)
        return escape(one_line(value if value is not None else default_text(name, language)))

    def replace(match: re.Match[str]) -> str:
        inner = match.group(1)
        if snippet := SNIPPET.match(inner):
            body = snippets.get(snippet.group(1), "")
            return fill_placeholders_only(body, placeholder=placeholder, escape=escape)
        return placeholder(inner) if NAME.match(inner) else ""

    return REFERENCE.sub(replace, text or "")


def fill_placeholders_only(
    text: str, *, placeholder: Callable[[str], str], escape: Callable[[str], str]
) -> str:
    """A snippet's text escaped as plain text, with its placeholders filled."""
    out, position = [], 0
    for match in REFERENCE.finditer(text):
        out.append(escape(text[position : match.start()]))
        inner = match.group(1)
        out.append(placeholder(inner) if NAME.match(inner) else "")
        position = match.end()
    out.append(escape(text[position:]))
    return "".join(out)


def unknown_references(text: str, snippet_keys: set[str]) -> list[Reference]:
    """References that cannot be filled: malformed, outside the whitelist, or no such snippet."""
    return [
        reference
        for reference in references(text)
        if reference.kind == "malformed"
        or (reference.kind == "placeholder" and reference.name not in settings.PARLEY_PLACEHOLDERS)
        or (reference.kind == "snippet" and reference.name not in snippet_keys)
    ]
