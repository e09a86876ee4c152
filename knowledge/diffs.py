"""Per-language differences between two versions' texts.

Used to route reviews (which languages changed) and to show a reviewer what
changed, side by side in the admin and as data in the editorial API.
"""

import difflib
import re
from typing import TypedDict

from knowledge.languages import language_codes, localized
from knowledge.models import Version

TEXT_FIELDS = ("title", "body")

# Words, whitespace runs, and single CJK characters: Japanese and Chinese have
# no spaces, so a changed character must not mark the whole sentence changed.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_TOKEN = re.compile(rf"\s+|[{_CJK}]|[^\s{_CJK}]+")


class DiffOp(TypedDict):
    op: str  # equal, insert, delete or replace
    before: str
    after: str


class FieldDiff(TypedDict):
    changed: bool
    before: str
    after: str
    ops: list[DiffOp]


def _text(version: Version | None, field: str, language: str) -> str:
    return getattr(version, localized(field, language)) if version is not None else ""


def text_ops(before: str, after: str) -> list[DiffOp]:
    """The edit from `before` to `after` as runs of equal, inserted, deleted, replaced text."""
    old, new = _TOKEN.findall(before), _TOKEN.findall(after)
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    return [
        {"op": tag, "before": "".join(old[i1:i2]), "after": "".join(new[j1:j2])}
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
    ]


def version_diff(version: Version, against: Version | None) -> dict[str, dict[str, FieldDiff]]:
    """``{language: {field: FieldDiff}}`` from `against` (None: empty texts) to `version`."""
    result: dict[str, dict[str, FieldDiff]] = {}
    for code in language_codes():
        result[code] = {}
        for field in TEXT_FIELDS:
            before, after = _text(against, field, code), _text(version, field, code)
            result[code][field] = {
                "changed": before != after,
                "before": before,
                "after": after,
                "ops": text_ops(before, after),
            }
    return result


def changed_languages(version: Version, against: Version | None) -> list[str]:
    """Languages in which `version`'s title or body differs from `against`'s."""
    return [
        code
        for code in language_codes()
        if any(_text(version, f, code) != _text(against, f, code) for f in TEXT_FIELDS)
    ]
