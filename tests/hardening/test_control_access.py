"""/_sim answers loopback or token callers, same-origin only, on known Host names (issue 11):
a web page on another site, or one that rebinds its DNS name to 127.0.0.1, cannot drive it."""

from __future__ import annotations

from typing import Any

import pytest

EVIL = "http://evil.example"
REMOTE = {"REMOTE_ADDR": "203.0.113.9"}


def _app(**config: Any) -> Any:
    from simulator.tiktok.app import create_app

    app = create_app({"TESTING": True, **config})
    token = config.get("SIM_CONTROL_TOKEN")
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    made = app.test_client().post(
        "/_sim/tenants", json={"id": "victim", "dataset": "demo"}, headers=headers
    )
    assert made.status_code == 201
    return app


@pytest.fixture
def app() -> Any:
    return _app()


def _intact(app: Any) -> None:
    """The victim tenant still holds its demo data (nothing was wiped)."""
    exported = app.test_client().get("/_sim/export?tenant=victim").get_json()
    assert exported["tenants"]["victim"]["credentials"], "the victim tenant was wiped"


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": EVIL, "Content-Type": "text/plain"},
        {"Origin": "null", "Content-Type": "text/plain"},
        {"Sec-Fetch-Site": "cross-site", "Content-Type": "text/plain"},
        {"Sec-Fetch-Site": "same-site", "Content-Type": "application/json"},
        {"Origin": EVIL, "Content-Type": "application/json"},
        {"Origin": "http://localhost:9999"},
    ],
)
def test_a_cross_site_request_cannot_reset_a_tenant(app: Any, headers: dict[str, str]) -> None:
    answer = app.test_client().post(
        "/_sim/reset?tenant=victim", data='{"tenant": "victim"}', headers=headers
    )
    assert answer.status_code == 403, answer.get_data(as_text=True)
    assert answer.get_json()["error"]["code"] == "control_cross_site"
    _intact(app)


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"],
)
def test_a_write_in_a_simple_request_content_type_is_refused(app: Any, content_type: str) -> None:
    """What a cross-site form or no-cors fetch can send, even without Origin (old browsers)."""
    answer = app.test_client().post(
        "/_sim/reset?tenant=victim", data="tenant=victim", headers={"Content-Type": content_type}
    )
    assert answer.status_code == 415, answer.get_data(as_text=True)
    assert answer.get_json()["error"]["code"] == "control_json_only"
    _intact(app)


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8600", "10.0.0.5:8600"])
def test_an_unknown_host_name_is_refused(app: Any, host: str) -> None:
    """DNS rebinding: the page's own origin, same-origin for the browser, with a foreign Host."""
    client = app.test_client()
    origin = f"http://{host}"
    answer = client.post(
        "/_sim/reset", json={"tenant": "victim"}, headers={"Host": host, "Origin": origin}
    )
    assert answer.status_code == 403, answer.get_data(as_text=True)
    assert answer.get_json()["error"]["code"] == "control_host_refused"
    assert client.get("/_sim/tenants", headers={"Host": host}).status_code == 403
    _intact(app)


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1:8600", "[::1]:8600", "localhost:1"])
def test_loopback_host_names_and_same_origin_pages_are_served(app: Any, host: str) -> None:
    client = app.test_client()
    origin = {"Origin": f"http://{host}", "Sec-Fetch-Site": "same-origin", "Host": host}
    assert client.get("/_sim/tenants", headers=origin).status_code == 200
    answer = client.post("/_sim/clock", json={"tenant": "victim", "freeze": True}, headers=origin)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    typed = client.get("/_sim/tenants", headers={"Host": host, "Sec-Fetch-Site": "none"})
    assert typed.status_code == 200


def test_a_team_names_its_public_host_and_gives_remote_callers_a_token() -> None:
    """The documented way to share it: SIM_CONTROL_HOSTS (or the public URL) and a token."""
    app = _app(SIM_CONTROL_HOSTS="sim.team.internal, other.internal", SIM_CONTROL_TOKEN="s3cret")
    client = app.test_client()
    team = {"Host": "sim.team.internal:8600"}
    bearer = {"Authorization": "Bearer s3cret"}
    assert client.get("/_sim/tenants", headers=team, environ_base=REMOTE).status_code == 401
    answer = client.get("/_sim/tenants", headers={**team, **bearer}, environ_base=REMOTE)
    assert answer.status_code == 200
    other = client.get("/_sim/tenants", headers={"Host": "x.internal", **bearer})
    assert other.status_code == 403
    public = _app(PUBLIC_URL="https://tiktok.sim.example", SIM_CONTROL_TOKEN="t")
    answer = public.test_client().get(
        "/_sim/tenants",
        headers={"Host": "tiktok.sim.example", "Authorization": "Bearer t"},
        environ_base=REMOTE,
    )
    assert answer.status_code == 200


def test_a_remote_caller_without_a_token_is_refused(app: Any) -> None:
    assert app.test_client().get("/_sim/tenants", environ_base=REMOTE).status_code == 403


def test_the_apis_and_pages_are_not_held_to_the_control_rules(app: Any) -> None:
    """A browser on Flex's origin posting to TikTok's screens is not a /_sim matter."""
    answer = app.test_client().get(
        "/openapi.json", headers={"Host": "business-api.tiktok.com", "Origin": EVIL}
    )
    assert answer.status_code == 200
