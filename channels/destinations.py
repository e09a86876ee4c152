"""Where webhooks may go: public addresses only, checked when saved and when sent.

A channel manager types a URL; Parley then POSTs to it from inside the
network it runs in. So a URL naming a loopback, private, link-local (cloud
metadata at 169.254.169.254) or otherwise non-public address is refused when
it is saved, and again at every send after the name is resolved, because a
name can resolve to something else by then (DNS rebinding). The connection
is then made to the very address that was checked, never re-resolved, and a
redirect is never followed (a 3xx counts as a failed attempt).

`https` only, unless `PARLEY_WEBHOOK_ALLOW_HTTP` is on (development).
`PARLEY_WEBHOOK_ALLOWED_HOSTS` names hosts allowed even when their address
is not public: an on-premise receiver, or the tests' loopback receivers.
"""

import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

# Loopback by definition (RFC 6761), whatever DNS says: localhost and *.localhost.
LOOPBACK_SUFFIX = ".localhost"


class UnsafeDestination(ValueError):
    """The URL may not receive webhooks; the message says why, for people."""


@dataclass(frozen=True)
class Destination:
    scheme: str
    host: str
    port: int
    path: str


def parse(url: str) -> Destination:
    """The parts of a webhook URL, or UnsafeDestination for a scheme or form not allowed."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as error:
        raise UnsafeDestination("This is not a valid URL.") from error
    allowed = ("https", "http") if settings.PARLEY_WEBHOOK_ALLOW_HTTP else ("https",)
    if parts.scheme not in allowed:
        raise UnsafeDestination(
            "Webhook URLs must use https (http only with PARLEY_WEBHOOK_ALLOW_HTTP=1)."
        )
    if not parts.hostname:
        raise UnsafeDestination("The URL names no host.")
    if parts.username is not None or parts.password is not None:
        raise UnsafeDestination("Put no user name or password in a webhook URL.")
    path = parts.path or "/"
    if parts.query:
        path += f"?{parts.query}"
    default_port = 443 if parts.scheme == "https" else 80
    return Destination(parts.scheme, parts.hostname.rstrip("."), port or default_port, path)


def allowed_host(host: str) -> bool:
    """Hosts the operator allows even on non-public addresses."""
    return host.lower() in {h.lower() for h in settings.PARLEY_WEBHOOK_ALLOWED_HOSTS}


def public(address: str) -> bool:
    """True for addresses reachable on the public internet (not loopback, private, ...)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _literal(host: str) -> str | None:
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return None


def check_saved_url(url: str) -> None:
    """The check when a URL is saved: scheme, form, and the address if it can be known now.

    A name that does not resolve from here is accepted (the receiver may not
    exist yet); every send resolves and checks it again.
    """
    destination = parse(url)
    if allowed_host(destination.host):
        return
    host = destination.host.lower()
    if host == "localhost" or host.endswith(LOOPBACK_SUFFIX):
        raise UnsafeDestination("Webhooks cannot go to this machine (localhost).")
    try:
        addresses = resolve(destination)
    except OSError:
        return
    for address in addresses:
        if not public(address):
            named = "" if address == _literal(destination.host) else f" (it resolves to {address})"
            raise UnsafeDestination(
                f"{destination.host} is a non-public address{named}; webhooks go to "
                "public addresses only (or hosts in PARLEY_WEBHOOK_ALLOWED_HOSTS)."
            )


def resolve(destination: Destination) -> list[str]:
    literal = _literal(destination.host)
    if literal is not None:
        return [literal]
    infos = socket.getaddrinfo(destination.host, destination.port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def checked_address(destination: Destination) -> str:
    """The address to connect to, resolved now; UnsafeDestination when it is not public."""
    try:
        addresses = resolve(destination)
    except OSError as error:
        raise UnsafeDestination(f"{destination.host} does not resolve: {error}") from error
    if not addresses:
        raise UnsafeDestination(f"{destination.host} does not resolve.")
    if not allowed_host(destination.host):
        refused = [address for address in addresses if not public(address)]
        if refused:
            raise UnsafeDestination(
                f"{destination.host} resolves to a non-public address ({refused[0]})."
            )
    return addresses[0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the checked address while naming the host in `Host`."""

    def __init__(self, destination: Destination, address: str, timeout: float) -> None:
        super().__init__(destination.host, destination.port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """TLS to the checked address; the certificate is verified for the host name."""

    def __init__(self, destination: Destination, address: str, timeout: float) -> None:
        super().__init__(
            destination.host,
            destination.port,
            timeout=timeout,
            context=ssl.create_default_context(),
        )
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(url: str, body: bytes, headers: dict[str, str], *, timeout: float) -> int:
    """POST `body` to `url` after the checks above; returns the status. Never follows 3xx.

    Raises UnsafeDestination when the destination is refused, OSError (and
    http.client's errors) when it cannot be reached.
    """
    destination = parse(url)
    address = checked_address(destination)
    connection_class = (
        _PinnedHTTPSConnection if destination.scheme == "https" else _PinnedHTTPConnection
    )
    connection = connection_class(destination, address, timeout)
    try:
        connection.request("POST", destination.path, body=body, headers=headers)
        response = connection.getresponse()
        response.read(64 * 1024)  # the receiver's answer is not used; do not wait for more
        return response.status
    finally:
        connection.close()
