"""The state codec: dataclass state to JSON and back, by type name."""

from __future__ import annotations

import enum
import json
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import pytest

from simulator.core.clock import VirtualClock
from simulator.core.codec import CodecError, TypeRegistry, decode, encode


class Status(enum.Enum):
    WAITING = "WAITING"
    ACCEPTED = "ACCEPTED"


@dataclass
class Metrics:
    views: int
    rate: float


@dataclass
class Video:
    id: str
    posted: datetime
    metrics: Metrics
    status: Status = Status.WAITING
    tags: set[str] = field(default_factory=set)


@dataclass
class Campaign:
    name: str
    due: date
    window: timedelta
    videos: list[Video] = field(default_factory=list)
    by_handle: dict[str, Video | None] = field(default_factory=dict)
    counts: dict[int, tuple[str, int]] = field(default_factory=dict)


@dataclass
class World:
    clock: VirtualClock
    campaigns: dict[str, Campaign] = field(default_factory=dict)
    rng: random.Random = field(default_factory=lambda: random.Random(5))
    derived: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        self.derived = 99  # decode must not run this: the saved value wins


def _world() -> World:
    clock = VirtualClock(datetime(2024, 5, 1, 9, tzinfo=UTC), frozen=True)
    video = Video(
        "7301",
        datetime(2024, 5, 1, 10, 30, tzinfo=UTC),
        Metrics(1200, 0.125),
        Status.ACCEPTED,
        {"#ad", "#glow"},
    )
    campaign = Campaign(
        "Glow",
        date(2024, 6, 1),
        timedelta(hours=36),
        [video],
        {"maya": video, "sam": None},
        {7: ("seven", 7)},
    )
    world = World(clock, {"c1": campaign})
    world.derived = 3
    world.rng.random()
    return world


def test_a_nested_state_round_trips_through_json_text() -> None:
    world = _world()
    text = json.dumps(encode(world, refs={id(world.clock): "clock"}))
    other_clock = VirtualClock()
    back = decode(json.loads(text), TypeRegistry(World), refs={"clock": other_clock})

    assert back.campaigns == world.campaigns
    assert back.derived == 3
    assert back.clock is other_clock
    assert back.rng.random() == world.rng.random()
    video = back.campaigns["c1"].videos[0]
    assert video.posted == datetime(2024, 5, 1, 10, 30, tzinfo=UTC)
    assert video.status is Status.ACCEPTED
    assert video.tags == {"#ad", "#glow"}
    assert back.campaigns["c1"].counts == {7: ("seven", 7)}


def test_types_are_named_in_the_json() -> None:
    encoded = encode(Metrics(5, 0.5))
    assert encoded == {
        "__type__": "Metrics",
        "__module__": Metrics.__module__,
        "views": 5,
        "rate": 0.5,
    }


def test_the_registry_finds_every_class_the_root_mentions() -> None:
    assert TypeRegistry(World).names() == ["Campaign", "Metrics", "Status", "Video", "World"]


def test_an_unknown_type_is_refused_by_name() -> None:
    with pytest.raises(CodecError, match="unknown state type 'Metrics'"):
        decode(encode(Metrics(1, 1.0)), TypeRegistry())


def test_an_object_that_is_not_data_is_named_with_where_it_sits() -> None:
    @dataclass
    class Holder:
        items: list[object]

    with pytest.raises(CodecError, match=r"state\.items\[1\]: cannot encode a function"):
        encode(Holder([1, lambda: None]))


def test_a_field_added_since_the_export_takes_its_default() -> None:
    data = encode(Metrics(5, 0.5))
    data["__type__"] = "Video"
    data.update(id="1", posted={"__datetime__": "2024-05-01T00:00:00+00:00"}, metrics=None)
    video = decode(data, TypeRegistry(Video))
    assert (video.status, video.tags) == (Status.WAITING, set())


def test_dict_keys_that_look_like_tags_survive() -> None:
    value = {"__type__": "not a type", "x": 1}
    assert decode(encode(value), TypeRegistry()) == value
