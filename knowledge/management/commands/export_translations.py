"""Write what needs translating as an XLIFF 2.1, XLIFF 1.2 or PO file for translators."""

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from config.errors import WorkflowError
from knowledge.translators import exchange


def _names(value: str | None) -> list[str] | None:
    return None if value is None else [part.strip() for part in value.split(",") if part.strip()]


class Command(BaseCommand):
    help = (
        "Export missing and outdated texts (all with --all) in the named languages, one "
        "unit per entry, channel and field. Several languages make a zip of one file each."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", required=True, choices=["xliff2", "xliff12", "po"])
        parser.add_argument("--languages", required=True, help="target languages: ja,fi")
        parser.add_argument("--entries", help="entry keys (default: every entry)")
        parser.add_argument("--channels", help="channel slugs (default: every channel)")
        parser.add_argument(
            "--all", action="store_true", help="up-to-date texts too, not only missing and outdated"
        )
        parser.add_argument("--output", required=True, type=Path, help="file to write")
        parser.add_argument("--user", help="username the export is recorded under")

    def handle(self, *args: Any, **options: Any) -> None:
        output: Path = options["output"]
        if output.is_dir() or not output.parent.is_dir():
            raise CommandError(f"Cannot write {output}: name a file in an existing folder.")
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user {options['user']!r}.")
        try:
            exported = exchange.export_translations(
                user=user,
                fmt=options["format"],
                languages=_names(options["languages"]) or [],
                entries=_names(options["entries"]),
                channels=_names(options["channels"]),
                everything=options["all"],
            )
        except WorkflowError as error:
            raise CommandError(error.detail) from error
        try:
            output.write_bytes(exported.content)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}") from error
        counts = ", ".join(f"{n} {state}" for state, n in sorted(exported.record.counts.items()))
        self.stdout.write(
            f"Export #{exported.record.pk}: {len(exported.record.units)} unit(s) ({counts}) "
            f"written to {output}"
            + (" (a zip of one file per language)." if exported.filename.endswith(".zip") else ".")
        )
