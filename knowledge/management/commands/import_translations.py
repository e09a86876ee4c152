"""Take a translator's file back: each translated unit lands in a draft that goes to review."""

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from config.errors import TranslationRefused, WorkflowError
from knowledge.translators import exchange


class Command(BaseCommand):
    help = (
        "Import an XLIFF 2.x, XLIFF 1.2 or PO file (or a zip of them) as drafts authored "
        "by --user. Prints one line per unit: applied, unchanged, conflict or refused, "
        "with the reason. Exits 1 when no unit could be applied."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help="username the drafts are written by")

    def handle(self, *args: Any, file: Path, user: str, **options: Any) -> None:
        person = get_user_model().objects.filter(username=user, is_active=True).first()
        if person is None:
            raise CommandError(f"No active user {user!r}.")
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from error
        try:
            record = exchange.import_translations(user=person, data=data, filename=file.name)
            rows = record.units
        except TranslationRefused as error:
            rows = error.extra["units"]
        except WorkflowError as error:
            raise CommandError(error.detail) from error
        for row in rows:
            extra = f" (version {row['version']})" if row.get("version") else ""
            if row.get("outdated"):
                extra += " outdated: translated against an older source"
            reason = f": {row['reason']}" if row.get("reason") else ""
            self.stdout.write(f"{row['status']:9} {row['language']} {row['id']}{extra}{reason}")
        applied = sum(row["status"] == "applied" for row in rows)
        self.stdout.write(f"{applied} of {len(rows)} unit(s) applied.")
        if not applied:
            raise CommandError("Nothing could be applied.")
