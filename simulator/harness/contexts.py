"""Browser contexts kept from one scenario to the next, one per phone, each with its tab.

A fresh context and tab per scenario cost Chromium a new renderer process: about 105 ms of
CPU and 75 ms of waiting for a context, tab and first page on this 2-core machine, where a
kept tab costs a load of `about:blank` (about 15 ms of CPU). Between two scenarios the kept
context is brought back to what a new one is: its other tabs closed, the tab on
`about:blank` (no page of the last scenario left running), cookies dropped, every origin its
tabs visited emptied of local and session storage, IndexedDB, caches and service workers
(Chromium's `Storage.clearDataForOrigin`; Playwright's `set_storage_state` does the same by
opening each origin, ~95 ms of CPU), permissions and routes dropped; the next scenario gives
it its own tenant header and its tab the default timeouts again. What cannot be undone is not
kept: a context whose clock a scenario installed (`page.clock`), whose tab a scenario closed
or resized, or whose scenario failed is closed, and the next scenario on that phone gets a
new one. Other settings a step may change on the tab itself (`page.emulate_media`,
`page.set_extra_http_headers`) would stay: such steps want `--fresh-contexts`. The HTTP
cache is kept, as a phone keeps the apps' CSS and JS; pages themselves are never cached (no
Cache-Control).

Chromium only (the storage is emptied through CDP). `--fresh-contexts`, another browser, or
pytest-playwright's --tracing, --video or --screenshot (which record per context) give every
scenario a new context instead, through pytest-playwright's own `new_context`.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Browser, BrowserContext, CDPSession, Frame, Page

# Contexts kept idle per worker: the two phones a scenario runs on by default (the desktop's,
# used by a few scenarios, pushes out the one used least recently); each kept renderer holds
# ~90 MB where a closed one holds nothing.
MAX_IDLE = 2
RESET_TIMEOUT_MS = 10_000
_CLOCK_INSTALLED = "() => '__pwClock' in globalThis"  # Playwright's fake clock's global
# Everything an origin keeps but cookies (dropped for all at once) and the HTTP cache;
# "local_storage" empties the origin's session storage too.
_STORAGE_TYPES = (
    "local_storage,indexeddb,websql,cache_storage,service_workers,file_systems,"
    "shared_storage,storage_buckets"
)


@dataclass
class Lease:
    """A context and its tab, lent to one scenario, and the origins its tabs visited."""

    key: str
    context: BrowserContext
    page: Page
    cdp: CDPSession
    viewport: Any = None  # the tab's size as made (a step may change it: then it is not kept)
    origins: set[str] = field(default_factory=set)

    def watch(self, page: Page) -> None:
        """Note every origin `page` (or a frame in it) shows."""
        page.on("framenavigated", self._visited)

    def _visited(self, frame: Frame) -> None:
        parts = urlsplit(frame.url)
        if parts.scheme in ("http", "https"):
            self.origins.add(f"{parts.scheme}://{parts.netloc}")


class ContextPool:
    """Idle contexts (with their tab) by the options they were made with."""

    def __init__(self, browser: Browser) -> None:
        self.browser = browser
        self._idle: dict[str, Lease] = {}
        self.created = 0
        self.reused = 0

    def take(self, options: dict[str, Any], prepare: Callable[[Lease], None]) -> Lease:
        """A context made with `options` (kept or new), `prepare`d for the scenario."""
        key = json.dumps(options, sort_keys=True, default=str)
        lease = self._idle.pop(key, None)
        if lease is None:
            context = self.browser.new_context(**options)
            page = context.new_page()
            lease = Lease(key, context, page, context.new_cdp_session(page), page.viewport_size)
            lease.watch(page)
            context.on("page", lease.watch)
            self.created += 1
        else:
            self.reused += 1
        prepare(lease)
        return lease

    def give_back(self, lease: Lease, keep: bool = True) -> None:
        """Reset the context for the next scenario, or close it when it cannot be reset."""
        if keep and self._reset(lease):
            self._idle[lease.key] = lease
            while len(self._idle) > MAX_IDLE:  # the one used least recently goes
                _close(self._idle.pop(next(iter(self._idle))))
        else:
            _close(lease)

    def _reset(self, lease: Lease) -> bool:
        context, page = lease.context, lease.page
        try:
            if page.is_closed() or page.viewport_size != lease.viewport:
                return False
            for other in context.pages:
                if other is not page:
                    other.close()
            page.goto("about:blank", timeout=RESET_TIMEOUT_MS)  # not a timeout a step set
            if page.evaluate(_CLOCK_INSTALLED):
                return False
            # V8 collects the last scenario's pages lazily: a kept tab grew ~8 MB a scenario
            # (128 -> 255 MB over 30); collected now it stays at ~88 MB, for ~15 ms of CPU
            lease.cdp.send("HeapProfiler.collectGarbage")
            context.clear_cookies()
            for origin in sorted(lease.origins):
                lease.cdp.send(
                    "Storage.clearDataForOrigin", {"origin": origin, "storageTypes": _STORAGE_TYPES}
                )
            lease.origins.clear()
            context.clear_permissions()
            context.unroute_all(behavior="ignoreErrors")
            page.unroute_all(behavior="ignoreErrors")
        except Exception:
            return False
        return True

    def close(self) -> None:
        """Close every idle context."""
        for lease in self._idle.values():
            _close(lease)
        self._idle.clear()


def _close(lease: Lease) -> None:
    with contextlib.suppress(Exception):
        lease.context.close()
