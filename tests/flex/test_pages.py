"""The creator's and marketer's pages through Flask's test client, TikTok mocked with responses."""

from __future__ import annotations

import io
import json
import re
from typing import Any

import requests
import responses
from flex_support import (
    API,
    BUNDLE,
    CAPTION,
    DESKTOP,
    INVITE,
    SERUM,
    TENANT,
    add_video,
    base,
    campaign,
    csrf,
    fail,
    offer_id,
    ok,
    report_data,
    signed_in,
    submit,
    videos,
)
from responses import matchers

from simulator.demo import CREATOR_HANDLE, DEMO_CLIENT_SECRET
from simulator.flex.tiktok_client import sign


def test_signing_in_with_a_wrong_password_says_so(app: Any) -> None:
    client = app.test_client()
    page = client.get("/signin", headers={"X-Sim-Tenant": TENANT})
    answer = client.post(
        "/signin",
        data={"email": "creator@example.com", "password": "nope", "csrf_token": csrf(page.text)},
        headers={"X-Sim-Tenant": TENANT},
    )
    assert answer.status_code == 401
    assert "don&#39;t match an account" in answer.text


def test_pages_need_a_signed_in_user(app: Any) -> None:
    answer = app.test_client().get(f"/offers/{offer_id(app, SERUM)}")
    assert answer.status_code == 302 and "/signin" in answer.location


def test_offers_list_links_each_offer_by_title(phone: Any) -> None:
    page = phone.get("/offers").text
    assert f">{SERUM}</a>" in page and f">{BUNDLE}</a>" in page


def test_on_a_phone_the_offer_links_publish_content_to_a_lazily_madecampaign(
    app: Any, phone: Any, tiktok: responses.RequestsMock
) -> None:
    campaign(tiktok)
    page = phone.get(f"/offers/{offer_id(app, SERUM)}").text
    assert f'href="{INVITE}">Publish Content</a>' in page
    assert "+Add Final Content" in page and "Lumen Skincare" in page and "$450" in page
    create = next(c for c in tiktok.calls if "campaign/create" in c.request.url)
    sent = json.loads(create.request.body)
    assert sent["handle_names"] == [CREATOR_HANDLE] and sent["campaign_name"] == SERUM
    assert create.request.headers["X-Sim-Tenant"] == TENANT
    subscribe = next(c for c in tiktok.calls if "subscribe" in c.request.url)
    assert json.loads(subscribe.request.body)["callback_url"] == (
        f"http://flex.test/webhooks/tiktok?tenant={TENANT}"
    )
    # a second visit makes no new campaign
    before = len(tiktok.calls)
    phone.get(f"/offers/{offer_id(app, SERUM)}")
    assert len(tiktok.calls) == before


def test_on_a_desktop_the_offer_sends_the_creator_to_a_phone(app: Any) -> None:
    desktop = signed_in(app, "creator@example.com", ua=DESKTOP)
    page = desktop.get(f"/offers/{offer_id(app, SERUM)}").text
    assert "open this offer on a mobile device" in page
    assert "Publish Content" not in page and "<svg" in page


def test_mobile_client_hint_counts_as_a_phone(app: Any, tiktok: responses.RequestsMock) -> None:
    campaign(tiktok)
    client = signed_in(app, "creator@example.com", ua=DESKTOP)
    page = client.get(f"/offers/{offer_id(app, SERUM)}", headers={"Sec-CH-UA-Mobile": "?1"})
    assert "Publish Content" in page.text


def test_when_tiktok_is_down_the_offer_still_opens_and_offers_a_retry(
    app: Any, phone: Any, tiktok: responses.RequestsMock
) -> None:
    tiktok.post(f"{API}/subscription/subscribe/", status=503)
    tiktok.post(f"{API}/tto/tcm/campaign/create/", body=requests.ConnectionError("refused"))
    page = phone.get(f"/offers/{offer_id(app, SERUM)}")
    assert page.status_code == 200
    assert "TikTok could not be reached." in page.text and "Try again" in page.text
    assert "Publish Content" not in page.text


def test_the_select_your_video_sheet_lists_the_creators_campaignvideos(
    app: Any, phone: Any, tiktok: responses.RequestsMock
) -> None:
    campaign(tiktok)
    videos(tiktok)
    page = phone.get(base(app) + "/add").text
    assert 'role="dialog"' in page and ">Select your video</h2>" in page
    assert f'<span class="caption" id="cap-7301">{CAPTION}</span>' in page
    assert "7999" not in page


def test_the_whole_guide_adds_content_and_submits(
    app: Any, phone: Any, tiktok: responses.RequestsMock
) -> None:
    answer = add_video(app, phone, tiktok, notes="Posted at 8am")
    assert answer.status_code == 302
    page = phone.get(f"/offers/{offer_id(app, SERUM)}").text
    assert CAPTION in page and "Posted at 8am" in page and "views.png" in page

    answer = phone.post(
        f"/offers/{offer_id(app, SERUM)}/submit", data={"csrf_token": csrf(page), "terms": "yes"}
    )
    page = phone.get(f"/offers/{offer_id(app, SERUM)}").text
    assert ">Submitted</span>" in page
    assert "Submit Content" not in page and "+Add Final Content" not in page


def test_submitting_without_the_terms_box_is_refused(
    app: Any, phone: Any, tiktok: responses.RequestsMock
) -> None:
    add_video(app, phone, tiktok)
    page = phone.get(f"/offers/{offer_id(app, SERUM)}").text
    phone.post(f"/offers/{offer_id(app, SERUM)}/submit", data={"csrf_token": csrf(page)})
    page = phone.get(f"/offers/{offer_id(app, SERUM)}").text
    assert "Tick the box to confirm" in page and ">Submitted</span>" not in page


def test_a_mixed_offer_cannot_be_submitted_until_every_deliverable_has_content(
    app: Any, phone: Any
) -> None:
    offer = f"/offers/{offer_id(app, BUNDLE)}"
    page = phone.get(offer).text
    assert "data-submit disabled data-blocked" in page
    instagram = base(app, BUNDLE, "Instagram post")
    assert "Link to your post" in phone.get(instagram + "/add").text
    phone.post(
        instagram + "/content",
        data={
            "csrf_token": csrf(page),
            "url": "https://www.instagram.com/p/glow1",
            "action": "add",
        },
    )
    phone.post(offer + "/submit", data={"csrf_token": csrf(page), "terms": "yes"})
    page = phone.get(offer).text
    assert "https://www.instagram.com/p/glow1" in page
    assert "Add final content to every deliverable first: TikTok video." in page


def test_final_content_can_be_removed_before_submitting(
    app: Any, phone: Any, tiktok: responses.RequestsMock
) -> None:
    add_video(app, phone, tiktok)
    page = phone.get(f"/offers/{offer_id(app, SERUM)}").text
    phone.post(base(app) + "/remove", data={"csrf_token": csrf(page)})
    page = phone.get(f"/offers/{offer_id(app, SERUM)}").text
    assert "+Add Final Content" in page and "views.png" not in page


def test_a_wrong_file_type_is_refused_and_the_notes_and_other_files_kept(
    app: Any, phone: Any, tiktok: responses.RequestsMock
) -> None:
    campaign(tiktok)
    videos(tiktok)
    sheet = phone.get(base(app) + "/add")
    phone.post(base(app) + "/select", data={"csrf_token": csrf(sheet.text), "video_id": "7301"})
    answer = phone.post(
        base(app) + "/content",
        data={
            "csrf_token": csrf(sheet.text),
            "notes": "Keep this note",
            "action": "add",
            "assets": [(io.BytesIO(b"%PDF-1"), "stats.pdf"), (io.BytesIO(b"MZ"), "tool.exe")],
        },
        content_type="multipart/form-data",
    )
    page = phone.get(answer.location).text
    assert "tool.exe: this type of file can&#39;t be added" in page
    assert "Keep this note" in page and "stats.pdf" in page


def test_when_tiktok_rate_limits_the_video_list_the_sheet_says_so(
    app: Any, phone: Any, tiktok: responses.RequestsMock
) -> None:
    campaign(tiktok)
    tiktok.get(f"{API}/tcm/order/get/v2/", json=fail(40100, "Request too frequent"))
    page = phone.get(base(app) + "/add").text
    assert "TikTok is busy right now" in page and "Try again" in page


def test_forms_without_a_csrf_token_are_refused(app: Any, phone: Any) -> None:
    answer = phone.post(f"/offers/{offer_id(app, SERUM)}/submit", data={"terms": "yes"})
    assert answer.status_code == 400
    answer = phone.post(
        f"/offers/{offer_id(app, SERUM)}/submit", data={"terms": "yes", "csrf_token": "guess"}
    )
    assert answer.status_code == 400


def test_another_creator_cannot_see_the_offer_or_its_files(
    app: Any, phone: Any, tiktok: responses.RequestsMock
) -> None:
    admin = app.test_client()
    admin.post(
        "/_sim/seed",
        json={
            "tenant": TENANT,
            "scenario": {
                "users": [{"email": "ola@example.com", "password": "demo", "role": "creator"}]
            },
        },
    )
    add_video(app, phone, tiktok)
    page = phone.get(f"/offers/{offer_id(app, SERUM)}").text
    file_url = re.search(r'href="(/offers/\d+/files/[^"]+)"', page)
    assert file_url and phone.get(file_url.group(1)).status_code == 200

    ola = signed_in(app, "ola@example.com")
    assert SERUM not in ola.get("/offers").text
    assert ola.get(f"/offers/{offer_id(app, SERUM)}").status_code == 404
    assert ola.get(file_url.group(1)).status_code == 404
    assert ola.get(base(app) + "/add").status_code == 404


def test_a_session_does_not_carry_over_to_another_tenant(app: Any, phone: Any) -> None:
    assert app.test_client().post("/_sim/tenants", json={"id": "t2"}).status_code == 201
    answer = phone.get("/offers", headers={"X-Sim-Tenant": "t2"})
    assert answer.status_code == 302 and "/signin" in answer.location


def test_the_marketer_sees_metrics_and_spark_ads_and_approves(
    app: Any, phone: Any, tiktok: responses.RequestsMock
) -> None:
    add_video(app, phone, tiktok)
    submit(app, phone)

    tiktok.get(
        f"{API}/tcm/report/get/v2/",
        json=ok(
            report_data(
                {
                    "order_id": "o1",
                    "video_id": "7301",
                    "insights": {"video_views": 4321, "likes": 321},
                }
            )
        ),
        match=[matchers.query_param_matcher({"order_ids": '["o1"]'}, strict_match=False)],
    )
    tiktok.get(
        f"{API}/tcm/tt_video/status/",
        json=ok(
            {
                "video_id": "7301",
                "auth_status": "ACCEPTED",
                "auth_code": "#SparkCode1",
                "auth_code_status": "NOT_USED",
            }
        ),
    )
    jordan = signed_in(app, "marketer@example.com")
    page = jordan.get(f"/marketer/offers/{offer_id(app, SERUM)}").text
    assert CAPTION in page and "4,321" in page and "321" in page
    assert "#SparkCode1" in page and "Accepted" in page

    jordan.post(
        f"/marketer{base(app)}/review", data={"csrf_token": csrf(page), "decision": "approve"}
    )
    assert "Approved" in phone.get(f"/offers/{offer_id(app, SERUM)}").text


def test_the_marketer_can_request_spark_ads_authorization(
    app: Any, phone: Any, tiktok: responses.RequestsMock
) -> None:
    add_video(app, phone, tiktok)
    submit(app, phone)
    tiktok.get(f"{API}/tcm/report/get/v2/", json=ok(report_data()))
    tiktok.get(
        f"{API}/tcm/tt_video/status/", json=ok({"video_id": "7301", "auth_status": "WAITING"})
    )
    tiktok.post(
        f"{API}/tcm/tt_video/apply/",
        json=ok({}),
        match=[
            matchers.json_params_matcher(
                {
                    "tcm_account_id": "7000000000000000001",
                    "video_id": "7301",
                    "authorization_days": 30,
                    "action": "APPLY",
                }
            )
        ],
    )
    jordan = signed_in(app, "marketer@example.com")
    page = jordan.get(f"/marketer/offers/{offer_id(app, SERUM)}").text
    answer = jordan.post(f"/marketer{base(app)}/spark-ads", data={"csrf_token": csrf(page)})
    assert "Spark Ads authorization requested." in jordan.get(answer.location).text


def _webhook(app: Any, body: bytes, header: str) -> Any:
    return app.test_client().post(
        f"/webhooks/tiktok?tenant={TENANT}",
        data=body,
        headers={"TikTok-Signature": header, "Content-Type": "application/json"},
    )


def test_signed_webhooks_are_applied_once_and_bad_ones_refused(app: Any) -> None:
    registry = app.extensions["flex_sim"]
    tenant = registry.get(TENANT)
    deliverable = tenant.state.offers[0].deliverables[0]
    deliverable.campaign_id = "camp1"
    body = json.dumps(
        {
            "object": "tto_campaign",
            "entry": [
                {
                    "tto_campaign_event_type": "tto_video_published",
                    "video_id": "7301",
                    "campaign_id": "camp1",
                }
            ],
        }
    ).encode()
    stamp = tenant.clock.timestamp()

    assert _webhook(app, body, sign("wrong", stamp, body)).status_code == 401
    assert _webhook(app, body, sign(DEMO_CLIENT_SECRET, stamp - 600, body)).status_code == 401
    first = _webhook(app, body, sign(DEMO_CLIENT_SECRET, stamp, body))
    again = _webhook(app, body, sign(DEMO_CLIENT_SECRET, stamp, body))

    assert first.status_code == 200 and first.get_json()["data"]["applied"] == 1
    assert again.status_code == 200 and again.get_json()["data"]["applied"] == 0
    assert deliverable.webhook_video_ids == ["7301"]


def test_a_campaign_whose_create_timed_out_is_adopted_not_made_twice(
    app: Any, phone: Any, tiktok: responses.RequestsMock
) -> None:
    tiktok.post(f"{API}/subscription/subscribe/", json=ok({"subscription_id": "sub1"}))
    tiktok.post(f"{API}/tto/tcm/campaign/create/", body=requests.Timeout("slow"))
    first = phone.get(f"/offers/{offer_id(app, SERUM)}").text
    assert "TikTok is slow to answer right now." in first

    tiktok.get(
        f"{API}/tto/tcm/campaign/",
        json=ok(
            {
                "campaigns": [
                    {
                        "campaign_id": "camp1",
                        "campaign_name": SERUM,
                        "handle_names": [CREATOR_HANDLE],
                        "invite_link": INVITE,
                        "video_requirements": {
                            "description": (
                                "My morning glow routine with @lumenskincare vitamin C serum #ad"
                            )
                        },
                    }
                ],
                "page_info": {"page": 1, "total_page": 1},
            }
        ),
    )
    again = phone.get(f"/offers/{offer_id(app, SERUM)}").text
    assert f'href="{INVITE}">Publish Content</a>' in again
    creates = [c for c in tiktok.calls if "campaign/create" in c.request.url]
    assert len(creates) == 1
