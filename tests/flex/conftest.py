"""Fixtures for Flex's tests: an app with a demo tenant, a signed-in phone, a mocked TikTok."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import responses
from flex_support import TENANT, TIKTOK, signed_in

from simulator.demo import demo_scenario
from simulator.flex.app import create_app


@pytest.fixture
def app(tmp_path: Path) -> Any:
    """A Flex app talking to a (mocked) TikTok, with tenant t1 seeded from the demo."""
    flex = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "UPLOAD_FOLDER": str(tmp_path / "uploads"),
            "TIKTOK_BASE_URL": TIKTOK,
            "TIKTOK_BACKOFF": 0,
            "PUBLIC_URL": "http://flex.test",
        }
    )
    answer = flex.test_client().post(
        "/_sim/tenants", json={"id": TENANT, "scenario": demo_scenario()["flex"]}
    )
    assert answer.status_code == 201
    flex.config["SEEDED"] = answer.get_json()["seeded"]
    return flex


@pytest.fixture
def phone(app: Any) -> Any:
    """The demo creator, signed in on a phone."""
    return signed_in(app, "creator@example.com")


@pytest.fixture
def tiktok() -> Iterator[responses.RequestsMock]:
    """A mocked TikTok; unmatched calls fail the test."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock
