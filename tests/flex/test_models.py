"""Flex's rules without HTTP: the deliverable lifecycle, submitting, who sees what, webhooks."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from simulator.core.errors import Conflict, InvalidInput, NotFound
from simulator.core.ids import IdFactory
from simulator.flex.models import (
    APPROVED,
    CHANGES_REQUESTED,
    CONTENT_ADDED,
    OPEN,
    SUBMITTED,
    FlexState,
    Video,
    new_offer,
)

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


def _world(kinds: tuple[str, ...] = ("tiktok_video",)) -> tuple[FlexState, IdFactory]:
    ids = IdFactory(7)
    state = FlexState()
    maya = state.add_user(ids, email="maya@example.com", password="pw", role="creator")
    jo = state.add_user(ids, email="jo@example.com", password="pw", role="marketer")
    state.add_user(ids, email="ola@example.com", password="pw", role="creator")
    state.offers.append(
        new_offer(
            ids,
            title="Serum",
            brand="Lumen",
            marketer=jo,
            creator=maya,
            brief="b",
            due_at=NOW,
            payment_usd=100,
            created_at=NOW,
            files=[],
            deliverables=[{"type": k, "title": k} for k in kinds],
        )
    )
    return state, ids


def _with_video(state: FlexState) -> None:
    deliverable = state.offers[0].deliverables[0]
    state.remember_videos(deliverable, [Video("7301", caption="Morning routine")], NOW)
    state.choose_video(deliverable, "7301")


def test_adding_a_chosen_video_moves_the_deliverable_to_content_added() -> None:
    state, _ = _world()
    _with_video(state)
    deliverable = state.offers[0].deliverables[0]
    state.keep_draft(deliverable, notes="Posted at 8am")

    content = state.add_final_content(deliverable, NOW)

    assert deliverable.status == CONTENT_ADDED
    assert content.video is not None and content.video.caption == "Morning routine"
    assert content.notes == "Posted at 8am"


def test_a_video_not_in_the_campaign_list_cannot_be_chosen() -> None:
    state, _ = _world()
    with pytest.raises(InvalidInput):
        state.choose_video(state.offers[0].deliverables[0], "9999")


def test_final_content_can_be_removed_before_submitting_and_not_after() -> None:
    state, ids = _world()
    _with_video(state)
    deliverable = state.offers[0].deliverables[0]
    state.add_final_content(deliverable, NOW)
    state.remove_final_content(deliverable)
    assert deliverable.status == OPEN and deliverable.final_content is None

    _with_video(state)
    state.add_final_content(deliverable, NOW)
    state.submit(state.offers[0], terms_accepted=True, ids=ids, now=NOW)
    with pytest.raises(Conflict):
        state.remove_final_content(deliverable)


def test_submitting_needs_the_terms_and_content_on_every_deliverable() -> None:
    state, ids = _world(("tiktok_video", "instagram_post"))
    offer = state.offers[0]
    _with_video(state)
    state.add_final_content(offer.deliverables[0], NOW)

    with pytest.raises(InvalidInput):
        state.submit(offer, terms_accepted=False, ids=ids, now=NOW)
    with pytest.raises(Conflict, match="Add final content to every deliverable"):
        state.submit(offer, terms_accepted=True, ids=ids, now=NOW)

    state.keep_draft(offer.deliverables[1], url="https://instagram.com/p/abc")
    state.add_final_content(offer.deliverables[1], NOW)
    state.submit(offer, terms_accepted=True, ids=ids, now=NOW)
    assert [d.status for d in offer.deliverables] == [SUBMITTED, SUBMITTED]
    assert offer.status_label == "Submitted"


def test_the_marketer_approves_or_sends_back_with_a_note() -> None:
    state, ids = _world(("tiktok_video", "blog_post"))
    offer = state.offers[0]
    _with_video(state)
    state.add_final_content(offer.deliverables[0], NOW)
    state.keep_draft(offer.deliverables[1], url="https://blog.example.com/serum")
    state.add_final_content(offer.deliverables[1], NOW)
    state.submit(offer, terms_accepted=True, ids=ids, now=NOW)

    with pytest.raises(InvalidInput):
        state.review(offer.deliverables[1], approve=False)
    state.review(offer.deliverables[0], approve=True)
    state.review(offer.deliverables[1], approve=False, note="Link the product page")

    assert offer.deliverables[0].status == APPROVED
    assert offer.deliverables[1].status == CHANGES_REQUESTED
    assert offer.deliverables[1].editable and not offer.deliverables[0].editable
    with pytest.raises(Conflict):
        state.review(offer.deliverables[0], approve=False, note="again")


def test_a_link_deliverable_needs_a_real_link_or_a_file() -> None:
    state, _ = _world(("instagram_post",))
    deliverable = state.offers[0].deliverables[0]
    state.keep_draft(deliverable, url="not a link")
    with pytest.raises(InvalidInput):
        state.add_final_content(deliverable, NOW)


def test_a_creator_sees_only_her_own_offers() -> None:
    state, _ = _world()
    ola = state.find_user_by_email("ola@example.com")
    assert ola is not None
    assert state.offers_for(ola) == []
    with pytest.raises(NotFound):
        state.offer_for(ola, state.offers[0].id)


def test_passwords_are_hashed_and_checked() -> None:
    state, _ = _world()
    assert state.authenticate("MAYA@example.com", "pw") is not None
    assert state.authenticate("maya@example.com", "wrong") is None
    assert all(u.password_hash.startswith("pbkdf2$") for u in state.users)


def test_webhook_entries_apply_once_per_video_and_event() -> None:
    state, _ = _world()
    deliverable = state.offers[0].deliverables[0]
    deliverable.campaign_id = "c1"
    entry = {
        "video_id": "7301",
        "tto_campaign_event_type": "tto_video_published",
        "campaign_id": "c1",
    }

    assert state.apply_webhook_entry(entry, NOW) is True
    assert state.apply_webhook_entry(entry, NOW) is False
    assert deliverable.webhook_video_ids == ["7301"]
