"""Answer bodies made safe for the format a channel shows them in.

Every text a channel receives passes through `sanitise` (called by
`templates_app.rendering.render_answer`, which every delivery path uses), and
lint reports what `sanitise` would take away (`unsafe_parts`), so an editor
learns of it before a customer could be hurt by it.

- ``html`` (e-mail): an allow-list of tags, attributes and link schemes applied
  by nh3 (the Ammonia sanitiser). Scripts, event handlers, styles, frames and
  ``javascript:`` links are removed.
- ``markdown`` (help page): raw HTML is shown as text and links or images
  whose scheme is not http(s) or mailto are refused (their text stays). The
  text is parsed with markdown-it-py as CommonMark; only when it holds
  something unsafe is it changed, and then written back with mdformat from the
  cleaned syntax tree, so safe texts reach channels byte for byte as written.
- ``text``: shown as text by definition; control characters are removed.
"""

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from itertools import accumulate

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdformat.renderer import MDRenderer

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
# Browsers ignore these inside a URL, so "java\tscript:" is still javascript.
URL_IGNORED = re.compile(r"[\x00-\x20\x7f]")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

# What an e-mail answer may use: text structure, emphasis, links, images, tables.
HTML_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "code", "dd", "div", "dl", "dt", "em",
        "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre",
        "s", "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot",
        "th", "thead", "tr", "u", "ul",
    }
)  # fmt: skip
HTML_ATTRIBUTES = {
    "*": {"title", "lang", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align"},
    "ol": {"start"},
}
URL_ATTRIBUTES = frozenset({"href", "src"})


@dataclass(frozen=True)
class Unsafe:
    """A part of a text that sanitising removes or neutralises, with its offsets."""

    start: int
    end: int
    what: str


def safe_url(url: str) -> bool:
    """True for relative URLs and http, https and mailto ones, however they are written."""
    plain = URL_IGNORED.sub("", html.unescape(url)).lower()
    match = SCHEME.match(plain)
    return match is None or match.group(1) in SAFE_SCHEMES


def sanitise(text: str, text_format: str) -> str:
    """`text` as a channel of `text_format` may receive it."""
    if not text:
        return text
    if text_format == "html":
        return sanitise_html(text)
    if text_format == "markdown":
        return sanitise_markdown(text)
    return CONTROL.sub("", text)


def unsafe_parts(text: str, text_format: str) -> list[Unsafe]:
    """What `sanitise` would remove from `text`, for lint to show where it is."""
    if not text:
        return []
    if text_format == "html":
        return _unsafe_html(text)
    if text_format == "markdown":
        return _unsafe_markdown(text)
    return []


# --- HTML ----------------------------------------------------------------------------


def sanitise_html(text: str) -> str:
    return nh3.clean(
        text,
        tags=set(HTML_TAGS),
        attributes={tag: set(names) for tag, names in HTML_ATTRIBUTES.items()},
        url_schemes=set(SAFE_SCHEMES),
        # Ammonia adds rel="noopener noreferrer" by default; leave links as written.
        link_rel=None,
    )


class _HtmlScanner(HTMLParser):
    """Finds tags, attributes and URLs outside the allow-list, with their offsets."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Unsafe] = []
        self._line_starts = [0, *accumulate(len(line) for line in text.splitlines(True))]

    def _span(self) -> tuple[int, int]:
        line, column = self.getpos()
        start = self._line_starts[line - 1] + column
        raw = self.get_starttag_text() or ""
        return start, start + max(len(raw), 1)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start, end = self._span()
        if tag not in HTML_TAGS:
            self.found.append(Unsafe(start, end, f"the <{tag}> tag"))
            return
        allowed = HTML_ATTRIBUTES["*"] | HTML_ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            if name not in allowed:
                self.found.append(Unsafe(start, end, f"the “{name}” attribute of <{tag}>"))
            elif name in URL_ATTRIBUTES and value is not None and not safe_url(value):
                self.found.append(Unsafe(start, end, f"the link “{value[:40]}”"))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_comment(self, data: str) -> None:
        line, column = self.getpos()
        start = self._line_starts[line - 1] + column
        self.found.append(Unsafe(start, start + len(data) + 7, "an HTML comment"))


# What sanitising removes however it is written. Browsers (and nh3) read
# malformed markup such as `<img/src=x/onerror=...>` differently from Python's
# parser, so these are looked for in the raw text too.
DANGEROUS = re.compile(
    r"<\s*/?\s*(script|style|iframe|object|embed|form|svg|math)\b"
    r"|<[^>]*?[\s/\"']on[a-z]+\s*="
    r"|<[^>]*?j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t\s*:",
    re.IGNORECASE,
)


def _unsafe_html(text: str) -> list[Unsafe]:
    scanner = _HtmlScanner(text)
    scanner.feed(text)
    scanner.close()
    found = scanner.found
    for match in DANGEROUS.finditer(text):
        start, end = match.span()
        if not any(u.start <= start < u.end for u in found):
            found.append(Unsafe(start, end, f"“{match.group(0).strip()}”"))
    return sorted(found, key=lambda u: u.start)


# --- Markdown ------------------------------------------------------------------------


def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark")
    # markdown-it drops javascript: links silently; we want to see every link.
    parser.validateLink = lambda url: True
    return parser


MARKDOWN = _parser()


def _problems(tokens: list[Token]) -> list[tuple[Token, Token | None, str]]:
    """(block token, inline child or None, what) for each unsafe part of a parse."""
    found = []
    for block in tokens:
        if block.type == "html_block":
            found.append((block, None, "raw HTML"))
        for child in block.children or []:
            if child.type == "html_inline":
                found.append((block, child, "raw HTML"))
            elif child.type == "link_open" and not safe_url(str(child.attrs.get("href", ""))):
                found.append((block, child, f"the link “{str(child.attrs['href'])[:40]}”"))
            elif child.type == "image" and not safe_url(str(child.attrs.get("src", ""))):
                found.append((block, child, f"the image “{str(child.attrs['src'])[:40]}”"))
    return found


# A code span: a run of backticks, anything, the same run again.
CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)


def _outside_code(text: str, tokens: list[Token]) -> str:
    """`text` with code blocks and code spans blanked (offsets kept): what is shown
    as code is shown literally by every renderer, markup and all."""
    lines = text.splitlines(True)
    for token in tokens:
        if token.type in ("fence", "code_block") and token.map:
            for number in range(*token.map):
                if number < len(lines):
                    lines[number] = re.sub(r"[^\n]", " ", lines[number])
    masked = "".join(lines)
    return CODE_SPAN.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), masked)


def _dangerous_markdown(text: str, tokens: list[Token]) -> list[re.Match[str]]:
    return list(DANGEROUS.finditer(_outside_code(text, tokens)))


def _unsafe_markdown(text: str) -> list[Unsafe]:
    line_starts = [0, *accumulate(len(line) for line in text.splitlines(True))]
    found = []
    tokens = MARKDOWN.parse(text)
    for block, child, what in _problems(tokens):
        first, last = block.map or (0, len(line_starts) - 1)
        start, end = line_starts[first], line_starts[min(last, len(line_starts) - 1)]
        # Inline tokens carry no offsets: narrow the block to the first place the
        # raw text occurs in it; else mark the whole block.
        needle = ""
        if child is not None and child.type == "html_inline":
            needle = child.content
        elif child is not None:
            needle = str(child.attrs.get("href") or child.attrs.get("src") or "")
        at = text.find(needle, start, end) if needle else -1
        if at >= 0:
            start, end = at, at + len(needle)
        found.append(Unsafe(start, max(end, start + 1), what))
    # Markup that CommonMark reads as text but other renderers (Python-Markdown)
    # would still run, such as `<img/src=x/onerror=...>`.
    for match in _dangerous_markdown(text, tokens):
        if not any(u.start <= match.start() < u.end for u in found):
            found.append(Unsafe(match.start(), match.end(), "raw HTML"))
    return sorted(found, key=lambda u: u.start)


def _markdown_safe(text: str) -> bool:
    # Raw HTML and autolinks need "<", links "](" and reference definitions "]:":
    # a text with none of them is safe without parsing (most answers; a parse
    # costs about 0.1 ms).
    if "<" not in text and "](" not in text and "]:" not in text:
        return True
    tokens = MARKDOWN.parse(text)
    return not _problems(tokens) and not _dangerous_markdown(text, tokens)


def sanitise_markdown(text: str) -> str:
    if _markdown_safe(text):
        return text
    cleaned = MDRenderer().render(
        _neutralised(MARKDOWN.parse(text)),
        {**MARKDOWN.options, "mdformat": {"number": True}},
        {},
    )
    # mdformat escapes a literal "<" as "\<"; not every renderer honours that
    # escape (Python-Markdown does not), while every one shows "&lt;" as "<".
    cleaned = cleaned.replace("\\<", "&lt;")
    if not _markdown_safe(cleaned):  # refuse to guess: all of it as text
        cleaned = html.escape(text, quote=False)
    return cleaned.rstrip("\n") if not text.endswith("\n") else cleaned


def _neutralised(tokens: list[Token]) -> list[Token]:
    """The syntax tree with raw HTML turned into text and unsafe links into their text."""
    out: list[Token] = []
    for token in tokens:
        if token.type == "html_block":
            out += _as_paragraph(token)
            continue
        if token.children:
            token.children = _neutralised_inline(token.children)
        out.append(token)
    return out


def _as_paragraph(block: Token) -> list[Token]:
    inline = Token("inline", "", 0, map=block.map, content=block.content.rstrip("\n"))
    inline.children = [
        Token("softbreak" if part == "\n" else "text", "", 0, content="" if part == "\n" else part)
        for part in re.split(r"(\n)", inline.content)
        if part
    ]
    return [
        Token("paragraph_open", "p", 1, map=block.map, block=True),
        inline,
        Token("paragraph_close", "p", -1, block=True),
    ]


def _neutralised_inline(children: list[Token]) -> list[Token]:
    out: list[Token] = []
    dropped_links = 0
    for child in children:
        if child.type == "html_inline":
            out.append(Token("text", "", 0, content=child.content))
        elif child.type == "link_open" and not safe_url(str(child.attrs.get("href", ""))):
            dropped_links += 1
        elif child.type == "link_close" and dropped_links:
            dropped_links -= 1
        elif child.type == "image" and not safe_url(str(child.attrs.get("src", ""))):
            out.append(Token("text", "", 0, content=child.content))
        else:
            out.append(child)
    return out
