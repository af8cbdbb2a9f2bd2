"""On a desktop, the offer's QR code sends the creator to Flex at an address a phone can open.

Issue 14: the code encoded 127.0.0.1, which no phone can open. It now encodes Flex's public
URL: PUBLIC_URL when it names a reachable host, else this machine's LAN address, else the
configured host."""

from __future__ import annotations

import re
from typing import Any

import pytest
import segno
from flex_support import DESKTOP, SERUM, offer_id, signed_in

from simulator.flex import public_url


def shown_link(page: str) -> str:
    found = re.search(r'<span class="url">([^<]+)</span>', page)
    assert found, "the desktop notice names the address"
    return found.group(1)


def encoded_svg(page: str) -> str:
    found = re.search(r'<div class="qr">(.*?)</div>', page, re.S)
    assert found
    return found.group(1)


def qr_of(text: str) -> str:
    return segno.make(text, error="m").svg_inline(
        scale=5, dark="#1f1147", omitsize=True, title="QR code of this offer's address"
    )


def desktop_page(app: Any) -> str:
    desktop = signed_in(app, "creator@example.com", ua=DESKTOP)
    return str(desktop.get(f"/offers/{offer_id(app, SERUM)}").text)


def test_a_reachable_public_url_is_what_the_code_opens(app: Any) -> None:
    page = desktop_page(app)  # the fixture's PUBLIC_URL is http://flex.test
    link = shown_link(page)
    assert link == f"http://flex.test/offers/{offer_id(app, SERUM)}"
    assert encoded_svg(page) == qr_of(link)  # the code holds exactly the address shown


def test_a_loopback_url_becomes_the_machines_lan_address(
    app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    app.config["PUBLIC_URL"] = "http://127.0.0.1:8700"
    monkeypatch.setattr(public_url, "lan_address", lambda: "192.168.1.23")
    page = desktop_page(app)
    assert shown_link(page) == f"http://192.168.1.23:8700/offers/{offer_id(app, SERUM)}"
    assert encoded_svg(page) == qr_of(shown_link(page))
    assert "127.0.0.1" not in encoded_svg(page) and "127.0.0.1" not in shown_link(page)


def test_without_a_lan_address_the_configured_host_stays(
    app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    app.config["PUBLIC_URL"] = "http://localhost:8700"
    monkeypatch.setattr(public_url, "lan_address", lambda: None)
    page = desktop_page(app)
    assert shown_link(page) == f"http://localhost:8700/offers/{offer_id(app, SERUM)}"


def test_the_lan_address_is_never_a_loopback_one() -> None:
    found = public_url.lan_address()
    assert found is None or not found.startswith("127.")
