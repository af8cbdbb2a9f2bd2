"""pydantic v2 vs msgspec on this project's shapes: validate a campaign/create body, encode a
page of 20 orders (the figures in docs/tiktok.md, "The typed contract"). Run: .venv/bin/python
tools/measure_validation.py (pydantic is not a dependency: pip install pydantic first)."""

from __future__ import annotations

import json
import timeit
from typing import Annotated, Literal

import msgspec
import pydantic

BODY = json.dumps(
    {
        "tto_tcm_account_id": "7000000000000000001",
        "campaign_type": "CAMPAIGN",
        "campaign_name": "Serum launch",
        "handle_names": ["mayaflores.creates", "b.c"],
        "advertiser_ids": ["1"],
        "default_spark_ads_requested_authorization_days": 30,
        "send_notification": False,
        "campaign_description": "brief",
        "video_requirements": {"description": "desc #ad", "required_elements": ["#ad", "@x"]},
        "video_number": 1,
    }
).encode()


# ---- msgspec
class MReq(msgspec.Struct, forbid_unknown_fields=True):
    tto_tcm_account_id: str
    campaign_name: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    campaign_type: Literal["CAMPAIGN", "BRAND_LINK"] = "CAMPAIGN"
    handle_names: Annotated[list[str], msgspec.Meta(max_length=100)] = []
    advertiser_ids: list[str] = []
    default_spark_ads_requested_authorization_days: Literal[0, 7, 30, 60, 365] = 0
    send_notification: bool = False
    campaign_description: str = ""
    video_requirements: dict[str, object] | None = None
    video_number: Annotated[int, msgspec.Meta(ge=1, le=10)] = 1


class MQuota(msgspec.Struct):
    current_video_count: int
    per_creator_video_limit: int
    total_video_limit: int


class MOrder(msgspec.Struct):
    order_id: str
    handle_name: str
    video_ids: list[str]
    campaign_code: str
    campaign_id: str
    invite_link: str
    status: str
    quota: MQuota


class MPageInfo(msgspec.Struct):
    page: int
    page_size: int
    total_number: int
    total_page: int


class MData(msgspec.Struct):
    orders: list[MOrder]
    page_info: MPageInfo


class MEnv(msgspec.Struct):
    code: int
    message: str
    request_id: str
    data: MData


# ---- pydantic
class PBase(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid")


class PVR(PBase):
    description: str = ""
    required_elements: list[str] = []


class PReq(PBase):
    tto_tcm_account_id: str
    campaign_name: Annotated[str, pydantic.Field(min_length=1, max_length=100)]
    campaign_type: Literal["CAMPAIGN", "BRAND_LINK"] = "CAMPAIGN"
    handle_names: Annotated[list[str], pydantic.Field(max_length=100)] = []
    advertiser_ids: list[str] = []
    default_spark_ads_requested_authorization_days: Literal[0, 7, 30, 60, 365] = 0
    send_notification: bool = False
    campaign_description: str = ""
    video_requirements: dict[str, object] | None = None
    video_number: Annotated[int, pydantic.Field(ge=1, le=10)] = 1


class PQuota(PBase):
    current_video_count: int
    per_creator_video_limit: int
    total_video_limit: int


class POrder(PBase):
    order_id: str
    handle_name: str
    video_ids: list[str]
    campaign_code: str
    campaign_id: str
    invite_link: str
    status: str
    quota: PQuota


class PPageInfo(PBase):
    page: int
    page_size: int
    total_number: int
    total_page: int


class PData(PBase):
    orders: list[POrder]
    page_info: PPageInfo


class PEnv(PBase):
    code: int
    message: str
    request_id: str
    data: PData


def order(i: int) -> dict:
    return dict(
        order_id=str(7_000_000_000_000_000_000 + i),
        handle_name=f"creator{i}",
        video_ids=[str(7301 + i)],
        campaign_code="C1",
        campaign_id="7",
        invite_link="http://x/tto/invite/abc",
        status="ACCEPTED",
        quota=dict(current_video_count=1, per_creator_video_limit=1, total_video_limit=20),
    )


def baseline_req() -> object:  # today: json.loads + hand checks
    b = json.loads(BODY)
    assert isinstance(b["campaign_name"], str) and 0 < len(b["campaign_name"]) <= 100
    return b


def m_req() -> object:
    return msgspec.json.decode(BODY, type=MReq)


def p_req() -> object:
    return PReq.model_validate_json(BODY)


ENC = json.JSONEncoder(separators=(",", ":"))
menc = msgspec.json.Encoder()


def baseline_ans() -> bytes:
    data = {
        "orders": [order(i) for i in range(20)],
        "page_info": dict(page=1, page_size=20, total_number=40, total_page=2),
    }
    return ENC.encode({"code": 0, "message": "OK", "request_id": "r", "data": data}).encode()


def m_ans() -> bytes:
    data = MData(
        orders=[MOrder(**{**order(i), "quota": MQuota(**order(i)["quota"])}) for i in range(20)],
        page_info=MPageInfo(1, 20, 40, 2),
    )
    return menc.encode(MEnv(0, "OK", "r", data))


def p_ans() -> bytes:
    data = PData.model_construct(
        orders=[
            POrder.model_construct(
                **{**order(i), "quota": PQuota.model_construct(**order(i)["quota"])}
            )
            for i in range(20)
        ],
        page_info=PPageInfo.model_construct(page=1, page_size=20, total_number=40, total_page=2),
    )
    return (
        PEnv.model_construct(code=0, message="OK", request_id="r", data=data)
        .model_dump_json()
        .encode()
    )


def p_ans_validated() -> bytes:
    data = PData(
        orders=[POrder(**{**order(i), "quota": PQuota(**order(i)["quota"])}) for i in range(20)],
        page_info=PPageInfo(page=1, page_size=20, total_number=40, total_page=2),
    )
    return PEnv(code=0, message="OK", request_id="r", data=data).model_dump_json().encode()


assert json.loads(m_ans()) == json.loads(baseline_ans()) == json.loads(p_ans())
for name, fn in [
    ("request: json.loads + hand checks (today)", baseline_req),
    ("request: msgspec decode+validate", m_req),
    ("request: pydantic model_validate_json", p_req),
    ("answer 20 orders: dicts + json (today)", baseline_ans),
    ("answer 20 orders: msgspec Structs + encode", m_ans),
    ("answer 20 orders: pydantic model_construct + dump_json", p_ans),
    ("answer 20 orders: pydantic validated + dump_json", p_ans_validated),
]:
    n = 20000 if "request" in name else 3000
    best = min(timeit.repeat(fn, number=n, repeat=5)) / n * 1e6
    print(f"{name:55s} {best:8.1f} us")

# error messages and edge cases
for raw in [
    b'{"tto_tcm_account_id":"1","campaign_name":["a","b"]}',
    b'{"tto_tcm_account_id":"1","campaign_name":"\\ud800"}',
    b'{"tto_tcm_account_id":"1","campaign_name":"a","video_number":1e400}',
    b'{"tto_tcm_account_id":"1","campaign_name":"a","campaign_type":"X"}',
    b'{"tto_tcm_account_id":"1","campaign_name":"a","video_requirements":'
    + b"[" * 5000
    + b"]" * 5000
    + b"}",
]:
    for name, fn in [
        ("msgspec", lambda r: msgspec.json.decode(r, type=MReq)),
        ("pydantic", lambda r: PReq.model_validate_json(r)),
    ]:
        try:
            v = fn(raw)
            print(name, "ACCEPTED", repr(v)[:80])
        except Exception as e:
            print(name, type(e).__name__, str(e)[:150].replace("\n", " | "))
