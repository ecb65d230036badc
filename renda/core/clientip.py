"""The client's address, as the login lockout (django-axes) and the public forms' rate limit see it.

Behind the documented reverse proxy every request comes from the proxy's address: keyed on it, one attacker's
failed sign-ins would lock the account for everyone. So the address is taken from `X-Forwarded-For`, but only
from hops Renda trusts (`TRUSTED_PROXIES`, addresses or networks): walking the header from the right, past the
trusted proxies, the first other address is the client. A client that is not behind a trusted proxy cannot
choose its address by sending the header: it is ignored.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def client_address(remote_addr: str, forwarded_for: str, trusted: Sequence[Network]) -> str:
    """The client's address from the socket's peer `remote_addr` and the `X-Forwarded-For` header."""
    peer = _address(remote_addr)
    if peer is None:
        return remote_addr
    client = peer
    hops = [h for h in forwarded_for.split(",") if h.strip()] if forwarded_for else []
    while any(client in net for net in trusted) and hops:
        hop = _address(hops.pop())
        if hop is None:  # a malformed hop: stop at the last address a trusted proxy vouched for
            break
        client = hop
    return str(client)


@lru_cache(maxsize=8)
def _trusted(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(p.strip(), strict=False) for p in proxies if p.strip())


def request_address(request: HttpRequest) -> str:
    """`client_address` of a request with the configured `TRUSTED_PROXIES` (also AXES_CLIENT_IP_CALLABLE)."""
    trusted = _trusted(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    return client_address(
        request.META.get("REMOTE_ADDR", ""), request.META.get("HTTP_X_FORWARDED_FOR", ""), trusted
    )
