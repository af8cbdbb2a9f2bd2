"""Security: tenants and creators stay apart, forms need CSRF, uploads are bounded and contained,
control endpoints refuse remote callers, webhook receivers refuse bad or stale signatures."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from flex_forms import csrf, post_content, stored_files

from simulator.demo import demo_scenario

OTHER = {"email": "other@example.com", "password": "other-pw", "role": "creator", "name": "Ola"}


def _flex_half() -> dict[str, Any]:
    """The demo's Flex half plus a second creator with an offer of her own."""
    half = demo_scenario()["flex"]
    half["users"].append(dict(OTHER))
    offer = copy.deepcopy(half["offers"][1])
    offer.update(title="Ola's own offer", creator_email=OTHER["email"])
    half["offers"].append(offer)
    return half


@pytest.fixture
def flex(tmp_path: Path) -> Any:
    """A Flex app (no TikTok behind it) with tenants 'a' and 'b' seeded alike."""
    from simulator.flex.app import create_app

    app = create_app(
        {"TESTING": True, "UPLOAD_FOLDER": str(tmp_path / "uploads"), "TIKTOK_TIMEOUT": 0.5}
    )
    admin = app.test_client()
    for tenant in ("a", "b"):
        answer = admin.post("/_sim/tenants", json={"id": tenant, "scenario": _flex_half()})
        assert answer.status_code == 201, answer.get_data(as_text=True)
        app.config.setdefault("SEEDED", {})[tenant] = answer.get_json()["seeded"]
    return app


def _offer_id(app: Any, tenant: str, title: str) -> str:
    return next(o["id"] for o in app.config["SEEDED"][tenant]["offers"] if o["title"] == title)


def _signed_in(app: Any, tenant: str, email: str, password: str) -> Any:
    client = app.test_client()
    client.environ_base["HTTP_X_SIM_TENANT"] = tenant
    form = client.get("/signin").get_data(as_text=True)
    token = csrf(form)
    answer = client.post(
        "/signin", data={"email": email, "password": password, "csrf_token": token}
    )
    assert answer.status_code == 302, f"sign-in failed for {email}"
    return client


def _creator(app: Any, tenant: str = "a") -> Any:
    return _signed_in(app, tenant, "creator@example.com", "demo")


def test_a_creator_cannot_open_another_creators_offer(flex: Any) -> None:
    """Ola's offer is 'not found' for Maya, and absent from Maya's list; Ola sees it."""
    theirs = _offer_id(flex, "a", "Ola's own offer")
    maya = _creator(flex)
    assert maya.get(f"/offers/{theirs}").status_code == 404
    assert "Ola's own offer" not in maya.get("/offers").get_data(as_text=True)
    ola = _signed_in(flex, "a", OTHER["email"], OTHER["password"])
    assert ola.get(f"/offers/{theirs}").status_code == 200


def test_a_creator_cannot_change_another_creators_offer(flex: Any) -> None:
    """Posting to Ola's deliverable as Maya, with a valid CSRF token, changes nothing."""
    theirs = _offer_id(flex, "a", "Ola's own offer")
    deliverable = next(
        d["id"]
        for o in flex.config["SEEDED"]["a"]["offers"]
        if o["id"] == theirs
        for d in o["deliverables"]
        if d["type"] == "instagram_post"
    )
    maya = _creator(flex)
    token = csrf(maya.get("/offers").get_data(as_text=True))
    answer = maya.post(
        f"/offers/{theirs}/deliverables/{deliverable}/content",
        data={"csrf_token": token, "url": "https://instagram.com/p/x", "notes": "mine now"},
    )
    assert answer.status_code == 404
    ola = _signed_in(flex, "a", OTHER["email"], OTHER["password"])
    assert "mine now" not in ola.get(f"/offers/{theirs}").get_data(as_text=True)


def test_a_session_of_one_tenant_is_not_signed_in_in_another(flex: Any) -> None:
    """Maya's session cookie from tenant 'a' opens nothing in tenant 'b'."""
    maya = _creator(flex, "a")
    mine_a = _offer_id(flex, "a", "Vitamin C Serum launch")
    assert maya.get(f"/offers/{mine_a}").status_code == 200
    maya.environ_base["HTTP_X_SIM_TENANT"] = "b"
    answer = maya.get(f"/offers/{_offer_id(flex, 'b', 'Vitamin C Serum launch')}")
    assert answer.status_code == 302 and "/signin" in answer.headers["Location"]
    assert maya.get(f"/offers/{mine_a}").status_code in (302, 404)


def test_forms_without_the_csrf_token_are_refused(flex: Any) -> None:
    """A cross-site form post (no token, or a wrong one) is refused and changes nothing."""
    maya = _creator(flex)
    offer = _offer_id(flex, "a", "Vitamin C Serum launch")
    for data in ({"terms": "yes"}, {"terms": "yes", "csrf_token": "forged"}):
        answer = maya.post(f"/offers/{offer}/submit", data=data)
        assert answer.status_code == 400
        assert "expired" in answer.get_data(as_text=True)
    anonymous = flex.test_client()
    anonymous.environ_base["HTTP_X_SIM_TENANT"] = "a"
    refused = anonymous.post("/signin", data={"email": "creator@example.com", "password": "demo"})
    assert refused.status_code == 400


def _content_post(app: Any, client: Any, filename: str, payload: bytes) -> Any:
    offer = _offer_id(app, "a", "Summer glow bundle")
    deliverable = next(
        d["id"]
        for o in app.config["SEEDED"]["a"]["offers"]
        if o["id"] == offer
        for d in o["deliverables"]
        if d["type"] == "instagram_post"
    )
    return post_content(client, offer, deliverable, filename, payload, "Notes I typed")


def test_uploads_of_a_wrong_type_are_refused_and_the_notes_kept(flex: Any) -> None:
    """An .exe is refused with a message naming it; the notes typed alongside are kept."""
    page = _content_post(flex, _creator(flex), "setup.exe", b"MZ" + b"\0" * 100)
    text = page.get_data(as_text=True)
    assert "setup.exe" in text and "can't be added" in text.replace("&#39;", "'")
    assert "Notes I typed" in text
    assert stored_files(Path(flex.config["UPLOAD_FOLDER"])) == []


def test_uploads_over_the_size_limit_are_refused(flex: Any) -> None:
    """A 21 MB video is refused with a message saying the limit, and nothing stays on disk."""
    mp4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
    page = _content_post(flex, _creator(flex), "big.mp4", mp4 + b"\0" * (21 * 1024 * 1024))
    assert "larger than 20 MB" in page.get_data(as_text=True)
    assert stored_files(Path(flex.config["UPLOAD_FOLDER"])) == []


def test_an_upload_named_to_escape_its_folder_stays_inside_it(flex: Any) -> None:
    """'../../../evil.png' is stored inside the tenant's upload folder under a safe name."""
    root = Path(flex.config["UPLOAD_FOLDER"]).resolve()
    page = _content_post(
        flex, _creator(flex), "../../../evil.png", b"\x89PNG\r\n\x1a\n" + b"1" * 50
    )
    assert page.status_code == 200
    stored = stored_files(root)
    assert len(stored) == 1
    assert stored[0].resolve().is_relative_to(root / "a")
    assert "evil" not in stored[0].name
    assert not list(root.parent.glob("evil*")) and not list(root.parent.parent.glob("evil*"))


def test_control_endpoints_refuse_remote_callers_unless_configured() -> None:
    """/_sim answers loopback callers only, unless remote control is allowed."""
    from simulator.flex.app import create_app

    remote = {"REMOTE_ADDR": "203.0.113.9"}
    closed = create_app({"TESTING": True}).test_client()
    assert closed.get("/_sim/tenants", environ_base=remote).status_code == 403
    assert closed.get("/_sim/tenants").status_code == 200
    opened = create_app({"TESTING": True, "SIM_CONTROL_ALLOW_REMOTE": True}).test_client()
    assert opened.get("/_sim/tenants", environ_base=remote).status_code == 200


def test_control_endpoints_require_the_configured_token() -> None:
    """With a control token set, /_sim refuses calls without it, even from loopback."""
    from simulator.flex.app import create_app

    client = create_app({"TESTING": True, "SIM_CONTROL_TOKEN": "s3cret"}).test_client()
    assert client.get("/_sim/tenants").status_code == 401
    assert client.get("/_sim/tenants", headers={"Authorization": "Bearer nope"}).status_code == 401
    ok = client.get("/_sim/tenants", headers={"Authorization": "Bearer s3cret"})
    assert ok.status_code == 200


def _webhook(flex_app: Any, secret: str, stamp: int) -> Any:
    from simulator.flex.tiktok_client import sign

    body = json.dumps(
        {
            "request_id": "r1",
            "object": "tto_campaign",
            "time": stamp,
            "entry": [
                {
                    "event_type": "tto_campaign_webhook",
                    "tto_campaign_event_type": "tto_video_published",
                    "video_id": "7301234567890123456",
                    "handle_name": "mayaflores.creates",
                    "campaign_id": "1",
                    "tto_tcm_account_id": "7000000000000000001",
                    "event_time": "2025-01-01T00:00:00Z",
                    "log_id": "l1",
                }
            ],
        }
    ).encode()
    return flex_app.test_client().post(
        "/webhooks/tiktok?tenant=a",
        data=body,
        headers={"TikTok-Signature": sign(secret, stamp, body), "Content-Type": "application/json"},
    )


def test_the_webhook_receiver_refuses_bad_signatures_and_stale_timestamps(flex: Any) -> None:
    """Wrong secret: 401; signed an hour ago: 401; properly signed now: applied once."""
    from simulator.control import control_hooks

    tenant = control_hooks(flex).registry.get("a")
    secret = tenant.state.tiktok.secret
    now = tenant.clock.timestamp()
    assert _webhook(flex, "not-the-secret", now).status_code == 401
    assert _webhook(flex, secret, now - 3600).status_code == 401
    first = _webhook(flex, secret, now)
    assert first.status_code == 200 and first.get_json()["data"]["applied"] == 1
    again = _webhook(flex, secret, now)
    assert again.status_code == 200 and again.get_json()["data"]["applied"] == 0


def test_one_tenant_cannot_read_or_change_another_tenants_tiktok_state(tiktok_app: Any) -> None:
    """Tenant b's brand token reads nothing of tenant a, even when naming tenant a's ids."""
    from simulator.control import control_hooks

    client = tiktok_app.test_client()
    demo = demo_scenario()["tiktok"]
    other = copy.deepcopy(demo)
    other["brands"][0]["access_token"] = "b-token"
    client.post("/_sim/tenants", json={"id": "a", "scenario": demo})
    client.post("/_sim/tenants", json={"id": "b", "scenario": other})
    brand = demo["brands"][0]
    made = client.post(
        "/open_api/v1.3/tto/tcm/campaign/create/",
        headers={"Access-Token": brand["access_token"]},
        json={
            "tto_tcm_account_id": brand["tcm_account_id"],
            "campaign_type": "CAMPAIGN",
            "campaign_name": "A's secret campaign",
            "handle_names": [demo["current_handle"]],
            "advertiser_ids": [],
        },
    ).get_json()
    assert made["code"] == 0, made
    invite = made["data"]["invite_link"]
    registry = control_hooks(tiktok_app).registry
    assert len(registry.get("a").state.campaigns) == 1
    peek = client.get(
        "/open_api/v1.3/tcm/order/get/v2/",
        headers={"Access-Token": "b-token"},
        query_string={
            "tcm_account_id": brand["tcm_account_id"],
            "query_type": "INVITE_LINK",
            "invite_link": invite,
            "page": 1,
            "page_size": 20,
        },
    ).get_json()
    assert peek["code"] != 0 or not peek["data"].get("orders")
    assert registry.get("b").state.campaigns == []
