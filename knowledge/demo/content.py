"""Demo content for `manage.py seed_demo`, written for Parley, kept as data in `data/`.

Help-page texts are dry and direct (markdown). Chat texts follow the four moves
of DOMAIN.md: acknowledge, guide (offer options), agree (next step, time
frame), close (check nothing else is open). Numbers in a chat text always
appear in the help-page text of the same entry, so the facts agree.

- `data/topics.json`: topic slug -> name per language
- `data/channels.json`, `data/users.json` (user name -> group, or null for a superuser)
- `data/snippets.json`: key, kind, description and text per language
- `data/synonyms.json`: search synonyms per language, as editors would keep them
  (one group a line, phrases separated by commas)
- `data/entries/*.json`: one entry each: key, topic, tags, example questions per
  language, and per channel slug ``{language: [title, body]}``; `drafts` lists
  drafts the demo editor has open, with their channel and texts.
"""

import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"


def _load(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def entries() -> list[dict[str, Any]]:
    """The demo entries, in file order."""
    return [_load(f"entries/{path.name}") for path in sorted((DATA / "entries").glob("*.json"))]


def topics() -> dict[str, dict[str, str]]:
    return _load("topics.json")


def channels() -> list[dict[str, Any]]:
    return _load("channels.json")


def users() -> dict[str, str | None]:
    return _load("users.json")


def snippets() -> list[dict[str, Any]]:
    return _load("snippets.json")


def synonyms() -> dict[str, list[str]]:
    return _load("synonyms.json")
