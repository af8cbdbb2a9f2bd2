"""Webhook-delivery fault rules the TikTok app asks for before each delivery attempt."""

from __future__ import annotations

import pytest

from simulator.core.faults import FaultRule, FaultSet, WebhookFault


def test_pick_webhook_matches_event_globs_and_counts_times() -> None:
    faults = FaultSet()
    faults.add_webhook(WebhookFault("fail", event_type="tto_video_published", times=2))
    picks = [faults.pick_webhook("tto_video_published") for _ in range(3)]
    assert [p.kind if p else None for p in picks] == ["fail", "fail", None]
    assert faults.pick_webhook("tto_video_uploaded") is None


def test_probability_is_reproducible_from_the_seed() -> None:
    def run() -> list[bool]:
        faults = FaultSet()
        faults.add_webhook(WebhookFault("duplicate", probability=0.5, seed=42))
        return [faults.pick_webhook("x") is not None for _ in range(20)]

    first = run()
    assert first == run()
    assert 0 < sum(first) < 20


def test_api_and_webhook_rules_share_ids_remove_and_clear() -> None:
    faults = FaultSet()
    api = faults.add(FaultRule(path="/x"))
    hook = faults.add_webhook(WebhookFault("reorder"))
    assert (api.id, hook.id) == (1, 2)
    assert faults.remove(2) is True
    assert faults.webhook_rules() == []
    faults.add_webhook(WebhookFault("delay", delay_s=30))
    faults.clear()
    assert (faults.rules(), faults.webhook_rules()) == ([], [])


def test_bad_kinds_are_refused() -> None:
    with pytest.raises(ValueError, match="webhook fault kind must be one of delay, duplicate"):
        WebhookFault("explode")
