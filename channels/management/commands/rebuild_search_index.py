"""Rebuild this host's search index from what is published now, beside the live one."""

from typing import Any

from django.core.management.base import BaseCommand

from channels.search import indexer


class Command(BaseCommand):
    help = (
        "Build a new answer search index from published content beside the live one "
        "and switch to it when complete (searches keep being answered meanwhile)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        written = indexer.rebuild()
        state = indexer.read_state()
        generation = state.generation if state else "?"
        self.stdout.write(f"Search index rebuilt: {written} documents ({generation}).")
