"""How the benchmarks put many videos straight into a tenant of the fake TikTok."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .common import Skip


def make_fake() -> tuple[Any, str]:
    """The fake TikTok app and a tenant id seeded with the demo's TikTok half."""
    raise Skip("video seeding not written yet")


def seed_videos(app: Any, tenant_id: str, n: int) -> None:
    """Put `n` published videos of the current creator into the tenant."""
    raise Skip("video seeding not written yet")


def list_request(app: Any, tenant_id: str) -> tuple[str, dict[str, str], Callable[..., None]]:
    """The first list page's path, headers, and a check that it answers as expected."""
    raise Skip("video seeding not written yet")
