"""Text enters in one form, whoever writes it: LF line endings, no trailing
whitespace, Unicode NFC. Browsers send CRLF from a textarea and some keyboards
compose characters differently; normalised, the same words compare equal, so
an untouched language is not "changed" by a save.
"""

import re
import unicodedata

LINE_END = re.compile(r"\r\n?")


def normalise_text(value: str | None) -> str:
    """`value` with LF line endings, no trailing spaces on any line or blank lines at
    either end, in Unicode NFC. Leading spaces stay (they can mean something)."""
    if not value:
        return ""
    text = unicodedata.normalize("NFC", LINE_END.sub("\n", value))
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")
