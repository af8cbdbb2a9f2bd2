"""Login Kit tokens past day one: refresh tokens rotate, lifetimes are settings told truly.

Source: TikTok for Developers, "Refresh a User Access Token" and "Manage OAuth Access
Tokens" (2026): the access token lives 2 hours, the refresh token 180 days; "a successful
refresh request will return a new refresh_token in place of the one you sent. The previous
refresh token stops working once a new one is issued." (../shared/reference/tiktok-apis.md §5)
"""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from simulator.demo import DEMO_CLIENT_KEY, DEMO_CLIENT_SECRET

from .conftest import bearer, oauth_token, scenario, seed


def refresh(client: FlaskClient, refresh_token: str) -> Any:
    return client.post(
        "/v2/oauth/token/",
        data={
            "client_key": DEMO_CLIENT_KEY,
            "client_secret": DEMO_CLIENT_SECRET,
            "grant_type": "refresh_token",
            "refresh_token": refresh_token,
        },
    )


def advance(client: FlaskClient, by: str) -> None:
    assert client.post("/_sim/clock", json={"tenant": "t1", "advance": by}).status_code == 200


def test_a_client_that_refreshes_every_day_keeps_working_for_a_week(client: FlaskClient) -> None:
    token = oauth_token(client, scope="user.info.basic")
    for _day in range(7):
        advance(client, "1d")
        expired = client.get("/v2/user/info/?fields=open_id", headers=bearer(token))
        assert expired.status_code == 401  # the 401 → refresh → retry path a client takes
        answer = refresh(client, token["refresh_token"])
        assert answer.status_code == 200, answer.json
        fresh = answer.json
        assert fresh["refresh_token"] != token["refresh_token"]
        assert fresh["access_token"] != token["access_token"]
        assert client.get("/v2/user/info/?fields=open_id", headers=bearer(fresh)).status_code == 200
        token = fresh


def test_the_previous_refresh_token_stops_working_once_a_new_one_is_issued(
    client: FlaskClient,
) -> None:
    token = oauth_token(client, scope="user.info.basic")
    first = refresh(client, token["refresh_token"]).json
    replay = refresh(client, token["refresh_token"])
    assert replay.status_code == 400 and replay.json["error"] == "invalid_grant"
    assert refresh(client, first["refresh_token"]).status_code == 200


def test_answers_state_the_lifetimes_truly_and_the_refresh_deadline_counts_down(
    client: FlaskClient,
) -> None:
    token = oauth_token(client, scope="user.info.basic")
    assert token["expires_in"] == 2 * 3600
    assert token["refresh_expires_in"] == 180 * 86400
    advance(client, "1d")
    fresh = refresh(client, token["refresh_token"]).json
    assert fresh["expires_in"] == 2 * 3600
    # the grant keeps its deadline: rotating does not stretch the user's authorization
    assert fresh["refresh_expires_in"] == 179 * 86400
    advance(client, "1h")
    assert client.get("/v2/user/info/?fields=open_id", headers=bearer(fresh)).status_code == 200
    advance(client, "1h")
    assert client.get("/v2/user/info/?fields=open_id", headers=bearer(fresh)).status_code == 401


def test_lifetimes_are_settings_of_the_scenario(client: FlaskClient) -> None:
    seed(client, scenario(oauth={"access_token_ttl": "24h", "refresh_token_ttl": "365d"}))
    token = oauth_token(client, scope="user.info.basic")
    assert (token["expires_in"], token["refresh_expires_in"]) == (86400, 365 * 86400)
    advance(client, "23h")
    assert client.get("/v2/user/info/?fields=open_id", headers=bearer(token)).status_code == 200


def test_an_expired_refresh_token_asks_the_user_again(client: FlaskClient) -> None:
    seed(client, scenario(oauth={"refresh_token_ttl": "2d"}))
    token = oauth_token(client, scope="user.info.basic")
    advance(client, "1d")
    token = refresh(client, token["refresh_token"]).json
    advance(client, "1d")
    late = refresh(client, token["refresh_token"])
    assert late.status_code == 400 and late.json["error"] == "invalid_grant"
    assert "expired" in late.json["error_description"]


def test_a_bad_lifetime_is_refused_and_names_the_setting(client: FlaskClient) -> None:
    response = client.post(
        "/_sim/tenants", json={"id": "t2", "scenario": scenario(oauth={"access_token_ttl": "0s"})}
    )
    assert response.status_code == 400
    assert "access_token_ttl" in response.get_data(as_text=True)
