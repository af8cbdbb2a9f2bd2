"""A virtual clock per tenant: frozen, set or advanced by tests, real time otherwise."""

from __future__ import annotations

import heapq
import itertools
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

_DURATION = re.compile(r"(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>ms|s|m|h|d|w)")
_UNITS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
# The longest step a duration may take: a century of virtual time is more than any test needs,
# and far from where datetime arithmetic overflows.
MAX_DURATION = timedelta(days=36500)


def parse_duration(text: str | int | float) -> timedelta:
    """Turn '2h', '90s', '1d 2h' or a number of seconds into a timedelta (at most a century)."""
    if isinstance(text, bool) or not isinstance(text, str | int | float):
        raise ValueError(f"not a duration: {text!r:.60} (try '90s', '15m', '2h' or '1d')")
    if isinstance(text, int | float):
        return _bounded(text, text)
    stripped = text.strip()
    if re.fullmatch(r"-?\d+(\.\d+)?", stripped):
        return _bounded(float(stripped), text)
    matches = list(_DURATION.finditer(stripped))
    if not matches or "".join(m.group(0) for m in matches).replace(" ", "") != stripped.replace(
        " ", ""
    ):
        raise ValueError(f"not a duration: {text!r} (try '90s', '15m', '2h' or '1d')")
    return _bounded(sum(float(m["n"]) * _UNITS[m["unit"]] for m in matches), text)


def _bounded(seconds: float, given: object) -> timedelta:
    if not abs(seconds) <= MAX_DURATION.total_seconds():  # also refuses NaN
        raise ValueError(f"duration {given!r:.40} is longer than {MAX_DURATION.days} days")
    return timedelta(seconds=seconds)


@dataclass(order=True)
class _Timer:
    due: datetime
    seq: int
    action: Callable[[], None] = field(compare=False)


class VirtualClock:
    """Time as a tenant sees it; never read time.time() elsewhere in the simulator.

    Running (the default), it follows real time from an offset; frozen, it stands
    still until set or advanced. Timers scheduled on it fire, in due order, whenever
    the clock is read past their due time by `run_due()`.
    """

    def __init__(self, start: datetime | None = None, frozen: bool = False) -> None:
        self._frozen_at: datetime | None = None
        self._offset = timedelta(0)
        self._timers: list[_Timer] = []
        self._seq = itertools.count()
        if frozen:
            self._frozen_at = start or self._real_now()
        elif start is not None:
            self.set(start)

    @staticmethod
    def _real_now() -> datetime:
        return datetime.fromtimestamp(time.time(), tz=UTC)

    def now(self) -> datetime:
        """The tenant's current time, timezone-aware UTC."""
        if self._frozen_at is not None:
            return self._frozen_at
        return self._real_now() + self._offset

    def timestamp(self) -> int:
        """The tenant's current time as unix seconds."""
        return int(self.now().timestamp())

    @property
    def frozen(self) -> bool:
        """Whether the clock stands still."""
        return self._frozen_at is not None

    def freeze(self) -> None:
        """Stop the clock at the current virtual time."""
        self._frozen_at = self.now()

    def unfreeze(self) -> None:
        """Let the clock run again from where it stands."""
        if self._frozen_at is not None:
            self._offset = self._frozen_at - self._real_now()
            self._frozen_at = None

    def set(self, when: datetime) -> None:
        """Jump to an absolute time (forward or back); timers now due fire on next run_due()."""
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        if self._frozen_at is not None:
            self._frozen_at = when
        else:
            self._offset = when - self._real_now()

    def advance(self, delta: timedelta | str | int | float) -> datetime:
        """Move the clock forward and fire the timers that fall due; returns the new time."""
        step = delta if isinstance(delta, timedelta) else parse_duration(delta)
        if step < timedelta(0):
            raise ValueError("the clock only advances forward; use set() to go back")
        self.set(self.now() + step)
        self.run_due()
        return self.now()

    def call_at(self, due: datetime, action: Callable[[], None]) -> None:
        """Run `action` once the clock reaches `due` (at the next run_due())."""
        heapq.heappush(self._timers, _Timer(due, next(self._seq), action))

    def call_later(self, delay: timedelta, action: Callable[[], None]) -> None:
        """Run `action` after `delay` of virtual time."""
        self.call_at(self.now() + delay, action)

    def has_due(self) -> bool:
        """Whether run_due() would fire a timer now. It only reads, so a thread without the
        lock that guards the clock may ask (a timer added meanwhile is found by the next ask)."""
        timers = self._timers
        try:
            return bool(timers) and timers[0].due <= self.now()
        except IndexError:  # fired by another thread while we looked
            return False

    def run_due(self) -> int:
        """Fire every timer whose time has come, oldest first; returns how many fired."""
        fired = 0
        while self._timers and self._timers[0].due <= self.now():
            timer = heapq.heappop(self._timers)
            timer.action()
            fired += 1
        return fired

    @property
    def pending(self) -> int:
        """How many timers wait for a later time."""
        return len(self._timers)

    def describe(self) -> dict[str, object]:
        """The clock as the control API shows it."""
        return {
            "now": self.now().isoformat().replace("+00:00", "Z"),
            "timestamp": self.timestamp(),
            "frozen": self.frozen,
            "pending_timers": self.pending,
        }
