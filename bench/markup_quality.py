"""The unsafe-markup lint: precision and recall per format, held-out and tuned-on cases.

Lint must report what delivery's sanitising removes (`templates_app/markup.py`),
so an editor learns of it before a customer could be hurt. Held-out texts:
`bench/benchsite/markup_cases.py` (written by a reviewer attacking the rules).
Tuned-on texts: the unsafe-markup rows of `tests/templates_app/test_tone_rules.py`.
Also counts held-out texts whose delivered form would still be changed by
sanitising it again (it must be none: what goes out is already clean).
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from bench.benchsite.markup_cases import HELD_OUT  # noqa: E402
from templates_app.markup import sanitise, unsafe_parts  # noqa: E402
from tests.templates_app.test_tone_rules import CASES  # noqa: E402


def scores(cases: list[tuple[str, str, bool]]) -> dict[str, tuple[int, float, float, list[str]]]:
    """Per format: number of texts, precision, recall, and the texts judged wrongly."""
    result = {}
    for fmt in sorted({c[0] for c in cases}):
        rows = [(text, flag) for f, text, flag in cases if f == fmt]
        flagged = [(text, flag, bool(unsafe_parts(text, fmt))) for text, flag in rows]
        tp = sum(1 for _t, flag, got in flagged if flag and got)
        fp = sum(1 for _t, flag, got in flagged if not flag and got)
        fn = sum(1 for _t, flag, got in flagged if flag and not got)
        wrong = [text for text, flag, got in flagged if flag != got]
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        result[fmt] = (len(rows), precision, recall, wrong)
    return result


def main() -> None:
    tuned = [(c[2].format, c[3], c[5]) for c in CASES if c[0] == "unsafe-markup"]
    for name, cases in (("held-out", HELD_OUT), ("tuned-on", tuned)):
        for fmt, (count, precision, recall, wrong) in scores(cases).items():
            print(
                f"{name:9} {fmt:8} {count:3} texts  precision {precision:.2f}  recall {recall:.2f}"
            )
            for text in wrong:
                print(f"          judged wrongly: {text!r}")
    not_clean = [
        (fmt, text)
        for fmt, text, _flag in HELD_OUT
        if sanitise(sanitise(text, fmt), fmt) != sanitise(text, fmt)
    ]
    print(f"held-out texts whose delivered form sanitising would still change: {len(not_clean)}")


if __name__ == "__main__":
    main()
