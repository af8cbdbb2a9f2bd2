"""The virtual clock: durations, freezing, advancing and timers in due order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from simulator.core.clock import VirtualClock, parse_duration


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("90s", 90), ("15m", 900), ("2h", 7200), ("1d 2h", 93600), ("250ms", 0.25), ("42", 42)],
)
def test_durations_read_as_people_write_them(text: str, seconds: float) -> None:
    assert parse_duration(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["soon", "2 hours", "h2", ""])
def test_a_duration_it_cannot_read_says_how_to_write_one(text: str) -> None:
    with pytest.raises(ValueError, match="try '90s'"):
        parse_duration(text)


def test_a_frozen_clock_stands_still_until_advanced() -> None:
    start = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    clock = VirtualClock(start=start, frozen=True)
    assert clock.now() == start
    assert clock.advance("2h") == start + timedelta(hours=2)


def test_timers_fire_in_due_order_once_their_time_comes() -> None:
    clock = VirtualClock(start=datetime(2026, 3, 1, tzinfo=UTC), frozen=True)
    fired: list[str] = []
    clock.call_later(timedelta(hours=2), lambda: fired.append("late"))
    clock.call_later(timedelta(minutes=5), lambda: fired.append("early"))
    clock.advance("1h")
    assert fired == ["early"]
    clock.advance("1h")
    assert fired == ["early", "late"]
    assert clock.pending == 0


def test_the_clock_refuses_to_advance_backwards() -> None:
    with pytest.raises(ValueError, match="only advances forward"):
        VirtualClock(frozen=True).advance(timedelta(seconds=-1))


def test_has_due_says_whether_run_due_would_fire_a_timer_without_firing_it() -> None:
    clock = VirtualClock(datetime(2026, 1, 1, tzinfo=UTC), frozen=True)
    fired: list[str] = []
    assert not clock.has_due()
    clock.call_later(timedelta(minutes=5), lambda: fired.append("review"))
    assert not clock.has_due()
    clock.set(clock.now() + timedelta(minutes=5))
    assert clock.has_due() and fired == []  # asked, not fired
    assert clock.run_due() == 1 and fired == ["review"]
    assert not clock.has_due()
