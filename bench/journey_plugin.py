"""A pytest plugin the journey benchmark loads: times each test's call and counts page loads.

Loaded with `-p bench.journey_plugin`; writes one JSON line per test to $BENCH_JOURNEY_OUT.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Generator
from typing import Any

import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, Any, None]:
    """Time the test body and count the main-frame documents its page loaded."""
    page = getattr(item, "funcargs", {}).get("page")
    loads = [0]

    def _count(request: Any) -> None:
        if request.is_navigation_request() and request.frame == page.main_frame:
            loads[0] += 1

    if page is not None:
        page.on("request", _count)
    start = time.perf_counter()
    outcome = yield
    elapsed = time.perf_counter() - start
    out = os.environ.get("BENCH_JOURNEY_OUT")
    if out:
        with open(out, "a") as fh:
            fh.write(
                json.dumps(
                    {
                        "nodeid": item.nodeid,
                        "seconds": elapsed,
                        "page_loads": loads[0],
                        "passed": outcome.excinfo is None,
                    }
                )
                + "\n"
            )
