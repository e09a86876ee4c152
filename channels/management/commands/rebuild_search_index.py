"""Rebuild every entry's search documents from what is published now."""

from typing import Any

from django.core.management.base import BaseCommand

from channels.search import index
from channels.search.backends import get_backend


class Command(BaseCommand):
    help = "Rebuild the answer search index from published content."

    def handle(self, *args: Any, **options: Any) -> None:
        written = index.rebuild()
        get_backend().changed()
        self.stdout.write(f"Search index rebuilt: {written} documents.")
