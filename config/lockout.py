"""Lockout after repeated failed logins (admin) and failed tokens (APIs).

Admin logins are counted by django-axes, per user name and client address
together, so nobody can lock a colleague out from elsewhere; the lockout page
is the login page with a message saying when to try again. People with the
right see and delete the attempts in the admin (*Axes → Access attempts*),
which unlocks at once; `manage.py axes_reset_username <name>` does the same.

Tokens have no user name to count by, so failed `Authorization` headers are
counted per client address in the cache, with the same limit and cool-off
as logins: a locked-out address gets 429 `locked_out` for any token.
"""

import math
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from rest_framework.exceptions import APIException

from config.clients import client_ip


def cooloff_seconds() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds())


def lockout_message() -> str:
    minutes = math.ceil(cooloff_seconds() / 60)
    return (
        f"Too many failed attempts. This account is locked from your address for {minutes} "
        "minutes; an administrator can unlock it sooner (Access attempts)."
    )


def locked_out(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """django-axes' lockout response: JSON under /api/, else the admin login page, 429."""
    headers = {"Retry-After": str(cooloff_seconds())}
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"code": "locked_out", "detail": lockout_message()}, status=429, headers=headers
        )
    from django.contrib import admin
    from django.contrib.admin.forms import AdminAuthenticationForm

    # An unbound form validates nothing (so no second login attempt is made);
    # the message shows where wrong passwords are reported.
    form = AdminAuthenticationForm(request)
    form.cleaned_data = {}
    form.add_error(None, lockout_message())
    context = {
        **admin.site.each_context(request),
        "title": "Log in",
        "app_path": request.get_full_path(),
        "form": form,
    }
    # Rendered here: axes returns it from the middleware, past the render step.
    return TemplateResponse(
        request, "admin/login.html", context, status=429, headers=headers
    ).render()


def token_lockout_message(seconds_left: int) -> str:
    minutes = max(1, math.ceil(seconds_left / 60))
    return (
        "Too many requests with an unknown or revoked token came from your address; "
        f"every token from it is refused for {minutes} more minute(s)."
    )


class LockedOut(APIException):
    """429 `locked_out`: this address sent too many bad tokens lately."""

    status_code = 429
    default_code = "locked_out"

    def __init__(self, wait: int) -> None:
        super().__init__(token_lockout_message(wait))
        self.wait = wait  # DRF sends it as Retry-After


def refuse_locked_out(request: HttpRequest) -> None:
    """Raise LockedOut for an address over the limit of failed tokens."""
    left = token_failures_locked(request)
    if left is not None:
        raise LockedOut(left)


def _key(request: HttpRequest) -> str:
    return token_failures_key(client_ip(request))


def token_failures_key(address: str) -> str:
    return f"token-failures:{address}"


def unlock_token_address(address: str) -> bool:
    """Forget the bad tokens counted for `address`; True when there were some."""
    key = token_failures_key(address)
    found = cache.get(key) is not None
    cache.delete(key)
    return found


def token_failures_locked(request: HttpRequest) -> int | None:
    """Seconds left when this address is locked out of token use; None when it is not.

    Failures are counted in a window of one cool-off from the first; reaching
    the limit locks the address until that window ends. The next failure after
    it starts a new window, so every limit's worth of failures locks again.
    """
    try:
        record = cache.get(_key(request))
    except Exception:  # a cache outage must not lock everyone out, or in
        return None
    if not record:
        return None
    count, first = record
    left = int(first + cooloff_seconds() - time.time())
    if left <= 0 or count < settings.AXES_FAILURE_LIMIT:
        return None
    return left


def record_token_failure(request: HttpRequest) -> None:
    """Count one failed token from this address in the current window."""
    now = time.time()
    try:
        count, first = cache.get(_key(request)) or (0, now)
        if now - first >= cooloff_seconds():  # the last window is over: a new one
            count, first = 0, now
        cache.set(_key(request), (count + 1, first), timeout=cooloff_seconds())
    except Exception:
        return
