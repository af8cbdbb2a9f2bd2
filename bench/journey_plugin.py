"""A pytest plugin the journey benchmark loads: times each test's call and counts page loads.

Loaded with `-p bench.journey_plugin`; writes one JSON line per test to $BENCH_JOURNEY_OUT.
Page loads are main-frame navigations seen by every browser context the test opens (the
harness may create its page lazily, so the count hooks context creation, not a fixture).

pytest-bdd asks for a scenario's fixtures only when a step runs, i.e. inside the test call:
left alone, the timed span would include launching the browser, starting both apps, creating
the tenant on both and opening the browser context. The setup hook below resolves those
fixtures first (`PRESET`), so the timer covers the journey as a person lives it, like the
floor, whose browser, context and server are ready before its timer starts.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Generator
from typing import Any

import pytest

_counting = {"on": False, "loads": 0}
# What a journey's steps ask for at run time that is set-up, not journey: the phone (browser,
# context, page, both apps) and the scenario's world (its tenant on both apps).
PRESET = ("phone", "world")


def _count(request: Any) -> None:
    if not _counting["on"]:
        return
    try:
        if request.is_navigation_request() and request.frame.parent_frame is None:
            _counting["loads"] += 1
    except Exception:  # a request of a frame already gone
        return


def pytest_configure(config: pytest.Config) -> None:
    """Make every browser context the suite opens report its requests to the counter."""
    try:
        from playwright.sync_api._generated import Browser
    except ImportError:
        return
    original = Browser.new_context
    if getattr(original, "_bench_wrapped", False):
        return

    def new_context(self: Any, *args: Any, **kwargs: Any) -> Any:
        context = original(self, *args, **kwargs)
        context.on("request", _count)
        return context

    new_context._bench_wrapped = True  # type: ignore[attr-defined]
    Browser.new_context = new_context  # type: ignore[method-assign]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Generator[None, Any, None]:
    """After the test's own setup, set up what its steps would ask for, outside the timer."""
    outcome = yield
    request = getattr(item, "_request", None)
    if outcome.excinfo is not None or request is None:
        return
    for name in PRESET:
        try:
            request.getfixturevalue(name)
        except pytest.FixtureLookupError:  # not a scenario of the harness: nothing to do
            continue


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, Any, None]:
    """Time the test body and count the main-frame documents it loaded."""
    _counting.update(on=True, loads=0)
    start = time.perf_counter()
    outcome = yield
    elapsed = time.perf_counter() - start
    _counting["on"] = False
    out = os.environ.get("BENCH_JOURNEY_OUT")
    if out:
        with open(out, "a") as fh:
            row = {
                "nodeid": item.nodeid,
                "seconds": elapsed,
                "page_loads": _counting["loads"],
                "passed": outcome.excinfo is None,
            }
            fh.write(json.dumps(row) + "\n")
