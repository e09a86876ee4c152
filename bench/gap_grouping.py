"""How well search gaps are grouped: the evaluation questions, clustered as gaps are.

The questions of `bench/search_eval/` (written independently of the grouping
code, each labelled with the entry it is about) stand in for missed questions.
Tuning: the evaluation entries' own example questions with `tuning.json`;
held-out: `heldout.json`, never looked at question by question. Both splits:
two questions about the same entry should land in one group, two about
different entries should not. Per split and language, printed: pair precision
(grouped pairs that share an entry), pair recall (same-entry pairs grouped),
and the number of groups against the number of entries asked about. The
similarity threshold was chosen on the tuning split only.

    .venv/bin/python bench/gap_grouping.py
"""

import json
import os
import sys
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from channels import gaps  # noqa: E402

DATA = ROOT / "bench" / "search_eval"


def cluster(questions: list[str], language: str) -> list[int]:
    """Each question's group, by the rule `gaps.search_gaps` applies."""
    return [index for index, _terms in gaps.cluster([gaps.wording(q, language) for q in questions])]


def labelled(split: str) -> dict[str, list[tuple[str, str]]]:
    """{language: [(question, entry key), ...]} of one split."""
    data = json.loads((DATA / f"{split}.json").read_text(encoding="utf-8"))
    found = {language: [(q, key) for q, key in pairs] for language, pairs in data.items()}
    if split == "tuning":
        for path in sorted((DATA / "entries").glob("*.json")):
            entry = json.loads(path.read_text(encoding="utf-8"))
            for language, questions in entry["questions"].items():
                found.setdefault(language, []).extend((q, entry["key"]) for q in questions)
    return found


def main() -> None:
    print(f"gap grouping: Jaccard >= {gaps.SIMILAR} on analyzer terms")
    for split in ("tuning", "heldout"):
        for language, pairs in labelled(split).items():
            questions = [q for q, _key in pairs]
            keys = [key for _q, key in pairs]
            groups = cluster(questions, language)
            together = [
                (a, b) for a, b in combinations(range(len(keys)), 2) if groups[a] == groups[b]
            ]
            same = [(a, b) for a, b in combinations(range(len(keys)), 2) if keys[a] == keys[b]]
            right = [p for p in together if keys[p[0]] == keys[p[1]]]
            precision = len(right) / len(together) if together else 1.0
            recall = len(right) / len(same) if same else 1.0
            print(
                f"{split:<8} {language:<8} questions {len(questions):3}  entries "
                f"{len(set(keys)):3}  groups {len(set(groups)):3}  pair precision "
                f"{precision:.2f}  pair recall {recall:.2f}"
            )


if __name__ == "__main__":
    main()
