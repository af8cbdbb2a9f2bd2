"""Flex's TikTok client against a mocked TikTok: shapes, errors, retries, pagination, signatures."""

from __future__ import annotations

import json

import pytest
import requests
import responses
from flex_support import API, TIKTOK, fail, ok, report_data
from responses import matchers, registries

from simulator.flex import tiktok_client as tk
from simulator.flex.tiktok_client import TikTokClient

TOKEN = "brand-token-1"
ACCOUNT = "7000000000000000001"
LINK = f"{TIKTOK}/tto/invite/inv123"


def _client(sleeps: list[float] | None = None, **kw: object) -> TikTokClient:
    record = sleeps if sleeps is not None else []
    return TikTokClient(
        access_token=TOKEN,
        base_url=TIKTOK,
        tenant_id="t7",
        sleep=record.append,
        **kw,  # type: ignore[arg-type]
    )


def _headers() -> matchers.Any:  # type: ignore[name-defined]
    return matchers.header_matcher(
        {"Access-Token": TOKEN, "X-Sim-Tenant": "t7", "User-Agent": tk.USER_AGENT}
    )


@responses.activate
def test_create_campaign_sends_the_brief_and_returns_the_invite_link() -> None:
    responses.post(
        f"{API}/tto/tcm/campaign/create/",
        json=ok({"campaign_id": "c42", "invite_link": LINK, "failed_handle_names": []}),
        match=[
            _headers(),
            matchers.json_params_matcher(
                {
                    "tto_tcm_account_id": ACCOUNT,
                    "campaign_type": "CAMPAIGN",
                    "campaign_name": "Serum launch",
                    "handle_names": ["maya"],
                    "advertiser_ids": ["71"],
                    "default_spark_ads_requested_authorization_days": 60,
                    "send_notification": False,
                    "campaign_description": "Show your routine",
                    "video_requirements": {"description": "Glow #ad", "required_elements": ["#ad"]},
                    "video_number": 1,
                }
            ),
        ],
    )
    made = _client().create_campaign(
        tcm_account_id=ACCOUNT,
        campaign_name="Serum launch",
        handle_names=["maya"],
        advertiser_ids=["71"],
        description="Show your routine",
        approved_description="Glow #ad",
        required_elements=["#ad"],
        spark_ads_days=60,
    )
    assert made.invite_link == LINK and made.campaign_id == "c42"


@responses.activate
def test_a_deliverable_without_spark_ads_asks_tiktok_for_no_ad_authorization() -> None:
    responses.post(
        f"{API}/tto/tcm/campaign/create/",
        json=ok({"campaign_id": "c43", "invite_link": LINK, "failed_handle_names": []}),
        match=[
            matchers.json_params_matcher(
                {"default_spark_ads_requested_authorization_days": 0}, strict_match=False
            )
        ],
    )
    made = _client().create_campaign(
        tcm_account_id=ACCOUNT,
        campaign_name="Organic only",
        handle_names=["maya"],
        advertiser_ids=[],
        description="No ads for this one",
        approved_description="Just us #ad",
        required_elements=["#ad"],
        spark_ads_days=0,
    )
    assert made.campaign_id == "c43"


@responses.activate
def test_subscribe_asks_for_tcm_video_webhooks() -> None:
    responses.post(
        f"{API}/subscription/subscribe/",
        json=ok({"subscription_id": "sub9"}),
        match=[
            _headers(),
            matchers.json_params_matcher(
                {
                    "app_id": "app",
                    "secret": "s3",
                    "subscribe_entity": "TCM_VIDEOS",
                    "callback_url": "http://flex.test/webhooks/tiktok?tenant=t7",
                }
            ),
        ],
    )
    sub = _client().subscribe(
        app_id="app", secret="s3", callback_url="http://flex.test/webhooks/tiktok?tenant=t7"
    )
    assert sub == "sub9"


@responses.activate(registry=registries.OrderedRegistry)
def test_orders_follow_pagination_to_the_last_page() -> None:
    for page, orders in ((1, [{"order_id": "o1"}]), (2, [{"order_id": "o2"}])):
        responses.get(
            f"{API}/tcm/order/get/v2/",
            json=ok({"orders": orders, "page_info": {"page": page, "total_page": 2}}),
            match=[
                _headers(),
                matchers.query_param_matcher(
                    {
                        "tcm_account_id": ACCOUNT,
                        "query_type": "INVITE_LINK",
                        "invite_link": LINK,
                        "page": str(page),
                        "page_size": "20",
                    }
                ),
            ],
        )
    orders = _client().orders_by_invite_link(tcm_account_id=ACCOUNT, invite_link=LINK)
    assert [o.order_id for o in orders] == ["o1", "o2"]


@responses.activate
def test_video_ids_travel_as_a_json_array_in_the_query() -> None:
    responses.get(
        f"{API}/tcm/creator/authorized/video/list/",
        json=ok({"posts": [{"video_id": "7301", "caption": "Morning"}], "has_more": False}),
        match=[
            matchers.query_param_matcher(
                {"tcm_account_id": ACCOUNT, "handle_name": "maya", "video_ids": '["7301"]'}
            )
        ],
    )
    posts = _client().authorized_videos(
        tcm_account_id=ACCOUNT, handle_name="maya", video_ids=["7301"]
    )
    assert posts[0].caption == "Morning"


@responses.activate
def test_report_status_and_apply_use_their_documented_shapes() -> None:
    responses.get(
        f"{API}/tcm/report/get/v2/",
        json=ok(report_data({"video_id": "7301", "insights": {"likes": 12}})),
        match=[
            matchers.query_param_matcher(
                {
                    "tcm_account_id": ACCOUNT,
                    "order_ids": '["o1"]',
                    "start_date": "2025-06-01",
                    "end_date": "2025-06-09",
                    "page": "1",
                    "page_size": "50",
                }
            )
        ],
    )
    responses.get(
        f"{API}/tcm/tt_video/status/",
        json=ok({"video_id": "7301", "auth_status": "ACCEPTED", "auth_code": "#code"}),
        match=[matchers.query_param_matcher({"tcm_account_id": ACCOUNT, "video_id": "7301"})],
    )
    responses.post(
        f"{API}/tcm/tt_video/apply/",
        json=ok({}),
        match=[
            matchers.json_params_matcher(
                {
                    "tcm_account_id": ACCOUNT,
                    "video_id": "7301",
                    "authorization_days": 30,
                    "action": "APPLY",
                }
            )
        ],
    )
    client = _client()
    rows = client.report(
        tcm_account_id=ACCOUNT, order_ids=["o1"], start_date="2025-06-01", end_date="2025-06-09"
    )
    assert rows[0].insights.likes == 12
    assert client.video_status(tcm_account_id=ACCOUNT, video_id="7301").auth_code == "#code"
    client.apply_authorization(tcm_account_id=ACCOUNT, video_id="7301", authorization_days=30)


@responses.activate(registry=registries.OrderedRegistry)
def test_rate_limits_and_5xx_are_retried_with_growing_back_off() -> None:
    url = f"{API}/tcm/tt_video/status/"
    responses.get(url, json=fail(40100, "Request too frequent"))
    responses.get(url, status=503, body="busy")
    responses.get(url, body=requests.ConnectionError("connection reset"))
    responses.get(url, json=ok({"auth_status": "WAITING"}))
    sleeps: list[float] = []
    client = _client(sleeps, backoff=0.1, max_attempts=4)

    assert client.video_status(tcm_account_id=ACCOUNT, video_id="1").auth_status == "WAITING"
    assert sleeps == [0.1, 0.2, 0.4]


@responses.activate(registry=registries.OrderedRegistry)
def test_retries_give_up_after_the_last_attempt_with_the_typed_error() -> None:
    url = f"{API}/tcm/tt_video/status/"
    for _ in range(3):
        responses.get(url, json=fail(40132, "Request frequency limited"))
    sleeps: list[float] = []
    with pytest.raises(tk.RateLimited) as caught:
        _client(sleeps, max_attempts=3).video_status(tcm_account_id=ACCOUNT, video_id="1")
    assert caught.value.code == 40132 and len(sleeps) == 2


@pytest.mark.parametrize(
    ("code", "error"),
    [
        (40102, tk.TokenError),
        (40104, tk.TokenError),
        (40105, tk.TokenError),
        (40007, tk.NotFoundError),
        (40002, tk.ParamError),
        (40001, tk.PermissionDenied),
    ],
)
@responses.activate
def test_platform_errors_become_typed_exceptions_without_retry(
    code: int, error: type[tk.TikTokError]
) -> None:
    responses.get(f"{API}/tcm/tt_video/status/", json=fail(code, "nope"))
    sleeps: list[float] = []
    with pytest.raises(error) as caught:
        _client(sleeps).video_status(tcm_account_id=ACCOUNT, video_id="1")
    assert caught.value.code == code and sleeps == []
    assert len(responses.calls) == 1


@responses.activate(registry=registries.OrderedRegistry)
def test_system_errors_are_retried() -> None:
    url = f"{API}/tcm/tt_video/status/"
    responses.get(url, json=fail(50002, "system busy"))
    responses.get(url, json=ok({"auth_status": "ACCEPTED"}))
    assert _client().video_status(tcm_account_id=ACCOUNT, video_id="1").auth_status == "ACCEPTED"


@responses.activate
def test_a_body_that_is_not_json_is_a_malformed_response() -> None:
    responses.get(f"{API}/tcm/tt_video/status/", body='{"code": 0, "data": {"trunc')
    with pytest.raises(tk.MalformedResponse):
        _client().video_status(tcm_account_id=ACCOUNT, video_id="1")


@responses.activate
def test_a_timeout_on_a_post_is_not_retried() -> None:
    responses.post(f"{API}/tcm/tt_video/apply/", body=requests.Timeout("slow"))
    sleeps: list[float] = []
    with pytest.raises(tk.Timeout):
        _client(sleeps).apply_authorization(
            tcm_account_id=ACCOUNT, video_id="1", authorization_days=30
        )
    assert sleeps == [] and len(responses.calls) == 1


def test_a_good_signature_is_accepted() -> None:
    body = json.dumps({"entry": []}).encode()
    header = tk.sign("s3cret", 1_700_000_000, body)
    assert tk.verify_signature("s3cret", header, body, now=1_700_000_100) == 1_700_000_000


@pytest.mark.parametrize(
    ("header", "body", "now"),
    [
        (None, b"{}", 1_700_000_000),
        ("t=abc,s=00", b"{}", 1_700_000_000),
        (tk.sign("other", 1_700_000_000, b"{}"), b"{}", 1_700_000_000),
        (tk.sign("s3cret", 1_700_000_000, b"{}"), b'{"x":1}', 1_700_000_000),
        (tk.sign("s3cret", 1_700_000_000, b"{}"), b"{}", 1_700_000_301),
    ],
    ids=["missing", "malformed", "wrong-secret", "tampered-body", "too-old"],
)
def test_bad_signatures_are_refused(header: str | None, body: bytes, now: int) -> None:
    with pytest.raises(tk.SignatureError):
        tk.verify_signature("s3cret", header, body, now=now)


@pytest.mark.parametrize(
    ("path", "data", "where"),
    [
        ("/tcm/order/get/v2/", {"orders": [{"handle_name": "maya"}]}, "order_id"),
        ("/tcm/order/get/v2/", {"orders": [{"order_id": 17, "handle_name": "maya"}]}, "order_id"),
        ("/tcm/order/get/v2/", {"orders": "none"}, "$.orders"),
        (
            "/tcm/report/get/v2/",
            report_data({"video_id": "1", "insights": {"likes": "x"}}),
            "likes",
        ),
        ("/tcm/tt_video/status/", {"auth_status": ["ACCEPTED"]}, "auth_status"),
        ("/tcm/tt_video/status/", None, "null"),
    ],
    ids=[
        "missing-id",
        "number-for-id",
        "string-for-list",
        "text-for-count",
        "list-for-text",
        "no-data",
    ],
)
@responses.activate
def test_an_answer_flex_cannot_read_is_a_malformed_response_naming_the_field(
    path: str, data: object, where: str
) -> None:
    responses.get(
        f"{API}{path}", json={"code": 0, "message": "OK", "request_id": "r1", "data": data}
    )
    sleeps: list[float] = []
    client = _client(sleeps)
    calls = {
        "/tcm/order/get/v2/": lambda: client.orders_by_invite_link(
            tcm_account_id=ACCOUNT, invite_link=LINK
        ),
        "/tcm/report/get/v2/": lambda: client.report(
            tcm_account_id=ACCOUNT, order_ids=["o1"], start_date="2025-06-01", end_date="2025-06-02"
        ),
        "/tcm/tt_video/status/": lambda: client.video_status(tcm_account_id=ACCOUNT, video_id="1"),
    }
    with pytest.raises(tk.MalformedResponse) as caught:
        calls[path]()
    assert where in caught.value.message and caught.value.request_id == "r1"
    assert not caught.value.retriable and sleeps == [] and len(responses.calls) == 1


@responses.activate
def test_fields_tiktok_adds_are_ignored_and_absent_optional_ones_take_defaults() -> None:
    responses.get(
        f"{API}/tcm/order/get/v2/",
        json=ok(
            {
                "orders": [{"order_id": "o1", "handle_name": "@maya", "brand_new_field": {"x": 1}}],
                "page_info": {"page": 1, "total_page": 1, "total_number": 1},
                "extra": True,
            }
        ),
    )
    [order] = _client().orders_by_invite_link(tcm_account_id=ACCOUNT, invite_link=LINK)
    assert order.order_id == "o1" and order.handle == "maya" and order.video_ids == ()


@responses.activate
def test_a_campaign_create_without_its_invite_link_is_malformed() -> None:
    responses.post(f"{API}/tto/tcm/campaign/create/", json=ok({"campaign_id": "c1"}))
    with pytest.raises(tk.MalformedResponse, match="invite_link"):
        _client().create_campaign(
            tcm_account_id=ACCOUNT,
            campaign_name="Serum launch",
            handle_names=["maya"],
            advertiser_ids=[],
            description="",
            approved_description="",
            required_elements=[],
        )


@responses.activate
def test_json_nested_too_deep_is_a_malformed_response_not_a_crash() -> None:
    deep = '{"code": 0, "data": {"orders": ' + "[" * 100_000 + "]" * 100_000 + "}}"
    responses.get(f"{API}/tcm/order/get/v2/", body=deep, content_type="application/json")
    with pytest.raises(tk.MalformedResponse):
        _client().orders_by_invite_link(tcm_account_id=ACCOUNT, invite_link=LINK)


@responses.activate(registry=registries.OrderedRegistry)
def test_calls_of_one_client_share_its_deadline_and_stop_when_it_has_run_out() -> None:
    now = [0.0]
    url = f"{API}/tcm/tt_video/status/"

    def slow(request: object) -> tuple[int, dict[str, str], str]:
        now[0] += 4.0  # TikTok answers, 4 s later, that it is busy
        return 200, {}, json.dumps(fail(50002, "busy"))

    responses.add_callback(responses.GET, url, callback=slow)
    responses.add_callback(responses.GET, url, callback=slow)
    sleeps: list[float] = []
    client = _client(sleeps, backoff=0.5, deadline=tk.Deadline.after(8.0, clock=lambda: now[0]))

    with pytest.raises(tk.TikTokSystemError):  # what went wrong, not just "out of time"
        client.video_status(tcm_account_id=ACCOUNT, video_id="1")
    assert len(responses.calls) == 2 and sleeps == [0.5]  # 4 s + 0.5 + 4 s: no third try
    with pytest.raises(tk.DeadlineExceeded):
        client.report(tcm_account_id=ACCOUNT, order_ids=["o1"], start_date="a", end_date="b")
    assert len(responses.calls) == 2  # nothing sent once the page's time is up


@responses.activate(registry=registries.OrderedRegistry)
def test_a_connection_cut_while_the_answer_is_read_is_dropped_and_retried() -> None:
    url = f"{API}/tcm/tt_video/status/"
    responses.get(url, body=requests.exceptions.ChunkedEncodingError("connection broken"))
    responses.get(url, json=ok({"auth_status": "ACCEPTED"}))
    sleeps: list[float] = []
    status = _client(sleeps).video_status(tcm_account_id=ACCOUNT, video_id="1")
    assert status.auth_status == "ACCEPTED" and len(sleeps) == 1


@responses.activate(registry=registries.OrderedRegistry)
def test_retries_and_the_final_failure_are_logged_with_tiktoks_request_id(
    caplog: pytest.LogCaptureFixture,
) -> None:
    url = f"{API}/tcm/tt_video/status/"
    responses.get(url, json=fail(50002, "system busy"))
    responses.get(url, json={**fail(50002, "still busy"), "request_id": "req-42"})
    caplog.set_level("INFO", logger=tk.__name__)
    with pytest.raises(tk.TikTokSystemError):
        _client(max_attempts=2).video_status(tcm_account_id=ACCOUNT, video_id="1")
    retry, failure = caplog.records
    assert retry.levelname == "INFO" and "system busy" in retry.getMessage()
    assert failure.levelname == "WARNING"
    assert "/tcm/tt_video/status/" in failure.getMessage() and "req-42" in failure.getMessage()


@responses.activate
def test_one_caption_with_a_lone_surrogate_does_not_cost_the_whole_video_list() -> None:
    body = '{"code": 0, "data": {"posts": [{"video_id": "7301", "caption": "bad \\ud800 text"}]}}'
    responses.get(
        f"{API}/tcm/creator/authorized/video/list/", body=body, content_type="application/json"
    )
    [post] = _client().authorized_videos(
        tcm_account_id=ACCOUNT, handle_name="maya", video_ids=["7301"]
    )
    assert post.video_id == "7301" and post.caption.startswith("bad ")
