"""`Authorization: Token <key>` for the editorial API, checked against stored digests."""

from datetime import timedelta
from typing import Any

from django.utils import timezone
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from config.lockout import record_token_failure, refuse_locked_out
from knowledge.models import UserToken
from knowledge.tokens import hash_token

# Writing `last_used_at` on every call would turn each read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class UserTokenAuthentication(authentication.BaseAuthentication):
    """Personal tokens of staff users. Unknown and revoked tokens get the same 401."""

    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[Any, UserToken] | None:
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        refuse_locked_out(request)
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("Send the header as 'Token <key>'.")
        try:
            raw = parts[1].decode()
        except UnicodeDecodeError as error:
            record_token_failure(request)
            raise exceptions.AuthenticationFailed("Invalid token.") from error
        token = (
            UserToken.objects.select_related("user")
            .filter(key_hash=hash_token(raw), revoked_at__isnull=True)
            .first()
        )
        if token is None or not token.user.is_active:
            record_token_failure(request)
            raise exceptions.AuthenticationFailed("Invalid token.")
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
            token.last_used_at = now
            token.save(update_fields=["last_used_at"])
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword
