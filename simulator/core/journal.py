"""A bounded, per-tenant record of API requests, responses and webhook deliveries."""

from __future__ import annotations

import itertools
import threading
from collections import deque
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class JournalEntry:
    """One request (made to the fake, or by it as a webhook) and what answered it."""

    seq: int
    kind: str  # "request" (served by the fake) or "webhook" (sent by it)
    time: str  # the tenant's virtual time, ISO-8601
    method: str
    path: str
    query: dict[str, Any] = field(default_factory=dict)
    request_headers: dict[str, str] = field(default_factory=dict)
    request_body: Any = None
    status: int | None = None
    response_body: Any = None
    duration_ms: float | None = None
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The entry as the control API returns it."""
        return asdict(self)


class Journal:
    """Keeps the last `limit` entries, oldest first; thread-safe."""

    def __init__(self, limit: int = 5000) -> None:
        self._entries: deque[JournalEntry] = deque(maxlen=limit)
        self._seq = itertools.count(1)
        self._lock = threading.Lock()
        self.enabled = True

    def record(self, **fields: Any) -> JournalEntry | None:
        """Append an entry (unless the journal is switched off) and return it."""
        if not self.enabled:
            return None
        with self._lock:
            entry = JournalEntry(seq=next(self._seq), **fields)
            self._entries.append(entry)
            return entry

    def entries(
        self, *, kind: str | None = None, path: str | None = None, method: str | None = None
    ) -> list[JournalEntry]:
        """Entries filtered by kind, exact method, and path (exact, or a prefix ending in '*')."""
        with self._lock:
            snapshot: Iterable[JournalEntry] = list(self._entries)
        return [
            e
            for e in snapshot
            if (kind is None or e.kind == kind)
            and (method is None or e.method.upper() == method.upper())
            and (path is None or _path_matches(path, e.path))
        ]

    def clear(self) -> None:
        """Forget every entry."""
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


def _path_matches(pattern: str, path: str) -> bool:
    if pattern.endswith("*"):
        return path.startswith(pattern[:-1])
    return path.rstrip("/") == pattern.rstrip("/")
