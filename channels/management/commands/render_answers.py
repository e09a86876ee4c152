"""Render every answer as channels are served it, into the store reads come from."""

from typing import Any

from django.core.management.base import BaseCommand

from channels import stored
from channels.models import StoredAnswer


class Command(BaseCommand):
    help = (
        "Render every answer for every channel and language into the stored responses "
        "(after a deploy that changes rendering, or languages). Publishing renders "
        "what it changes by itself."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = stored.render()
        stored.render_pending()
        held = StoredAnswer.objects.count()
        self.stdout.write(
            f"Stored answers: {held} in all; this pass changed {result.written}, removed "
            f"{result.removed} and rewrote {result.pages} list page(s)."
        )
