"""What the hardening tests share: which parts exist yet, and skip marks naming what is missing."""

from __future__ import annotations

import importlib.util

import pytest


def exists(module: str) -> bool:
    """Whether a module can be imported (without importing it)."""
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


HAVE_TIKTOK = exists("simulator.tiktok.app")
HAVE_FLEX = exists("simulator.flex.app")
needs_tiktok = pytest.mark.skipif(not HAVE_TIKTOK, reason="simulator/tiktok/app.py not there yet")
needs_flex = pytest.mark.skipif(not HAVE_FLEX, reason="simulator/flex/app.py not there yet")
