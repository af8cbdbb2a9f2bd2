"""Deterministic identifiers in TikTok's formats, from a per-tenant seeded counter."""

from __future__ import annotations

import hashlib
import random
from datetime import datetime

_DIGITS = "0123456789"
_TOKEN_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"


class IdFactory:
    """Makes ids that look like TikTok's and repeat exactly for the same seed."""

    def __init__(self, seed: int | str = 0) -> None:
        self._random = random.Random(str(seed))

    def digits(self, length: int) -> str:
        """A number of exactly `length` digits, never starting with 0.

        The digits `randint(1, 9)` then `randint(0, 9)` would draw, drawn the way `Random`
        draws them (4 random bits, again while out of range) without its three layers of
        calls per digit: a campaign/create spent a third of its time here. The same seed
        gives the same ids as before (tests/core/test_ids.py holds them to randint's)."""
        bits = self._random.getrandbits
        first = bits(4)
        while first >= 9:
            first = bits(4)
        out = [_DIGITS[first + 1]]
        for _ in range(length - 1):
            digit = bits(4)
            while digit >= 10:
                digit = bits(4)
            out.append(_DIGITS[digit])
        return "".join(out)

    def video_id(self) -> str:
        """A 19-digit video (item) id such as 7301234567890123456."""
        return "7" + self.digits(18)

    def numeric_id(self, length: int = 19) -> str:
        """A numeric id for campaigns, accounts, orders."""
        return self.digits(length)

    def token(self, prefix: str = "", length: int = 32) -> str:
        """An opaque token or code."""
        bits = self._random.getrandbits
        out = []
        for _ in range(length):  # as `choice(_TOKEN_ALPHABET)` draws: 6 bits, again past 35
            i = bits(6)
            while i >= 36:
                i = bits(6)
            out.append(_TOKEN_ALPHABET[i])
        return prefix + "".join(out)

    def hex(self, length: int = 16) -> str:
        """Upper-case hex, as in TikTok's request and log ids."""
        return f"{self._random.getrandbits(4 * length):0{length}X}"

    def request_id(self, now: datetime) -> str:
        """A request/log id: a yyyymmddHHMMSS timestamp then 20 hex digits, as TikTok sends.

        The timestamp is written out field by field, as `strftime("%Y%m%d%H%M%S")` writes it:
        in a served fake `strftime` took ~4 us a call (it looks up the `time` module each
        time), two thirds of the request id every answer carries."""
        stamp = f"{now.year}{now.month:02}{now.day:02}{now.hour:02}{now.minute:02}{now.second:02}"
        return stamp + self.hex(20)


def stable_hash(*parts: object) -> int:
    """A hash that is the same across processes (unlike hash()), for seeded derivations."""
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:8], "big")
