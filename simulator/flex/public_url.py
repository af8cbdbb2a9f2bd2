"""Where a phone can open Flex: the address the desktop's QR code encodes.

`PUBLIC_URL` (Flex's setting) when it names a host other machines can reach; otherwise this
machine's LAN address (with Flex's port) when it has one, so a real phone on the same network
can open it; otherwise the configured host (PUBLIC_URL, else the request's host). A phone
reaches the LAN address only if Flex listens on it (`tiktok-sim up --host 0.0.0.0`)."""

from __future__ import annotations

import functools
import ipaddress
import socket
from urllib.parse import urlsplit

from flask import current_app, request


@functools.lru_cache(maxsize=1)
def lan_address() -> str | None:
    """This machine's address on its local network, or None (no network, loopback only).

    A UDP socket "connected" to a private address makes the OS pick the outgoing interface;
    nothing is sent."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 1))
            address = str(probe.getsockname()[0])
    except OSError:
        return None
    ip = ipaddress.ip_address(address)
    return None if ip.is_loopback or ip.is_unspecified or ip.is_link_local else address


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def phone_base_url() -> str:
    """Flex's base URL as a phone on the network can open it (no trailing slash)."""
    configured = str(current_app.config.get("PUBLIC_URL") or request.host_url).rstrip("/")
    parts = urlsplit(configured)
    if not _loopback(parts.hostname or ""):
        return configured
    lan = lan_address()
    if lan is None:
        return configured
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{lan}{port}{parts.path}"


def phone_url(path: str) -> str:
    """A Flex page's address for a phone (path and query as the browser has them)."""
    return phone_base_url() + path
