"""The two apps' pages, tried as an attacker would (issue 11, "Access" and "Bad input").

Cross-site form posts to TikTok's screens, open redirects, sign-out, upload sniffing,
security headers, Flex's webhook receiver, an oversized body, and text that cannot be
encoded (a lone surrogate) reaching a page. Each test failed on the code before its fix.
"""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import responses
from flex_forms import csrf, post_content, stored_files

from simulator.core.pages import local_path, path_of_own_url
from simulator.demo import CREATOR_HANDLE, OTHER_HANDLE, demo_scenario

EVIL = "http://evil.example"
TIKTOK_API = "http://tiktok.test/open_api/v1.3"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 40


# --- TikTok's screens --------------------------------------------------------------------------
@pytest.fixture
def phone(tiktok_app: Any) -> Any:
    """A browser on the fake TikTok, in tenant 'a' seeded with the demo."""
    client = tiktok_app.test_client()
    made = client.post("/_sim/tenants", json={"id": "a", "scenario": demo_scenario()["tiktok"]})
    assert made.status_code == 201, made.get_data(as_text=True)
    client.environ_base["HTTP_X_SIM_TENANT"] = "a"
    return client


def _tiktok_state(app: Any) -> Any:
    from simulator.control import control_hooks

    return control_hooks(app).registry.get("a").state


def _invite_code(phone: Any) -> str:
    brand = demo_scenario()["tiktok"]["brands"][0]
    made = phone.post(
        "/open_api/v1.3/tto/tcm/campaign/create/",
        headers={"Access-Token": brand["access_token"]},
        json={
            "tto_tcm_account_id": brand["tcm_account_id"],
            "campaign_type": "CAMPAIGN",
            "campaign_name": "Serum launch",
            "handle_names": [CREATOR_HANDLE],
        },
    ).get_json()
    assert made["code"] == 0, made
    return str(made["data"]["invite_link"]).rstrip("/").rsplit("/", 1)[-1]


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": EVIL},
        {"Origin": "null"},
        {"Sec-Fetch-Site": "cross-site", "Origin": EVIL},
        {"Sec-Fetch-Site": "same-site"},
    ],
    ids=["origin", "null-origin", "fetch-cross-site", "fetch-same-site"],
)
def test_tiktok_screens_refuse_forms_posted_from_another_site(
    tiktok_app: Any, phone: Any, headers: dict[str, str]
) -> None:
    """Switching account and joining a campaign from another site's form change nothing and
    answer a readable page; the same forms from TikTok's own pages still work."""
    state = _tiktok_state(tiktok_app)
    code = _invite_code(phone)
    switched = phone.post("/app/account", data={"handle": OTHER_HANDLE}, headers=headers)
    assert switched.status_code == 403
    assert "another website" in switched.get_data(as_text=True)
    assert state.current_handle == CREATOR_HANDLE
    joined = phone.post(f"/tto/invite/{code}/join", data={"terms": "on"}, headers=headers)
    assert joined.status_code == 403 and "<h1>" in joined.get_data(as_text=True)
    campaign = state.campaign_by_invite(code)
    assert state.membership(campaign.campaign_id, CREATOR_HANDLE).status == "INVITED"

    own = {"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"}
    assert phone.post(f"/tto/invite/{code}/join", data={"terms": "on"}, headers=own).status_code
    assert state.membership(campaign.campaign_id, CREATOR_HANDLE).status != "INVITED"
    back = phone.post("/app/account", data={"handle": OTHER_HANDLE, "next": "/"}, headers=own)
    assert back.status_code == 302 and state.current_handle == OTHER_HANDLE


# --- open redirects ------------------------------------------------------------------------------
NASTY_TARGETS = [
    "//evil.example",
    "///evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    " //evil.example",
    "https://evil.example/x",
    "http:evil.example",
    "HTTPS://evil.example",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "evil.example",
    "/%09/evil.example",
    "/%2F/evil.example",
    "/%2f%2fevil.example",
    "/%5Cevil.example",
    "/%0d%0aSet-Cookie:x=1",
    "/" + "a" * 5000,
    "",
]
GOOD_TARGETS = ["/", "/offers", "/offers/12345678?tab=notes#d-1", "/tto/invite/abc%20d", "/@maya"]


@pytest.mark.parametrize("target", NASTY_TARGETS)
def test_the_redirect_helper_refuses_every_way_off_site(target: str) -> None:
    """Whatever a `next=` holds, the redirect stays on this origin."""
    assert local_path(target, fallback="/home") == "/home"


@pytest.mark.parametrize("target", GOOD_TARGETS)
def test_the_redirect_helper_keeps_local_paths(target: str) -> None:
    assert local_path(target, fallback="/home") == target


@pytest.mark.parametrize(
    ("referer", "expected"),
    [
        ("http://localhost/offers/1?x=1", "/offers/1?x=1"),
        ("http://localhost//evil.example", "/"),
        ("http://localhost/\t/evil.example", "/"),
        ("http://localhost.evil.example/offers", "/"),
        ("http://localhost@evil.example/offers", "/"),
        ("http://evil.example/http://localhost/", "/"),
        (None, "/"),
    ],
)
def test_going_back_follows_only_a_referer_of_this_origin(
    referer: str | None, expected: str
) -> None:
    assert path_of_own_url(referer, "http://localhost/") == expected


@pytest.mark.parametrize("target", ["/%09/evil.example", "//evil.example", "/\\evil.example"])
def test_tiktok_account_switch_does_not_redirect_off_site(phone: Any, target: str) -> None:
    answer = phone.post("/app/account", data={"handle": OTHER_HANDLE, "next": target})
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/"


# --- Flex -----------------------------------------------------------------------------------------
@pytest.fixture
def flex(tmp_path: Path) -> Any:
    """Flex with tenant 'a' seeded from the demo, talking to a (mocked) TikTok."""
    from simulator.flex.app import create_app

    app = create_app(
        {
            "TESTING": True,
            "UPLOAD_FOLDER": str(tmp_path / "uploads"),
            "TIKTOK_BASE_URL": "http://tiktok.test",
            "TIKTOK_BACKOFF": 0,
            "TIKTOK_TIMEOUT": 0.5,
        }
    )
    made = app.test_client().post(
        "/_sim/tenants", json={"id": "a", "scenario": demo_scenario()["flex"]}
    )
    assert made.status_code == 201, made.get_data(as_text=True)
    app.config["SEEDED"] = made.get_json()["seeded"]
    return app


def _browser(app: Any) -> Any:
    client = app.test_client()
    client.environ_base["HTTP_X_SIM_TENANT"] = "a"
    client.environ_base["HTTP_USER_AGENT"] = (
        "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/120.0.0.0 Mobile Safari/537.36"
    )
    return client


def _sign_in(client: Any, next_: str = "", email: str = "creator@example.com") -> Any:
    token = csrf(client.get("/signin").get_data(as_text=True))
    return client.post(
        "/signin",
        data={"email": email, "password": "demo", "csrf_token": token, "next": next_},
    )


def _offer(app: Any, title: str) -> dict[str, Any]:
    return next(o for o in app.config["SEEDED"]["offers"] if o["title"] == title)


@pytest.mark.parametrize("target", ["/%09/evil.example", "//evil.example", "/\\evil.example"])
def test_flex_sign_in_does_not_redirect_off_site(flex: Any, target: str) -> None:
    answer = _sign_in(_browser(flex), target)
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/offers"


def test_flex_sign_in_form_does_not_carry_an_off_site_next(flex: Any) -> None:
    page = _browser(flex).get("/signin", query_string={"next": "/\t/evil.example"})
    assert 'name="next" value=""' in page.get_data(as_text=True)


def test_a_failed_flex_form_goes_back_only_to_a_flex_page(flex: Any) -> None:
    """A form refused with a message goes back to the page it came from, never off-site."""
    phone = _browser(flex)
    _sign_in(phone)
    offer = _offer(flex, "Vitamin C Serum launch")["id"]
    token = csrf(phone.get(f"/offers/{offer}").get_data(as_text=True))
    for referer in ("http://localhost//evil.example", "http://localhost/\t/evil.example"):
        answer = phone.post(
            f"/offers/{offer}/submit", data={"csrf_token": token}, headers={"Referer": referer}
        )
        assert answer.status_code == 302
        assert answer.headers["Location"] == "/"
    own = phone.post(
        f"/offers/{offer}/submit",
        data={"csrf_token": token},
        headers={"Referer": f"http://localhost/offers/{offer}"},
    )
    assert own.headers["Location"] == f"/offers/{offer}"


def test_signing_out_of_flex_ends_the_session_on_the_server(flex: Any) -> None:
    """The session cookie copied before signing out opens nothing afterwards."""
    phone = _browser(flex)
    _sign_in(phone)
    offer = _offer(flex, "Summer glow bundle")["id"]
    page = phone.get(f"/offers/{offer}")
    assert page.status_code == 200
    cookie = phone.get_cookie("flex_session").value
    signed_out = phone.post("/signout", data={"csrf_token": csrf(page.get_data(as_text=True))})
    assert signed_out.status_code == 302
    thief = _browser(flex)
    thief.set_cookie("flex_session", cookie)
    answer = thief.get(f"/offers/{offer}")
    assert answer.status_code == 302 and "/signin" in answer.headers["Location"]
    again = _browser(flex)  # signing in again works, and is a new session
    assert _sign_in(again).status_code == 302
    assert again.get_cookie("flex_session").value != cookie


# --- uploads --------------------------------------------------------------------------------------
def _upload(app: Any, phone: Any, name: str, payload: bytes) -> Any:
    offer = _offer(app, "Summer glow bundle")
    deliverable = next(d for d in offer["deliverables"] if d["type"] == "instagram_post")["id"]
    return post_content(phone, offer["id"], deliverable, name, payload, "Kept notes")


def _stored(app: Any) -> list[Path]:
    return stored_files(app.config["UPLOAD_FOLDER"])


@pytest.mark.parametrize(
    ("name", "payload"),
    [
        ("cute.png", b"<html><script>alert(document.cookie)</script></html>"),
        ("brief.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 60),
        ("photo.jpg", PNG[:3] + b"<svg onload=alert(1)>"),
        ("clip.mp4", b"<?xml version='1.0'?><svg xmlns='http://www.w3.org/2000/svg'/>"),
        ("bundle.zip", PDF),
    ],
    ids=["html-as-png", "exe-as-pdf", "junk-as-jpg", "svg-as-mp4", "pdf-as-zip"],
)
def test_an_upload_whose_content_is_not_what_its_name_says_is_refused(
    flex: Any, name: str, payload: bytes
) -> None:
    phone = _browser(flex)
    _sign_in(phone)
    page = _upload(flex, phone, name, payload).get_data(as_text=True)
    assert name in page and "is not a" in page, page
    assert "Kept notes" in page
    assert _stored(flex) == []


def _file_url(page: str) -> str:
    match = re.search(r'href="(/offers/\d+/files/[^"]+)"', page)
    assert match, "the page links no uploaded file"
    return match[1]


@pytest.mark.parametrize(
    ("name", "payload", "content_type", "inline"),
    [
        ("views.png", PNG, "image/png", True),
        ("stats.pdf", PDF, "application/pdf", False),
        ("clip.mp4", MP4, "video/mp4", True),
    ],
)
def test_uploads_are_served_as_their_sniffed_type_with_nosniff(
    flex: Any, name: str, payload: bytes, content_type: str, inline: bool
) -> None:
    phone = _browser(flex)
    _sign_in(phone)
    page = _upload(flex, phone, name, payload).get_data(as_text=True)
    assert len(_stored(flex)) == 1
    served = phone.get(_file_url(page))
    assert served.status_code == 200 and served.data == payload
    assert served.mimetype == content_type
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    disposition = served.headers.get("Content-Disposition", "")
    assert disposition.startswith("inline" if inline else "attachment"), disposition


# --- security headers -----------------------------------------------------------------------------
def _assert_page_headers(answer: Any, *, frameable: bool = False) -> None:
    headers = answer.headers
    csp = headers.get("Content-Security-Policy", "")
    assert "default-src 'self'" in csp and "script-src 'self'" in csp, csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "object-src 'none'" in csp and "base-uri 'none'" in csp
    assert headers.get("X-Content-Type-Options") == "nosniff"
    assert headers.get("Referrer-Policy") == "same-origin"
    if frameable:
        assert "frame-ancestors *" in csp and "X-Frame-Options" not in headers
    else:
        assert "frame-ancestors 'none'" in csp and headers.get("X-Frame-Options") == "DENY"


_INLINE = re.compile(r"<script(?![^>]*\bsrc=)|\sstyle=|\son[a-z]+=|javascript:", re.I)


def test_flex_pages_send_the_security_headers_and_need_no_inline_code(flex: Any) -> None:
    phone = _browser(flex)
    _assert_page_headers(phone.get("/signin"))
    _sign_in(phone)
    for offer in flex.config["SEEDED"]["offers"]:
        page = phone.get(f"/offers/{offer['id']}")
        assert page.status_code == 200
        _assert_page_headers(page)
        assert not _INLINE.search(page.get_data(as_text=True))
    _assert_page_headers(phone.get("/offers/0"))  # an error page too
    assert phone.get("/static/flex/flex.js").headers["X-Content-Type-Options"] == "nosniff"


def test_tiktok_pages_send_the_security_headers_and_need_no_inline_code(phone: Any) -> None:
    code = _invite_code(phone)
    for path in ("/", f"/tto/invite/{code}", f"/@{CREATOR_HANDLE}", "/@nobody.here"):
        page = phone.get(path)
        _assert_page_headers(page)
        assert not _INLINE.search(page.get_data(as_text=True)), path
    api = phone.get("/open_api/v1.3/tto/tcm/campaign/")
    assert api.headers["X-Content-Type-Options"] == "nosniff"


def test_tiktok_embed_player_may_be_framed_by_other_sites(tiktok_app: Any, phone: Any) -> None:
    video = _tiktok_state(tiktok_app).videos[0]
    _assert_page_headers(phone.get(f"/embed/v2/{video.video_id}"), frameable=True)


# --- Flex's webhook receiver ----------------------------------------------------------------------
def _webhook(app: Any, signature: str, tenant: str = "a") -> Any:
    return app.test_client().post(
        f"/webhooks/tiktok?tenant={tenant}",
        data=b'{"entry": []}',
        headers={"TikTok-Signature": signature, "Content-Type": "application/json"},
    )


@pytest.mark.parametrize(
    "signature",
    [
        "t=1\xff,s=ab",
        "t=1,s=\xff\xfe",
        "t=" + "9" * 5000 + ",s=" + "a" * 64,
        "t=\u0661\u0662\u0663,s=" + "a" * 64,
        "t=-5,s=" + "a" * 64,
        "t=1,t=2,s=",
        "garbage",
        "s=" + "a" * 64,
        "t=1,s=" + "a" * 5000,
        "t=1,s=" + "\u0661" * 64,
    ],
    ids=[
        "raw-byte-t",
        "raw-bytes-s",
        "5000-digit-t",
        "arabic-digits",
        "negative",
        "empty-s",
        "garbage",
        "no-t",
        "long-s",
        "unicode-hex",
    ],
)
def test_flex_refuses_odd_webhook_signatures_with_401(flex: Any, signature: str) -> None:
    answer = _webhook(flex, signature)
    assert answer.status_code == 401
    body = answer.get_json()
    assert body["code"] == 40105 and "signature" in body["message"]


def test_flex_refuses_webhooks_for_a_tenant_with_no_tiktok_secret(flex: Any) -> None:
    """A tenant with no TikTok settings has no secret: nothing signed with '' is accepted."""
    from simulator.control import control_hooks
    from simulator.flex.tiktok_client import sign

    flex.test_client().post("/_sim/tenants", json={"id": "bare"})
    tenant = control_hooks(flex).registry.get("bare")
    assert tenant.state.tiktok.secret == ""
    body = json.dumps({"entry": [{"video_id": "1", "campaign_id": "1"}]}).encode()
    answer = flex.test_client().post(
        "/webhooks/tiktok?tenant=bare",
        data=body,
        headers={"TikTok-Signature": sign("", tenant.clock.timestamp(), body)},
    )
    assert answer.status_code == 401
    assert "no TikTok webhook secret" in answer.get_json()["message"]
    assert tenant.state.webhook_events == []


# --- an oversized body ----------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/signin", "/offers/1/deliverables/2/content"])
def test_a_200_mb_body_gets_flex_413_page(flex: Any, path: str) -> None:
    """Flex refuses the body before reading it, with its own page (and goes on answering)."""
    answer = _browser(flex).open(
        path,
        method="POST",
        input_stream=io.BytesIO(b"x" * 1024),
        content_type="application/x-www-form-urlencoded",
        # says 200 MB; werkzeug refuses on the header alone, so the test sends 1 KB
        environ_overrides={"CONTENT_LENGTH": str(200 * 1024 * 1024)},
    )
    assert answer.status_code == 413
    page = answer.get_data(as_text=True)
    assert "too large" in page and "flex.css" in page
    assert _browser(flex).get("/signin").status_code == 200


# --- text that cannot be encoded ------------------------------------------------------------------
LONE = "Glow \ud800 routine"


def test_a_lone_surrogate_from_tiktok_does_not_break_add_final_content(flex: Any) -> None:
    """A caption TikTok returns with a lone surrogate reaches Flex (its client parses with the
    json module); Flex keeps it cleaned, so the sheet shows it and nothing unencodable is
    stored."""
    phone = _browser(flex)
    _sign_in(phone)
    offer = _offer(flex, "Vitamin C Serum launch")
    deliverable = offer["deliverables"][0]["id"]
    with responses.RequestsMock(assert_all_requests_are_fired=False) as tiktok:
        ok = {"code": 0, "message": "OK", "request_id": "r"}
        tiktok.post(
            f"{TIKTOK_API}/subscription/subscribe/",
            json={**ok, "data": {"subscription_id": "s1"}},
        )
        tiktok.post(
            f"{TIKTOK_API}/tto/tcm/campaign/create/",
            json={
                **ok,
                "data": {
                    "campaign_id": "c1",
                    "invite_link": "http://t/tto/invite/x",
                    "failed_handle_names": [],
                },
            },
        )
        orders = [{"order_id": "o1", "handle_name": CREATOR_HANDLE, "video_ids": ["7301"]}]
        pages = {"page": 1, "page_size": 20, "total_number": 1, "total_page": 1}
        tiktok.get(
            f"{TIKTOK_API}/tcm/order/get/v2/",
            json={**ok, "data": {"orders": orders, "page_info": pages}},
        )
        post = {"video_id": "7301", "caption": LONE, "create_time": 1748772000}
        tiktok.get(
            f"{TIKTOK_API}/tcm/creator/authorized/video/list/",
            body=json.dumps({**ok, "data": {"posts": [post]}}),
            # json.dumps escapes the surrogate as \\ud800: valid JSON, as TikTok could send it
            content_type="application/json",
        )
        sheet = phone.get(f"/offers/{offer['id']}/deliverables/{deliverable}/add")
    assert sheet.status_code == 200, sheet.get_data(as_text=True)[:500]
    assert "Glow \ufffd routine" in sheet.get_data(as_text=True)
    from simulator.control import control_hooks

    stored = control_hooks(flex).registry.get("a").state.to_dict()
    json.dumps(stored).encode("utf-8")  # raises on a lone surrogate anywhere in the state
    assert "\\ud800" not in json.dumps(stored)


def test_flex_keeps_what_it_reads_from_tiktok_cleaned(flex: Any) -> None:
    """Whatever a TikTok client hands Flex to keep (captions, handles, URLs) is cleaned."""
    from simulator.control import control_hooks
    from simulator.flex.models import Video

    state = control_hooks(flex).registry.get("a").state
    deliverable = state.offers[0].deliverables[0]
    video = Video(video_id="7301", caption=LONE + "\x00\u202e", handle_name="maya\ud800")
    state.remember_videos(deliverable, [video], datetime(2025, 6, 1, tzinfo=UTC))
    assert deliverable.videos[0].caption == "Glow \ufffd routine"
    assert deliverable.videos[0].handle_name == "maya\ufffd"


def test_a_lone_surrogate_in_a_scenario_is_cleaned_at_the_door(tiktok_app: Any) -> None:
    """A seeded post's caption and a nickname with lone surrogates: the profile shows them."""
    scenario = demo_scenario()["tiktok"]
    scenario["accounts"][0]["nickname"] = "Maya \udfff"
    scenario["posts"] = [{"handle": CREATOR_HANDLE, "caption": LONE, "published_ago": 7200}]
    client = tiktok_app.test_client()
    made = client.post("/_sim/tenants", json={"id": "a", "scenario": scenario})
    assert made.status_code == 201, made.get_data(as_text=True)
    state = _tiktok_state(tiktok_app)
    assert all("\ud800" not in v.caption for v in state.videos)
    page = client.get(f"/@{CREATOR_HANDLE}", headers={"X-Sim-Tenant": "a"})
    assert page.status_code == 200
    assert "Glow \ufffd routine" in page.get_data(as_text=True)


def test_pages_render_text_that_was_stored_before_the_doors_were_closed(
    tiktok_app: Any, phone: Any
) -> None:
    """Text already in state (an older import, a direct change) renders, never a 500."""
    state = _tiktok_state(tiktok_app)
    video = next(v for v in state.videos if v.handle == CREATOR_HANDLE)
    video.caption = LONE
    state.account(CREATOR_HANDLE).bio = "bio \udc80"
    page = phone.get(f"/@{CREATOR_HANDLE}")
    assert page.status_code == 200 and "Glow \ufffd routine" in page.get_data(as_text=True)
    assert phone.get(f"/media/{video.video_id}.svg").status_code == 200


def test_stored_text_is_normalized() -> None:
    """The one cleaning every door applies: NFC, no control characters or bidi overrides
    (newlines and tabs stay), lone surrogates replaced."""
    from simulator.core.text import clean_text

    assert clean_text("a\x00b\u202ec\r\nd\x1b") == "abc\nd"
    assert clean_text("e\u0301") == "\u00e9"  # NFC
    assert clean_text(LONE) == "Glow \ufffd routine"


def test_flex_answers_400_to_a_signed_webhook_that_is_not_one(flex: Any) -> None:
    """Properly signed, but JSON nested 100,000 deep or not an object: 400, never a 500."""
    from simulator.control import control_hooks
    from simulator.flex.tiktok_client import sign

    tenant = control_hooks(flex).registry.get("a")
    for body in (b"[" * 100_000 + b"]" * 100_000, b'"entry"', b"\xff\xfe"):
        answer = flex.test_client().post(
            "/webhooks/tiktok?tenant=a",
            data=body,
            headers={
                "TikTok-Signature": sign(tenant.state.tiktok.secret, tenant.clock.timestamp(), body)
            },
        )
        assert answer.status_code == 400, body[:10]
        assert answer.get_json()["code"] == 40002


def test_no_template_needs_inline_script_or_style() -> None:
    """Every template of both apps works under the pages' CSP (no 'unsafe-inline'): no inline
    <script>, no style="" attribute, no on…= handler, no javascript: link. A page added
    later with one would break in a browser; this says so before the browser does."""
    import simulator

    root = Path(simulator.__file__).parent
    templates = sorted(
        p for app in ("flex", "tiktok") for p in root.glob(f"{app}/templates/**/*.html")
    )
    assert len(templates) > 20
    offenders = [
        f"{path.relative_to(root)}: {match[0]!r}"
        for path in templates
        for match in [_INLINE.search(path.read_text(encoding="utf-8"))]
        if match
    ]
    assert offenders == []
