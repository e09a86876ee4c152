"""Lift the lockout of an address that sent too many bad API tokens."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from config.lockout import unlock_token_address


class Command(BaseCommand):
    help = "Forget the bad tokens counted for an address, so its tokens work again at once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("address", help="The client address, as the lockout counted it.")

    def handle(self, *args: Any, address: str, **options: Any) -> None:
        if unlock_token_address(address):
            self.stdout.write(f"{address} is unlocked.")
        else:
            self.stdout.write(f"No bad tokens were counted for {address}.")
