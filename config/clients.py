"""Who a request comes from: the client's address, trusting only configured proxies.

`X-Forwarded-For` is written by whoever sends the request, so it is believed
only as far as `PARLEY_TRUSTED_PROXIES` says proxies of ours stand in front of
Parley: with one proxy, the last address in the header is the one that proxy
saw. With none (the default) the header is ignored and the socket's address
counts. Throttles, login lockout and feedback votes all key on this address.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest


@lru_cache(maxsize=4096)
def _address(text: str) -> str:
    """`text` as an IP address, or '' when it is none (a socket path, garbage).
    Remembered: every request asks, mostly for the same few addresses."""
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return ""


def client_ip(request: HttpRequest) -> str:
    """The client's address as our nearest trusted proxy saw it (or the socket's).

    '' when there is no usable address (a request made in code, a Unix socket).
    """
    remote = _address(request.META.get("REMOTE_ADDR", "") or "")
    proxies = settings.PARLEY_TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if not forwarded:
        return remote
    return _address(forwarded[-min(proxies, len(forwarded))]) or remote
