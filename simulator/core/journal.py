"""A bounded, per-tenant record of API requests, responses and webhook deliveries."""

from __future__ import annotations

import itertools
import threading
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any, TypeVar

import msgspec

# Bounds on what one tenant's journal holds (docs/controls.md, "Journal"): a body past
# BODY_LIMIT bytes is kept cut to that size (the entry's `truncated` gives its full size), and
# the oldest entries go once there are more than ENTRY_LIMIT or their bodies pass BYTE_LIMIT.
BODY_LIMIT = 64 * 1024
ENTRY_LIMIT = 5000
BYTE_LIMIT = 16 * 1024 * 1024
P = TypeVar("P")


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
    # bodies kept cut to BODY_LIMIT: which ("request_body", "response_body") and their full size
    truncated: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The entry as the control API returns it."""
        return asdict(self)


class _Item(msgspec.Struct, gc=False):
    """One journal entry as held: built, or kept as raw parts until the journal is first read.

    Serving a call then costs one object and a few references; headers and bodies are decoded
    only for the entries someone reads. `gc=False`: the cyclic garbage collector never walks
    the items (a full journal is 5,000 of them per tenant, and with one tracked object per part
    a full collection walked them all, at every quarter's turnover, in the middle of a load:
    the p99 of the bench read). Safe because an item cannot be part of a cycle: it holds a
    module-level function, immutable parts (`raw_parts` below) and an entry that refers back
    to nothing.
    """

    seq: int
    size: int  # the bytes its bodies hold, counted against max_bytes
    build: Callable[[int, Any], JournalEntry] | None = None
    parts: Any = None
    built: JournalEntry | None = None

    def entry(self) -> JournalEntry:
        """The entry (two threads reading at once may both build it; they build equal ones)."""
        entry = self.built
        if entry is None:
            build, parts = self.build, self.parts
            if build is None:  # built by another thread just now
                entry = self.built
                assert entry is not None
                return entry
            entry = self.built = build(self.seq, parts)
            self.build = self.parts = None  # let go of the raw parts
        return entry


class Journal:
    """Keeps the last entries, oldest first, within `limit` entries and `max_bytes` of bodies;
    counts the ones it let go in `dropped`. Thread-safe."""

    def __init__(self, limit: int = ENTRY_LIMIT, max_bytes: int = BYTE_LIMIT) -> None:
        self._entries: deque[_Item] = deque()
        self._seq = itertools.count(1)
        self._lock = threading.Lock()
        self._bytes = 0
        self.limit = limit
        self.max_bytes = max_bytes
        self.dropped = 0
        self.enabled = True

    def _append(self, item: _Item) -> None:
        """Add an item (the lock held), letting the oldest go past the count or byte bounds."""
        self._entries.append(item)
        self._bytes += item.size
        while len(self._entries) > self.limit or (
            self._bytes > self.max_bytes and len(self._entries) > 1
        ):
            self._bytes -= self._entries.popleft().size
            self.dropped += 1

    def bounds(self) -> dict[str, int]:
        """What the journal keeps at most, and how many entries it has let go (for /_sim)."""
        return {
            "entries": self.limit,
            "bytes": self.max_bytes,
            "body_bytes": BODY_LIMIT,
        }

    def record(self, **fields: Any) -> JournalEntry | None:
        """Append an entry (unless the journal is switched off) and return it."""
        if not self.enabled:
            return None
        with self._lock:
            entry = JournalEntry(seq=next(self._seq), **fields)
            self._append(_Item(entry.seq, 0, built=entry))
            return entry

    def record_deferred(
        self, build: Callable[[int, P], JournalEntry], parts: P, size: int = 0
    ) -> None:
        """Append an entry that `build(seq, parts)` makes when the journal is first read.

        For the hot path (every served request): `build` is a module-level function and
        `parts` immutable raw parts that refer to no mutable object (they are kept out of the
        garbage collector's sight, see `_Item`); the build runs later, on another thread,
        maybe never. `size` is how many bytes of bodies they hold (counted against
        `max_bytes`).
        """
        if not self.enabled:
            return
        with self._lock:
            self._append(_Item(next(self._seq), size, build, parts))

    def entries(
        self, *, kind: str | None = None, path: str | None = None, method: str | None = None
    ) -> list[JournalEntry]:
        """Entries filtered by kind, exact method, and path (exact, or a prefix ending in '*')."""
        with self._lock:
            held = list(self._entries)
        snapshot: Iterable[JournalEntry] = [item.entry() for item in held]
        return [
            e
            for e in snapshot
            if (kind is None or e.kind == kind)
            and (method is None or e.method.upper() == method.upper())
            and (path is None or _path_matches(path, e.path))
        ]

    def verify(
        self,
        *,
        method: str | None = None,
        path: str | None = None,
        times: int | None = None,
        body: Any = None,
        query: dict[str, Any] | None = None,
        kind: str = "request",
    ) -> Verification:
        """Check the journal holds matching calls; see `verify` for the rules."""
        return verify(
            self.entries(kind=kind), method=method, path=path, times=times, body=body, query=query
        )

    def clear(self) -> None:
        """Forget every entry."""
        with self._lock:
            self._entries.clear()
            self._bytes = 0
            self.dropped = 0

    def __len__(self) -> int:
        return len(self._entries)


def _path_matches(pattern: str, path: str) -> bool:
    if pattern.endswith("*"):
        return path.startswith(pattern[:-1])
    return path.rstrip("/") == pattern.rstrip("/")


@dataclass
class Verification:
    """The answer to "was this call made (N times)?", with the nearest misses when it was not."""

    ok: bool
    matched: int
    expected: str
    message: str
    nearest: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The verification as the control API returns it."""
        return asdict(self)


def verify(
    entries: list[JournalEntry],
    *,
    method: str | None = None,
    path: str | None = None,
    times: int | None = None,
    body: Any = None,
    query: dict[str, Any] | None = None,
    nearest: int = 3,
) -> Verification:
    """Check that matching calls happened (exactly `times`, or at least once).

    `path` is exact or a prefix ending in '*'; `body` and `query` match as subsets (nested
    objects too). On failure, `nearest` lists the closest entries and how each differs.
    """
    wanted = f"{method or '*'} {path or '*'}"
    scored = [(e, _differences(e, method, path, body, query)) for e in entries]
    matched = [e for e, diffs in scored if not diffs]
    count = len(matched)
    ok = count == times if times is not None else count >= 1
    expected = f"exactly {times}" if times is not None else "at least 1"
    plural = "call" if count == 1 else "calls"
    if ok:
        message = f"ok: {count} {plural} matched {wanted}"
        return Verification(True, count, expected, message)
    message = f"expected {expected} call(s) to {wanted}, found {count}"
    closest: list[dict[str, Any]]
    if count and times is not None:
        closest = [
            {"seq": e.seq, "method": e.method, "path": e.path, "differences": []}
            for e in matched[:nearest]
        ]
    else:
        misses = sorted((x for x in scored if x[1]), key=lambda x: (len(x[1]), -x[0].seq))
        closest = [
            {"seq": e.seq, "method": e.method, "path": e.path, "differences": diffs}
            for e, diffs in misses[:nearest]
        ]
        if closest:
            lines = [
                f"  #{c['seq']} {c['method']} {c['path']}: " + "; ".join(c["differences"])
                for c in closest
            ]
            message += "; nearest:\n" + "\n".join(lines)
        else:
            message += " (the journal is empty)"
    return Verification(False, count, expected, message, closest)


def _differences(
    entry: JournalEntry,
    method: str | None,
    path: str | None,
    body: Any,
    query: dict[str, Any] | None,
) -> list[str]:
    diffs: list[str] = []
    if method and entry.method.upper() != method.upper():
        diffs.append(f"method is {entry.method}, not {method.upper()}")
    if path and not _path_matches(path, entry.path):
        diffs.append(f"path is {entry.path}, not {path}")
    if query is not None:
        diffs += _subset_diff(query, entry.query, "query")
    if body is not None:
        diffs += _subset_diff(body, entry.request_body, "body")
    return diffs


def _subset_diff(expected: Any, actual: Any, where: str) -> list[str]:
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{where} is {_short(actual)}, not an object"]
        out: list[str] = []
        for key, value in expected.items():
            if key not in actual:
                out.append(f"{where}.{key} is missing (expected {_short(value)})")
            else:
                out += _subset_diff(value, actual[key], f"{where}.{key}")
        return out
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return [f"{where} is {_short(actual)}, not {_short(expected)}"]
        out = []
        for i, (want, got) in enumerate(zip(expected, actual, strict=True)):
            out += _subset_diff(want, got, f"{where}[{i}]")
        return out
    if expected != actual and str(expected) != str(actual):
        return [f"{where} is {_short(actual)}, not {_short(expected)}"]
    return []


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
