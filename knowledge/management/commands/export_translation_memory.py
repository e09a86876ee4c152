"""Write the translation memory (the current published translations) as TMX."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from config.errors import WorkflowError
from knowledge.translators import exchange, memory


class Command(BaseCommand):
    help = "Export every current published translation in the named languages as one TMX file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--languages", required=True, help="ja,fi")
        parser.add_argument("--output", required=True, type=Path)

    def handle(self, *args: Any, languages: str, output: Path, **options: Any) -> None:
        try:
            codes = exchange.target_languages(languages.split(","))
        except WorkflowError as error:
            raise CommandError(error.detail) from error
        try:
            output.write_bytes(memory.memory_tmx(codes))
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}") from error
        self.stdout.write(f"Translation memory ({', '.join(codes)}) written to {output}.")
