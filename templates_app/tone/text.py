"""The two facts about a text that every tone rule needs: where its sentences are,
and which parts are quoted.

Quoted UI strings are the app's words, not the writer's: a help page telling the
customer that the app says “Sorry, something went wrong” is not apologising. So
tone rules read the text with quotes, `code` and HTML tags blanked out. Blanking
keeps every offset, so findings still point at the stored text.
"""

import re

# A quote opens after a space, a bracket or the start (not inside a word, so the
# apostrophe of "don't" opens nothing) and closes before anything but a letter.
# Single straight quotes only around at most a few words, where they are quotes.
QUOTED = re.compile(
    r"「[^「」\n]*」"
    r"|『[^『』\n]*』"
    r"|“[^“”\n]*”"
    r"|”[^”\n]{0,200}”"  # Finnish and Swedish: the same mark opens and closes
    r"|„[^„“”\n]*[“”]"
    r"|«[^«»\n]*»"
    r"|»[^»\n]*»"
    r"|(?<![\w\"])\"[^\"\n]{0,200}\""
    r"|(?<![\w‘’])‘[^‘’\n]{1,120}’(?!\w)"
    r"|(?<![\w'])'[^'\n]{1,60}'(?!\w)"
    r"|```.*?```"
    r"|`[^`\n]+`",
    re.DOTALL,
)

# A sentence ends at . ! ? and any closing quotes or brackets, then spaces and a
# word that does not start in lower case or with a digit ("klo 14.12", "31.5.
# mennessä" and "order no. 5" stay one sentence). 。！？ end a sentence
# outright, and so do ! and ? right before Japanese or Chinese; so does a line
# break.
_SPACED_END = re.compile(
    r"[.!?…]+[\"”’'»」』)）]*(?=\s+[^\s\da-zäöåéü]|\s*$)"
    r"|[。！？]+[」』”)）]*|[!?]+(?=[^\x00-\x7f\s”’」』)）])|\n+"
)


# HTML tags (e-mail bodies): not words. A block tag ends a sentence like a line
# break does; "2 < 3" and "Card > Limits" are not tags.
TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)\b[^<>]{0,300}>")
BLOCK_TAGS = {"p", "br", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td"}


def mask_tags(text: str) -> str:
    """`text` with HTML tags replaced by spaces (a line break for block tags)."""

    def blank(match: re.Match[str]) -> str:
        first = "\n" if match.group(1).lower() in BLOCK_TAGS else " "
        return first + " " * (len(match.group(0)) - 1)

    return TAG.sub(blank, text) if "<" in text else text


def mask_quoted(text: str) -> str:
    """`text` with the inside of every quote and code span replaced by spaces."""

    def blank(match: re.Match[str]) -> str:
        quoted = match.group(0)
        if quoted.startswith("```"):
            return "```" + re.sub(r"[^\n]", " ", quoted[3:-3]) + "```"
        return quoted[0] + re.sub(r"[^\n]", " ", quoted[1:-1]) + quoted[-1]

    return QUOTED.sub(blank, text)


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`, end punctuation included, with the
    surrounding spaces left out; empty sentences are skipped."""
    spans, start = [], 0
    for match in _SPACED_END.finditer(text):
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    result = []
    for begin, end in spans:
        chunk = text[begin:end]
        stripped = chunk.strip()
        if not stripped:
            continue
        offset = begin + (len(chunk) - len(chunk.lstrip()))
        result.append((offset, offset + len(stripped)))
    return result
