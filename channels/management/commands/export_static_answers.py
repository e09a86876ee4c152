"""Write a public channel's answers as files, for a web server or CDN to serve."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from channels import stored
from channels.models import Channel


class Command(BaseCommand):
    help = (
        "Write every answer a public channel serves, per language, as "
        "<dir>/<lang>/answers/<key>.json, with its list pages as answers/index.json "
        "and answers/index-<next_cursor>.json. Unchanged files are left alone."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("channel", help="slug of a public channel")
        parser.add_argument("dir", type=Path, help="folder to write into")

    def handle(self, *args: Any, channel: str, dir: Path, **options: Any) -> None:
        found = Channel.objects.filter(slug=channel).first()
        if found is None:
            raise CommandError(f"No channel {channel!r}.")
        if not found.public:
            raise CommandError(
                f"{channel!r} needs a token: only public channels are exported as files."
            )
        stored.render_pending()
        written, removed = stored.export_channel(channel, dir)
        self.stdout.write(f"{channel}: {written} file(s) written, {removed} removed, in {dir}.")
