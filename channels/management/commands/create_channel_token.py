"""Create a delivery-API token for a channel; printed once, alone on the last line."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from channels.models import Channel
from channels.services import channel_token_create


class Command(BaseCommand):
    help = (
        "Create a token for a channel (sent as 'Authorization: Bearer <token>'). "
        "Only a digest is stored: copy the token now."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("channel", help="The channel's slug.")
        parser.add_argument("--name", default="", help="What the token is for.")

    def handle(self, *args: Any, **options: Any) -> None:
        channel = Channel.objects.filter(slug=options["channel"]).first()
        if channel is None:
            raise CommandError(f"No channel '{options['channel']}'.")
        token, raw = channel_token_create(channel=channel, name=options["name"])
        self.stdout.write(f"Token {token.prefix}… for channel {channel.slug}; not shown again:")
        self.stdout.write(raw)
