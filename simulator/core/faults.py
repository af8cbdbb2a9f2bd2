"""Fault rules: make chosen calls slow, fail, drop or garble, for the next N calls or by chance."""

from __future__ import annotations

import fnmatch
import itertools
import random
import threading
from dataclasses import asdict, dataclass, field
from typing import Any

FAULT_KINDS = ("error", "latency", "drop", "malformed")


@dataclass
class FaultRule:
    """What to break and how.

    `path` is a glob ('/open_api/v1.3/tcm/*'); `method` '*' matches any. `kind` is one of
    error (answer `http_status` with the platform's `error_code`), latency (add
    `latency_ms` then answer normally), drop (close the connection with no answer)
    or malformed (answer a body that is not JSON). `times` limits how many calls it
    hits (None: every call); `probability` hits calls at random from a seeded RNG.
    """

    path: str
    kind: str = "error"
    method: str = "*"
    http_status: int | None = None
    error_code: int | str | None = None
    message: str = "fault injected by the simulator"
    latency_ms: int = 0
    times: int | None = None
    probability: float = 1.0
    seed: int = 0
    id: int = 0
    hits: int = 0
    _random: random.Random = field(default_factory=random.Random, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"fault kind must be one of {', '.join(FAULT_KINDS)}")
        if not 0 <= self.probability <= 1:
            raise ValueError("probability must be between 0 and 1")
        self._random = random.Random(self.seed)

    def matches(self, method: str, path: str) -> bool:
        """Whether this rule covers the call (ignoring how many times it has left)."""
        return (self.method == "*" or self.method.upper() == method.upper()) and fnmatch.fnmatch(
            path, self.path
        )

    def to_dict(self) -> dict[str, Any]:
        """The rule as the control API shows it."""
        data = asdict(self)
        data.pop("_random", None)
        data["remaining"] = None if self.times is None else max(self.times - self.hits, 0)
        return data


class FaultSet:
    """The active fault rules of one tenant; the first rule that fires wins."""

    def __init__(self) -> None:
        self._rules: list[FaultRule] = []
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def add(self, rule: FaultRule) -> FaultRule:
        """Activate a rule and give it an id."""
        with self._lock:
            rule.id = next(self._ids)
            self._rules.append(rule)
            return rule

    def remove(self, rule_id: int) -> bool:
        """Deactivate one rule; False if there was none with that id."""
        with self._lock:
            before = len(self._rules)
            self._rules = [r for r in self._rules if r.id != rule_id]
            return len(self._rules) != before

    def clear(self) -> None:
        """Deactivate every rule."""
        with self._lock:
            self._rules.clear()

    def rules(self) -> list[FaultRule]:
        """The active rules, in the order they were added."""
        with self._lock:
            return list(self._rules)

    def pick(self, method: str, path: str) -> FaultRule | None:
        """The rule that fires for this call, counting the hit; None when the call goes through."""
        with self._lock:
            for rule in self._rules:
                if not rule.matches(method, path):
                    continue
                if rule.times is not None and rule.hits >= rule.times:
                    continue
                if rule.probability < 1 and rule._random.random() >= rule.probability:
                    continue
                rule.hits += 1
                return rule
            return None
