"""`Authorization: Bearer <channel token>` for the delivery API."""

import time
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import HttpRequest
from django.utils import timezone
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from channels import cache
from channels.models import ChannelToken
from config.lockout import record_token_failure, refuse_locked_out
from knowledge.tokens import hash_token

# Write `last_used_at` at most once a minute per token and process: it is a
# hint for people cleaning up tokens, not an audit log, and must not turn
# every read into a write.
LAST_USED_RESOLUTION = 60.0
_last_written: dict[str, float] = {}
# generation -> {token digest: credentials}; only the current generation is kept.
_held_tokens: dict[str, dict[str, "ChannelCredentials"]] = {}
HELD_TOKENS = 1000


def _hold(gen: str | None, digest: str, credentials: "ChannelCredentials") -> None:
    if gen is None:
        return
    if gen not in _held_tokens:
        _held_tokens.clear()
        _held_tokens[gen] = {}
    held = _held_tokens[gen]
    if len(held) < HELD_TOKENS:
        held[digest] = credentials


@dataclass(frozen=True)
class ChannelCredentials:
    token_id: int
    channel_id: int


class ChannelTokenAuthentication(authentication.BaseAuthentication):
    """Channel tokens. Unknown and revoked tokens get the same 401."""

    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[Any, ChannelCredentials] | None:
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != b"bearer":
            return None
        refuse_locked_out(request)
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("Send the header as 'Bearer <token>'.")
        try:
            digest = hash_token(parts[1].decode())
        except UnicodeDecodeError as error:
            record_token_failure(request)
            raise exceptions.AuthenticationFailed("Invalid token.") from error
        credentials = self._lookup(digest)
        if credentials is None:
            record_token_failure(request)
            raise exceptions.AuthenticationFailed("Invalid token.")
        self._touch(credentials.token_id, digest)
        return AnonymousUser(), credentials

    @classmethod
    def credentials_if_valid(
        cls, request: HttpRequest, gen: str | None
    ) -> ChannelCredentials | None:
        """The credentials of a well-formed, known token from a client not locked
        out, else None, without recording anything: the ordinary path then
        authenticates the request again and answers the error."""
        parts = request.META.get("HTTP_AUTHORIZATION", "").split()
        if len(parts) != 2 or parts[0].lower() != "bearer":
            return None
        try:
            refuse_locked_out(request)
            digest = hash_token(parts[1])
            credentials = cls._lookup(digest, gen)
        except Exception:
            return None
        if credentials is not None:
            cls._touch(credentials.token_id, digest)
        return credentials

    def authenticate_header(self, request: Request) -> str:
        return self.keyword

    @staticmethod
    def _lookup(digest: str, gen: str | bool | None = False) -> ChannelCredentials | None:
        if gen is False:  # not read by the caller yet
            gen = cache.generation()
        # Valid tokens this process has seen in this generation (a token change
        # starts a new one), so a repeated token costs no cache read.
        held = _held_tokens.get(gen) if gen is not None else None
        if held is not None and digest in held:
            return held[digest]
        found = cache.get(gen, f"token:{digest}")
        if found is not None:
            _hold(gen, digest, found)
            return found
        # Plain SQL: every delivery request with a cold cache comes here.
        table = connection.ops.quote_name(ChannelToken._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, channel_id FROM {table} "  # noqa: S608 (our table name)
                "WHERE key_hash = %s AND revoked_at IS NULL",
                [digest],
            )
            row = cursor.fetchone()
        if row is None:
            return None
        credentials = ChannelCredentials(token_id=row[0], channel_id=row[1])
        cache.set(gen, f"token:{digest}", credentials)
        _hold(gen, digest, credentials)
        return credentials

    @staticmethod
    def _touch(token_id: int, digest: str) -> None:
        now = time.monotonic()
        if now - _last_written.get(digest, -LAST_USED_RESOLUTION) < LAST_USED_RESOLUTION:
            return
        _last_written[digest] = now
        ChannelToken.objects.filter(pk=token_id).update(last_used_at=timezone.now())
