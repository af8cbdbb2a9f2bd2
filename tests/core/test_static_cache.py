"""Both apps' pages ask for their CSS and JS by a content hash, and browsers may keep exactly
that version for good (a phone's page load then makes no revalidation round trips)."""

from __future__ import annotations

import re
from typing import Any

import pytest

ASSET = re.compile(r'(?:href|src)="(/static/[^"?]+\.(?:css|js))\?v=([0-9a-f]{12})"')


def _apps() -> dict[str, tuple[Any, str]]:
    from simulator.flex.app import create_app as flex_app
    from simulator.tiktok.app import create_app as tiktok_app

    return {
        "tiktok": (tiktok_app({"TESTING": True}), "/tto/login"),
        "flex": (flex_app({"TESTING": True}), "/signin"),
    }


@pytest.mark.parametrize("name", ["tiktok", "flex"])
def test_a_pages_assets_are_versioned_and_kept_for_good(name: str) -> None:
    app, page = _apps()[name]
    client = app.test_client()
    html = client.get(page).get_data(as_text=True)
    assets = ASSET.findall(html)
    assert {path.rsplit(".", 1)[1] for path, _ in assets} == {"css", "js"}, html[:400]
    for path, version in assets:
        kept = client.get(f"{path}?v={version}")
        assert kept.status_code == 200
        assert kept.cache_control.max_age == 365 * 24 * 3600
        assert kept.cache_control.immutable and kept.cache_control.public
        stale = client.get(f"{path}?v=000000000000")  # not this version: Flask's default
        assert stale.cache_control.max_age != 365 * 24 * 3600
        assert not stale.cache_control.immutable
