"""Fixtures the steps share: the phone in the person's hand, and files they attach."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path

import pytest
from faker import Faker
from playwright.sync_api import Page

from simulator.harness.apps import SimApps, SimTenant
from simulator.harness.data.builders import World
from simulator.harness.pages import Phone

# A 1x1 PNG: a stand-in for a metrics screenshot.
_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)

__all__ = ["Posted", "note", "phone", "supporting_asset", "unsupported_file"]


@dataclass(frozen=True)
class Posted:
    """What the creator posted on TikTok for the campaign: the draft it came from (empty for
    a post linked later), its caption, and its path in the TikTok app."""

    draft: str
    description: str
    path: str = ""


@pytest.fixture
def phone(page: Page, sim_apps: SimApps, tenant: SimTenant, device: str | None) -> Phone:
    """The device in the person's hand, on the scenario's tenant."""
    return Phone(page, sim_apps.flex_url, sim_apps.tiktok_url, device or "")


@pytest.fixture
def note(fake: Faker, world: World) -> str:
    """The creator's note for the marketer, when a given hands the content in (a step that
    types one in gives its own as `note`)."""
    return str(fake.marketer_note(world.brand))


@pytest.fixture
def supporting_asset(tmp_path: Path) -> Path:
    """A metrics screenshot to attach."""
    path = tmp_path / "metrics-screenshot.png"
    path.write_bytes(_PNG)
    return path


@pytest.fixture
def unsupported_file(tmp_path: Path) -> Path:
    """A file Flex should refuse as a supporting asset."""
    path = tmp_path / "installer.exe"
    path.write_bytes(b"MZ\x90\x00not an asset")
    return path
