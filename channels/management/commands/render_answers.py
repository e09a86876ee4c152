"""Render every answer as channels are served it, into the store reads come from."""

from typing import Any

from django.core.management.base import BaseCommand

from channels import stored


class Command(BaseCommand):
    help = (
        "Render every answer for every channel and language into the stored responses "
        "(after a deploy that changes rendering, or languages). Publishing renders "
        "what it changes by itself."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = stored.render()
        stored.render_pending()
        self.stdout.write(
            f"Stored answers: {result.written} written, {result.removed} removed; "
            f"{result.pages} list pages written."
        )
