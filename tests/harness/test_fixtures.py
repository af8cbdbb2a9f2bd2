"""The Faker provider and the scenario builders."""

from __future__ import annotations

import re

import pytest

from simulator.demo import demo_scenario
from simulator.harness.data import build_account, build_scenario, make_faker, world_of
from simulator.harness.data.builders import with_overrides


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


def _letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


@pytest.mark.parametrize("seed", range(30))
def test_the_world_reads_like_a_real_campaign(seed: int) -> None:
    scenario = build_scenario(make_faker(seed))
    world = world_of(scenario)
    accounts = {a["handle"]: a["nickname"] for a in scenario["tiktok"]["accounts"]}
    for handle, nickname in accounts.items():
        first = _letters(nickname.split()[0])
        assert handle.startswith(first), (handle, nickname)
        assert re.fullmatch(r"[a-z0-9._]{2,24}", handle)
        assert handle != first  # a suffix always follows the name
    assert world.creator_email.startswith(_letters(world.creator_name.split()[0]))
    assert world.marketer_email.endswith("@" + _letters(world.brand) + ".com")
    offer = scenario["flex"]["offers"][0]
    # the brief, the title, the description and the creator's first draft: one product
    named = [p for p in _products_of(world.brand) if p in offer["brief"]]
    assert named, offer["brief"]
    assert named[0] in world.draft and named[0] in world.deliverable.approved_description
    assert named[0].split()[-1].lower() in offer["title"].lower()
    assert "#ad" in world.deliverable.approved_description


def _products_of(brand: str) -> tuple[str, ...]:
    from simulator.harness.data.provider import _CATEGORIES

    kind = next(k for k in _CATEGORIES if brand.endswith(k))
    return _CATEGORIES[kind][0]


def test_handles_come_from_the_name_given_and_overrides_win() -> None:
    fake = make_faker(11)
    account = build_account(fake, nickname="Dr. Zoë O'Neil-Park")
    assert account["handle"].startswith("zoe") and account["nickname"] == "Dr. Zoë O'Neil-Park"
    assert build_account(fake, handle="my.own.handle")["handle"] == "my.own.handle"
    assert build_account(fake, followers=12)["followers"] == 12
    long = make_faker(12).tiktok_handle("Maximiliana Featherstonehaugh-Worthington")
    assert len(long) <= 24 and long.startswith("maximiliana")


def test_the_same_seed_and_test_id_choose_the_same_words() -> None:
    def texts(seed: int) -> tuple[str, ...]:
        fake = make_faker(seed)
        scenario = build_scenario(fake)
        offer = scenario["flex"]["offers"][0]
        return (offer["brief"], offer["title"], fake.marketer_note("Lumen Skincare"))

    assert texts(21) == texts(21)
    assert texts(21) != texts(22)
