"""`Authorization: Bearer <channel token>` for the delivery API."""

import time
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
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
    def credentials_if_valid(cls, request: HttpRequest) -> ChannelCredentials | None:
        """The credentials of a well-formed, known token from a client not locked
        out, else None, without recording anything: the ordinary path then
        authenticates the request again and answers the error."""
        parts = authentication.get_authorization_header(request).split()
        if len(parts) != 2 or parts[0].lower() != b"bearer":
            return None
        try:
            refuse_locked_out(request)
            credentials = cls._lookup(hash_token(parts[1].decode()))
        except Exception:
            return None
        if credentials is not None:
            cls._touch(credentials.token_id, hash_token(parts[1].decode()))
        return credentials

    def authenticate_header(self, request: Request) -> str:
        return self.keyword

    @staticmethod
    def _lookup(digest: str) -> ChannelCredentials | None:
        gen = cache.generation()
        found = cache.get(gen, f"token:{digest}")
        if found is not None:
            return found
        row = (
            ChannelToken.objects.filter(key_hash=digest, revoked_at__isnull=True)
            .values_list("pk", "channel_id")
            .first()
        )
        if row is None:
            return None
        credentials = ChannelCredentials(token_id=row[0], channel_id=row[1])
        cache.set(gen, f"token:{digest}", credentials)
        return credentials

    @staticmethod
    def _touch(token_id: int, digest: str) -> None:
        now = time.monotonic()
        if now - _last_written.get(digest, -LAST_USED_RESOLUTION) < LAST_USED_RESOLUTION:
            return
        _last_written[digest] = now
        ChannelToken.objects.filter(pk=token_id).update(last_used_at=timezone.now())
