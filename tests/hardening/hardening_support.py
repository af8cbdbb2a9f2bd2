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


def importable(module: str) -> str:
    """'' when the module imports, else why not (a part still being built imports half-way)."""
    if not exists(module):
        return f"{module} not there yet"
    try:
        importlib.import_module(module)
    except ImportError as exc:
        return f"{module} does not import yet: {exc}"
    return ""


WHY_NO_TIKTOK = importable("simulator.tiktok.app")
WHY_NO_FLEX = importable("simulator.flex.app")
HAVE_TIKTOK = not WHY_NO_TIKTOK
HAVE_FLEX = not WHY_NO_FLEX
needs_tiktok = pytest.mark.skipif(not HAVE_TIKTOK, reason=WHY_NO_TIKTOK)
needs_flex = pytest.mark.skipif(not HAVE_FLEX, reason=WHY_NO_FLEX)
