"""The Faker provider and the scenario builders."""

from __future__ import annotations

import re

import pytest

from fixtures import build_scenario, make_faker, world_of
from fixtures.builders import with_overrides
from simulator.demo import demo_scenario


def test_provider_makes_tiktok_flavoured_values() -> None:
    fake = make_faker(7)
    for _ in range(50):
        assert re.fullmatch(r"[a-z0-9._]{2,24}", fake.tiktok_handle())
        assert re.fullmatch(r"7\d{18}", fake.video_id())
        assert re.fullmatch(r"#[a-z]+", fake.hashtag())
        assert "#" in fake.caption()


def test_same_seed_same_world_other_seed_other_world() -> None:
    assert build_scenario(make_faker(1)) == build_scenario(make_faker(1))
    assert build_scenario(make_faker(1)) != build_scenario(make_faker(2))


def _shape(value: object) -> object:
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shape(value[0])] if value else []
    return type(value).__name__


def test_scenario_keeps_the_demo_structure() -> None:
    built, demo = build_scenario(make_faker(3)), demo_scenario()
    assert set(built) == set(demo) == {"tiktok", "flex"}
    assert set(built["tiktok"]) == set(demo["tiktok"])
    assert set(built["flex"]) == set(demo["flex"])
    assert _shape(built["tiktok"]["accounts"]) == _shape(demo["tiktok"]["accounts"])
    assert _shape(built["flex"]["users"][0]) == _shape(demo["flex"]["users"][0])
    demo_deliverable = demo["flex"]["offers"][0]["deliverables"][0]
    assert set(built["flex"]["offers"][0]["deliverables"][0]) == set(demo_deliverable)


def test_world_reads_back_the_chosen_values() -> None:
    scenario = build_scenario(make_faker(4))
    world = world_of(scenario)
    tiktok = scenario["tiktok"]
    assert len(tiktok["accounts"]) == 2 and tiktok["current_handle"] == world.handle
    assert world.other_handle != world.handle
    assert len(scenario["flex"]["offers"]) == 1
    assert len(world.deliverables) == 1 and world.deliverable.type == "tiktok_video"
    for element in world.deliverable.required_elements:
        assert element in world.deliverable.approved_description
    assert world.drafts and world.other_drafts
    assert world.draft not in world.other_drafts


def test_overrides_replace_either_half() -> None:
    fake = make_faker(5)
    scenario = build_scenario(fake, review={"mode": "manual"}, processing="5m")
    assert scenario["tiktok"]["review"] == {"mode": "manual"}
    assert scenario["tiktok"]["processing"] == "5m"
    two = with_overrides(scenario, deliverables=scenario["flex"]["offers"][0]["deliverables"] * 2)
    assert len(world_of(two).deliverables) == 2
    with pytest.raises(TypeError, match="unknown scenario override"):
        with_overrides(scenario, nonsense=1)
