"""The tone and fact lint on labelled texts: precision, recall and F1 per rule and
language, and for translation pairs how many correct ones are flagged and how many
wrong ones are caught.

Data: `bench/lint_data/` (labelling guide: `LABELS.md`). `heldout/` was written
before the rules were changed, by writers who read neither the rules nor the
tuning set; rules are tuned on `tuning/` only. Both are printed, held-out first.

    python bench/lint_quality.py            # both sets, summary per rule and language
    python bench/lint_quality.py --misses   # also every text judged wrongly (tuning set only)
    python bench/lint_quality.py --tuning-only --misses   # while changing rules
"""

import json
import os
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from templates_app.tone.lint import ChannelTone, lint_text  # noqa: E402

DATA = ROOT / "bench" / "lint_data"
LANGUAGES = ["en", "ja", "fi", "zh-hant"]
CHANNELS = {
    "help-page": ChannelTone(tone="plain", max_length=None, format="markdown"),
    "chat": ChannelTone(tone="empathetic", max_length=None, format="text"),
    "email": ChannelTone(tone="empathetic", max_length=None, format="html"),
}
EVERYWHERE = ["jargon", "over-formal", "excess-apology", "passive-voice"]
PLAIN = ["plain-apology", "plain-small-talk"]
EMPATHETIC = ["brand-we", "doubting-any", "missing-acknowledgement", "missing-closing"]
RULES = [*EVERYWHERE, *PLAIN, *EMPATHETIC]


def applicable(rule: str, language: str, channel: str) -> bool:
    """Whether `rule` is labelled for a text of this language and channel."""
    if rule == "passive-voice":
        return language == "en"
    if rule in PLAIN:
        return channel == "help-page"
    if rule in EMPATHETIC:
        return channel != "help-page"
    return True


def read(folder: Path, prefix: str) -> list[dict]:
    rows = []
    for path in sorted(folder.glob(f"{prefix}-*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rows.append(json.loads(line))
    return rows


@dataclass
class Count:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def f1(self) -> float | None:
        if self.tp + self.fp + self.fn == 0:
            return None  # nothing to find and nothing found: no evidence either way
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn)

    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None


def found_rules(row: dict) -> set[str]:
    findings = lint_text(
        title=row["title"],
        body=row["body"],
        language=row["language"],
        channel=CHANNELS[row["channel"]],
    )
    return {finding.rule for finding in findings}


def score_texts(rows: list[dict]) -> tuple[dict[tuple[str, str], Count], list[str]]:
    """Counts per (rule, language), and a line per text judged wrongly."""
    counts: dict[tuple[str, str], Count] = defaultdict(Count)
    misses = []
    for row in rows:
        language, channel = row["language"], row["channel"]
        expected = set(row["expect"])
        found = found_rules(row)
        for rule in RULES:
            if not applicable(rule, language, channel):
                continue
            count = counts[(rule, language)]
            want, got = rule in expected, rule in found
            if want and got:
                count.tp += 1
            elif got:
                count.fp += 1
                misses.append(f"  FP {rule:24} {row['id']}: {row['body'][:110]!r}")
            elif want:
                count.fn += 1
                misses.append(f"  FN {rule:24} {row['id']}: {row['body'][:110]!r}")
    return counts, misses


def score_pairs(rows: list[dict]) -> tuple[dict[str, list[int]], list[str]]:
    """Per language: [correct, correct flagged, wrong, wrong caught]; misjudged pairs."""
    result: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    misses = []
    for row in rows:
        source = f"{row['source']['title']}\n{row['source']['body']}"
        findings = lint_text(
            title=row["translation"]["title"],
            body=row["translation"]["body"],
            language=row["language"],
            channel=CHANNELS[row["channel"]],
            source=source,
        )
        flagged = [f for f in findings if f.rule == "fact-mismatch"]
        counts = result[row["language"]]
        if row["same_facts"]:
            counts[0] += 1
            counts[1] += bool(flagged)
            if flagged:
                body = row["translation"]["body"]
                what = ", ".join(repr(body[f.start : f.end]) for f in flagged if f.field == "body")
                misses.append(f"  correct flagged {row['id']}: {what} ({row.get('why', '')})")
        else:
            counts[2] += 1
            counts[3] += bool(flagged)
            if not flagged:
                misses.append(f"  wrong missed    {row['id']}: {row.get('why', '')}")
    return result, misses


def fmt(value: float | None) -> str:
    return "   - " if value is None else f"{value:5.2f}"


def report(name: str, folder: Path, show_misses: bool) -> None:
    texts, pairs = read(folder, "texts"), read(folder, "pairs")
    if not texts and not pairs:
        print(f"{name}: no data in {folder.relative_to(ROOT)}")
        return
    counts, misses = score_texts(texts)
    per_language = {code: sum(1 for r in texts if r["language"] == code) for code in LANGUAGES}
    print(f"\n== {name}: {len(texts)} texts {per_language}, {len(pairs)} translation pairs")
    header = " ".join(f"{code + ': P     R     F1':>26}" for code in LANGUAGES)
    print(f"{'rule':24} {header}   all: P     R     F1")
    rule_f1 = []
    for rule in RULES:
        cells = []
        total = Count()
        for code in LANGUAGES:
            count = counts.get((rule, code))
            if count is None:
                cells.append(f"{'':>26}")
                continue
            total.tp, total.fp, total.fn = (
                total.tp + count.tp,
                total.fp + count.fp,
                total.fn + count.fn,
            )
            cells.append(
                f"{fmt(count.precision())} {fmt(count.recall())} {fmt(count.f1())} "
                f"({count.tp}/{count.tp + count.fn})"
            )
        if total.f1() is not None:
            rule_f1.append(total.f1())
        print(
            f"{rule:24} "
            + " ".join(f"{c:>26}" for c in cells)
            + f"   {fmt(total.precision())} {fmt(total.recall())} {fmt(total.f1())}"
        )
    for code in LANGUAGES:
        total = Count()
        for (_rule, language), count in counts.items():
            if language == code:
                total.tp += count.tp
                total.fp += count.fp
                total.fn += count.fn
        print(
            f"language {code:8} P {fmt(total.precision())} R {fmt(total.recall())} "
            f"F1 {fmt(total.f1())}"
        )
    if rule_f1:
        print(f"macro-F1 across rules: {sum(rule_f1) / len(rule_f1):.2f}")
    if pairs:
        pair_counts, pair_misses = score_pairs(pairs)
        all_counts = [sum(c[i] for c in pair_counts.values()) for i in range(4)]
        for code, (good, good_flagged, bad, bad_caught) in sorted(pair_counts.items()):
            print(
                f"pairs {code:8} correct flagged {good_flagged}/{good}, "
                f"wrong caught {bad_caught}/{bad}"
            )
        good, good_flagged, bad, bad_caught = all_counts
        print(
            f"pairs all      correct flagged {good_flagged / max(good, 1):.0%} "
            f"({good_flagged}/{good}), wrong caught {bad_caught / max(bad, 1):.0%} "
            f"({bad_caught}/{bad})"
        )
        misses += pair_misses
    if show_misses:
        print("\n".join(misses))


def main() -> None:
    show = "--misses" in sys.argv
    # Misjudged held-out texts are never printed: reading them would tune the rules.
    # Whoever changes rules runs --tuning-only, so held-out figures cannot steer them.
    if "--tuning-only" not in sys.argv:
        report("held-out", DATA / "heldout", show_misses=False)
    report("tuning", DATA / "tuning", show_misses=show)


if __name__ == "__main__":
    main()
