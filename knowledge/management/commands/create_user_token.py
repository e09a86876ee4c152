"""Create a personal editorial-API token; the raw token is printed once, alone on the last line."""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from knowledge.services import user_token_create


class Command(BaseCommand):
    help = (
        "Create an editorial API token for a user (sent as 'Authorization: Token <key>'). "
        "Only a digest is stored: copy the token now."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the token is for.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user '{options['username']}'.")
        if not user.is_active:
            raise CommandError(f"User '{user.username}' is inactive.")
        token, raw = user_token_create(user=user, name=options["name"])
        self.stdout.write(f"Token {token.prefix}… for {user.username}; it is not shown again:")
        self.stdout.write(raw)
