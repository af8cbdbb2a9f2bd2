"""Fault rules: make chosen calls slow, fail, drop or garble, for the next N calls or by chance."""

from __future__ import annotations

import fnmatch
import itertools
import random
import threading
from dataclasses import asdict, dataclass, field
from typing import Any

from .errors import InvalidInput

FAULT_KINDS = ("error", "latency", "drop", "malformed")
WEBHOOK_FAULT_KINDS = ("delay", "duplicate", "reorder", "fail")


@dataclass(kw_only=True)
class _CountedRule:
    """What both kinds of rule share: an id, how often they may fire, and a seeded chance.

    `times` limits how many calls a rule hits (None: every call); `probability` hits
    calls at random from an RNG seeded with `seed`, so a run repeats exactly.
    """

    times: int | None = None
    probability: float = 1.0
    seed: int = 0
    id: int = 0
    hits: int = 0
    _random: random.Random = field(default_factory=random.Random, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not 0 <= self.probability <= 1:
            raise ValueError("probability must be between 0 and 1")
        self._random = random.Random(self.seed)

    def fires(self) -> bool:
        """Whether the rule hits this call (it has hits left and the chance says yes); counts it."""
        if self.times is not None and self.hits >= self.times:
            return False
        if self.probability < 1 and self._random.random() >= self.probability:
            return False
        self.hits += 1
        return True

    def to_dict(self) -> dict[str, Any]:
        """The rule as the control API shows it."""
        data = asdict(self)
        data.pop("_random", None)
        data["remaining"] = None if self.times is None else max(self.times - self.hits, 0)
        return data


@dataclass
class FaultRule(_CountedRule):
    """What to break and how.

    `path` is a glob ('/open_api/v1.3/tcm/*'); `method` '*' matches any. `kind` is one of
    error (answer `http_status` with the platform's `error_code`), latency (add
    `latency_ms` then answer normally), drop (close the connection with no answer)
    or malformed (answer a body that is not JSON).
    """

    path: str
    kind: str = "error"
    method: str = "*"
    http_status: int | None = None
    error_code: int | str | None = None
    message: str = "fault injected by the simulator"
    latency_ms: int = 0

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"fault kind must be one of {', '.join(FAULT_KINDS)}")
        super().__post_init__()

    def matches(self, method: str, path: str) -> bool:
        """Whether this rule covers the call (ignoring how many times it has left)."""
        return (self.method == "*" or self.method.upper() == method.upper()) and fnmatch.fnmatch(
            path, self.path
        )


@dataclass
class WebhookFault(_CountedRule):
    """What to do to a webhook delivery; the TikTok app asks `FaultSet.pick_webhook`.

    `event_type` is a glob on the event (e.g. 'tto_video_published', '*'). Kinds:
    delay (send it `delay_s` seconds of virtual time later), duplicate (send it `copies`
    times), reorder (hold it back and send it after the next delivery), fail (the attempt
    fails as if the receiver answered `http_status`, so the normal retries follow).
    """

    kind: str
    event_type: str = "*"
    delay_s: float = 0.0
    copies: int = 2
    http_status: int = 500

    def __post_init__(self) -> None:
        if self.kind not in WEBHOOK_FAULT_KINDS:
            raise ValueError(f"webhook fault kind must be one of {', '.join(WEBHOOK_FAULT_KINDS)}")
        if self.copies < 1:
            raise ValueError("copies must be at least 1")
        super().__post_init__()

    def matches(self, event_type: str) -> bool:
        """Whether this rule covers deliveries of `event_type`."""
        return fnmatch.fnmatch(event_type, self.event_type)


# What a rule's fields may hold, checked at the door so nothing odd is stored: a rule that
# is kept fires on every matching call, so a bad one would break the tenant's whole API.
# field -> (types, lowest, highest, how to say it); None is allowed for 'times' only.
_INT = (int,)
_NUMBER = (int, float)
_FIELDS: dict[str, tuple[tuple[type, ...], float | None, float | None, str]] = {
    "path": ((str,), None, None, "a path glob such as '/open_api/v1.3/tcm/*'"),
    "method": ((str,), None, None, "an HTTP method or '*'"),
    "kind": ((str,), None, None, "a kind"),
    "event_type": ((str,), None, None, "an event glob such as 'tto_video_*'"),
    "message": ((str,), None, None, "a text"),
    "error_code": ((int, str), None, None, "a number or a text"),
    "times": (_INT, 0, 1_000_000_000, "a whole number of calls (0 or more)"),
    "probability": (_NUMBER, 0, 1, "a number from 0 to 1"),
    "seed": (_INT, None, None, "a whole number"),
    "http_status": (_INT, 100, 599, "an HTTP status from 100 to 599"),
    "latency_ms": (_INT, 0, 600_000, "a whole number of milliseconds up to 600000"),
    "delay_s": (_NUMBER, 0, 365 * 86400, "seconds of virtual time, up to a year"),
    "copies": (_INT, 1, 100, "a whole number from 1 to 100"),
}
_LIMITS = {"path": 500, "event_type": 200, "message": 2000, "error_code": 100, "method": 20}


def _field_error(name: str, message: str) -> InvalidInput:
    return InvalidInput(f"'{name}' {message}", details={"field": name})


def check_rule_fields(cls: type[_CountedRule], body: dict[str, Any]) -> dict[str, Any]:
    """The fields of a rule of class `cls` from a control call's JSON body, each checked.

    Unknown fields, wrong types and out-of-range values raise InvalidInput naming the field
    (in `details["field"]`), so a rule is stored whole and sound or not at all.
    """
    allowed = set(cls.__dataclass_fields__) - {"id", "hits", "_random"}
    fields: dict[str, Any] = {}
    for name, value in body.items():
        if name not in allowed:
            known = ", ".join(sorted(allowed))
            raise _field_error(name, f"is not a field of this rule (known: {known})")
        if value is None and name in {"times", "http_status", "error_code"}:
            fields[name] = None
            continue
        types, low, high, wanted = _FIELDS[name]
        if isinstance(value, bool) or not isinstance(value, types):
            raise _field_error(name, f"must be {wanted}, not {value!r:.60}")
        if isinstance(value, float) and value != value:  # NaN
            raise _field_error(name, f"must be {wanted}")
        number = value if isinstance(value, int | float) else None
        if number is not None and (
            (low is not None and number < low) or (high is not None and number > high)
        ):
            raise _field_error(name, f"must be {wanted}, not {value!r}")
        if isinstance(value, str) and len(value) > _LIMITS.get(name, 200):
            raise _field_error(name, f"is longer than {_LIMITS.get(name, 200)} characters")
        fields[name] = value
    kinds = FAULT_KINDS if cls is FaultRule else WEBHOOK_FAULT_KINDS
    if "kind" in fields and fields["kind"] not in kinds:
        raise _field_error("kind", f"must be one of {', '.join(kinds)}, not {fields['kind']!r:.40}")
    return fields


# the most rules (API and webhook together) one tenant may hold
RULE_LIMIT = 500


class FaultSet:
    """The active fault rules of one tenant (at most RULE_LIMIT); the first rule that fires wins."""

    def __init__(self) -> None:
        self._rules: list[FaultRule] = []
        self._webhook_rules: list[WebhookFault] = []
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def _check_room(self) -> None:
        if len(self._rules) + len(self._webhook_rules) >= RULE_LIMIT:
            raise InvalidInput(
                f"a tenant holds at most {RULE_LIMIT} fault rules: remove some first",
                code="too_many_faults",
            )

    def armed(self) -> bool:
        """Whether any API rule is active (a call may then be faulted: `pick` tells)."""
        return bool(self._rules)

    def add(self, rule: FaultRule) -> FaultRule:
        """Activate a rule and give it an id."""
        with self._lock:
            self._check_room()
            rule.id = next(self._ids)
            self._rules.append(rule)
            return rule

    def add_webhook(self, rule: WebhookFault) -> WebhookFault:
        """Activate a webhook-delivery rule and give it an id (shared with API rules)."""
        with self._lock:
            self._check_room()
            rule.id = next(self._ids)
            self._webhook_rules.append(rule)
            return rule

    def remove(self, rule_id: int) -> bool:
        """Deactivate one rule (API or webhook); False if there was none with that id."""
        with self._lock:
            before = len(self._rules) + len(self._webhook_rules)
            self._rules = [r for r in self._rules if r.id != rule_id]
            self._webhook_rules = [r for r in self._webhook_rules if r.id != rule_id]
            return len(self._rules) + len(self._webhook_rules) != before

    def clear(self) -> None:
        """Deactivate every rule, API and webhook."""
        with self._lock:
            self._rules.clear()
            self._webhook_rules.clear()

    def webhook_rules(self) -> list[WebhookFault]:
        """The active webhook-delivery rules, in the order they were added."""
        with self._lock:
            return list(self._webhook_rules)

    def pick_webhook(self, event_type: str) -> WebhookFault | None:
        """The webhook rule that fires for one delivery attempt, counting the hit; else None.

        Call it once per delivery attempt (a retry is a new attempt), before sending.
        """
        with self._lock:
            for rule in self._webhook_rules:
                if rule.matches(event_type) and rule.fires():
                    return rule
            return None

    def rules(self) -> list[FaultRule]:
        """The active rules, in the order they were added."""
        with self._lock:
            return list(self._rules)

    def pick(self, method: str, path: str) -> FaultRule | None:
        """The rule that fires for this call, counting the hit; None when the call goes through."""
        with self._lock:
            for rule in self._rules:
                if rule.matches(method, path) and rule.fires():
                    return rule
            return None
