"""The real fake TikTok answers the same in-process (tiktok_mock) and served (waitress)."""

from __future__ import annotations

import importlib.util
from datetime import UTC, datetime
from typing import Any

import pytest
import requests

from simulator.demo import DEMO_BRAND_TOKEN, DEMO_TCM_ACCOUNT_ID
from simulator.inprocess import default_app, serve_like_tiktok, tiktok_mock

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("simulator.tiktok.app") is None, reason="no fake TikTok yet"
)

START = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)
ORDERS = "/open_api/v1.3/tcm/order/get/v2/"
CREATE = "/open_api/v1.3/tto/tcm/campaign/create/"


def _prepare(app: Any) -> None:
    hooks = app.extensions["sim_control"]
    tenant = hooks.registry.get("default")
    tenant.clock.freeze()
    tenant.clock.set(START)
    with tenant.lock:
        hooks.seed(tenant, hooks.dataset("demo"))


def _calls(base: str) -> list[tuple[int, Any]]:
    token = {"Access-Token": DEMO_BRAND_TOKEN}
    campaign = {
        "tto_tcm_account_id": DEMO_TCM_ACCOUNT_ID,
        "campaign_type": "CAMPAIGN",
        "campaign_name": "Parity",
        "handle_names": ["mayaflores.creates"],
        "advertiser_ids": ["7100000000000000001"],
    }
    answers = []
    for method, path, kw in [
        ("POST", CREATE, {"json": campaign, "headers": token}),
        (
            "GET",
            ORDERS,
            {
                "params": {
                    "tcm_account_id": DEMO_TCM_ACCOUNT_ID,
                    "query_type": "INVITE_LINK",
                    "invite_link": "x",
                    "page": 1,
                    "page_size": 20,
                },
                "headers": token,
            },
        ),
        (
            "GET",
            ORDERS,
            {
                "params": {"tcm_account_id": DEMO_TCM_ACCOUNT_ID},
                "headers": {"Access-Token": "wrong"},
            },
        ),
    ]:
        r = requests.request(method, base + path, timeout=5, **kw)
        answers.append((r.status_code, r.json()))
    return answers


def test_same_calls_same_answers_in_process_and_served() -> None:
    with tiktok_mock(dataset=None) as sim:
        _prepare(sim.app)
        in_process = _calls("https://business-api.tiktok.com")
    served_app = default_app()
    _prepare(served_app)
    with serve_like_tiktok(served_app) as url:
        served = _calls(url)
    # invite links carry the public host, the only thing allowed to differ
    text = repr(in_process).replace("https://business-api.tiktok.com", "BASE")
    assert text == repr(served).replace(url, "BASE")
    assert in_process[0][1]["code"] == 0
