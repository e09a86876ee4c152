"""This host's search indexer: applies the outbox to the local index, pass after pass."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from channels.search import indexer


class Command(BaseCommand):
    help = (
        "Keep this host's answer search index current from the outbox. Run one per host "
        "when web processes there have no Celery worker beside them; --once for one pass."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="one pass, then exit")
        parser.add_argument(
            "--interval", type=float, default=1.0, help="seconds between passes (default 1)"
        )

    def handle(self, *args: Any, once: bool = False, interval: float = 1.0, **options: Any) -> None:
        while True:
            close_old_connections()
            applied = indexer.apply_changes(timeout=max(interval, 30.0))
            if once:
                state = indexer.read_state()
                position = state.last_row if state else 0
                self.stdout.write(f"applied {applied} entry(ies); at outbox row {position}")
                return
            time.sleep(interval)
