"""Seeded ids repeat exactly: the fast draws in `IdFactory` give the ids `random.Random`'s
own randint/choice give for the same seed (what every earlier version of the fake made, so a
team's recorded ids, snapshots and screenshots stay the same)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone

import pytest

from simulator.core.ids import IdFactory

ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"


class Reference:
    """The ids as `IdFactory` drew them with randint and choice."""

    def __init__(self, seed: int | str) -> None:
        self.random = random.Random(str(seed))

    def digits(self, length: int) -> str:
        first = str(self.random.randint(1, 9))
        return first + "".join(str(self.random.randint(0, 9)) for _ in range(length - 1))

    def token(self, prefix: str = "", length: int = 32) -> str:
        return prefix + "".join(self.random.choice(ALPHABET) for _ in range(length))

    def hex(self, length: int = 16) -> str:
        return f"{self.random.getrandbits(4 * length):0{length}X}"


@pytest.mark.parametrize("seed", [0, 7, "tenant-a", 12345])
def test_the_same_seed_gives_the_ids_randint_and_choice_gave(seed: int | str) -> None:
    fast, slow = IdFactory(seed), Reference(seed)
    for length in (1, 2, 12, 18, 19, 19, 6, 19):
        # interleaved as the fake draws them: digits, a token, a request id's hex
        assert fast.digits(length) == slow.digits(length)
        assert fast.token("tok-", 24) == slow.token("tok-", 24)
        assert fast.hex(20) == slow.hex(20)


def test_digits_never_start_with_zero_and_use_every_digit() -> None:
    ids = IdFactory("spread")
    drawn = [ids.digits(19) for _ in range(300)]
    assert all(len(d) == 19 and d[0] != "0" and d.isdigit() for d in drawn)
    assert {d[0] for d in drawn} == set("123456789")
    assert set("".join(d[1:] for d in drawn)) == set("0123456789")


@pytest.mark.parametrize(
    "now",
    [
        datetime(2026, 11, 30, 9, 5, 7, 123456, tzinfo=UTC),
        datetime(2024, 2, 29, 23, 59, 59, tzinfo=UTC),
        datetime(1999, 1, 1, 0, 0, 0),
        datetime(987, 6, 5, 4, 3, 2, tzinfo=timezone(timedelta(hours=-7))),
    ],
)
def test_a_request_id_is_the_timestamp_strftime_writes_then_the_same_hex(now: datetime) -> None:
    fast, slow = IdFactory("rid"), Reference("rid")
    assert fast.request_id(now) == now.strftime("%Y%m%d%H%M%S") + slow.hex(20)
