"""Flex's only door to TikTok: typed calls over HTTP in TikTok's Business API shapes.

Every call sends the brand's `Access-Token` and Flex's tenant id as `X-Sim-Tenant`, unwraps
TikTok's envelope, turns error codes and transport failures into typed exceptions, and
retries rate limits, system errors, 5xx and dropped connections with a short exponential
back-off (the sleep is injectable, so tests run instantly).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import requests

from simulator.core.tenants import TENANT_HEADER

DEFAULT_BASE_URL = "http://127.0.0.1:8600"
API = "/open_api/v1.3"
SIGNATURE_HEADER = "TikTok-Signature"
SIGNATURE_TOLERANCE_S = 300


class TikTokError(Exception):
    """Any failure talking to TikTok; `code` is TikTok's code (0 for transport failures)."""

    retriable = False
    user_message = "TikTok could not be reached."

    def __init__(
        self, message: str, *, code: int = 0, request_id: str = "", http_status: int = 0
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.request_id = request_id
        self.http_status = http_status


class RateLimited(TikTokError):
    """TikTok says we call too often (40100, 40132)."""

    retriable = True
    user_message = "TikTok is busy right now (too many requests)."


class TokenError(TikTokError):
    """The brand's access token is expired, missing or invalid (40102, 40104, 40105)."""

    user_message = "Flex's connection to TikTok needs to be renewed."


class PermissionDenied(TikTokError):
    """The token may not do this (40001)."""

    user_message = "TikTok refused the request (no permission)."


class NotFoundError(TikTokError):
    """The campaign, order or video does not exist on TikTok (40007)."""

    user_message = "TikTok does not know this campaign or video."


class ParamError(TikTokError):
    """TikTok rejected a parameter (40000, 40002)."""

    user_message = "TikTok rejected the request."


class TikTokSystemError(TikTokError):
    """TikTok had an internal error (50000, 50002)."""

    retriable = True
    user_message = "TikTok had a problem on its side."


class ServerError(TikTokError):
    """An HTTP 5xx answer."""

    retriable = True
    user_message = "TikTok is not answering properly right now."


class Timeout(TikTokError):
    """TikTok took longer than the configured timeout."""

    retriable = True
    user_message = "TikTok is slow to answer right now."


class ConnectionDropped(TikTokError):
    """The connection failed or was closed without an answer."""

    retriable = True
    user_message = "TikTok could not be reached."


class MalformedResponse(TikTokError):
    """TikTok answered something that is not its JSON envelope."""

    user_message = "TikTok sent an answer Flex could not read."


class SignatureError(Exception):
    """A webhook whose TikTok-Signature is missing, wrong or too old."""


_CODES: dict[int, type[TikTokError]] = {
    40000: ParamError,
    40001: PermissionDenied,
    40002: ParamError,
    40007: NotFoundError,
    40100: RateLimited,
    40132: RateLimited,
    40102: TokenError,
    40104: TokenError,
    40105: TokenError,
    50000: TikTokSystemError,
    50002: TikTokSystemError,
}


def error_for_code(code: int, message: str, request_id: str = "") -> TikTokError:
    """The typed exception for one of TikTok's envelope codes."""
    cls = _CODES.get(code, TikTokError)
    return cls(message or f"TikTok error {code}", code=code, request_id=request_id)


@dataclass
class Page:
    """One page of a paginated TikTok answer."""

    items: list[dict[str, Any]]
    page: int
    total_page: int


class TikTokClient:
    """Typed calls to TikTok's Business API for one brand and one Flex tenant."""

    def __init__(
        self,
        *,
        access_token: str,
        base_url: str = DEFAULT_BASE_URL,
        tenant_id: str = "default",
        timeout: float = 5.0,
        max_attempts: int = 4,
        backoff: float = 0.2,
        max_backoff: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
        session: requests.Session | None = None,
    ) -> None:
        self.access_token = access_token
        self.base_url = base_url.rstrip("/")
        self.tenant_id = tenant_id
        self.timeout = timeout
        self.max_attempts = max(1, max_attempts)
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.sleep = sleep
        self.session = session or requests.Session()

    # --- transport ---------------------------------------------------------------------------
    def _headers(self) -> dict[str, str]:
        return {
            "Access-Token": self.access_token,
            TENANT_HEADER: self.tenant_id,
            "Content-Type": "application/json",
            "Accept": "application/json",
        }

    def _once(
        self, method: str, path: str, params: dict[str, str] | None, body: dict[str, Any] | None
    ) -> dict[str, Any]:
        url = f"{self.base_url}{API}{path}"
        try:
            response = self.session.request(
                method,
                url,
                params=params,
                data=json.dumps(body) if body is not None else None,
                headers=self._headers(),
                timeout=self.timeout,
            )
        except requests.Timeout as exc:
            raise Timeout(f"{method} {path} timed out after {self.timeout}s") from exc
        except requests.ConnectionError as exc:
            raise ConnectionDropped(f"{method} {path}: {exc}") from exc
        if response.status_code >= 500:
            raise ServerError(
                f"{method} {path} answered HTTP {response.status_code}",
                http_status=response.status_code,
            )
        try:
            envelope = response.json()
        except (ValueError, requests.RequestException) as exc:
            raise MalformedResponse(
                f"{method} {path} answered HTTP {response.status_code} with a body that is "
                "not JSON",
                http_status=response.status_code,
            ) from exc
        if not isinstance(envelope, dict) or "code" not in envelope:
            raise MalformedResponse(f"{method} {path} answered JSON without TikTok's envelope")
        code = envelope.get("code")
        request_id = str(envelope.get("request_id", ""))
        if code != 0:
            raise error_for_code(
                int(code) if isinstance(code, int | str) and str(code).isdigit() else -1,
                str(envelope.get("message", "")),
                request_id,
            )
        data = envelope.get("data")
        if not isinstance(data, dict):
            raise MalformedResponse(f"{method} {path} answered an envelope without data")
        return data

    def _call(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, str] | None = None,
        body: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        delay = self.backoff
        for attempt in range(1, self.max_attempts + 1):
            try:
                return self._once(method, path, params, body)
            except TikTokError as exc:
                # A POST that timed out may have been done; only GETs retry timeouts.
                unsafe = isinstance(exc, Timeout) and method != "GET"
                if not exc.retriable or unsafe or attempt == self.max_attempts:
                    raise
                self.sleep(min(delay, self.max_backoff))
                delay *= 2
        raise AssertionError("unreachable")  # pragma: no cover

    # --- the calls Flex makes ----------------------------------------------------------------
    def create_campaign(
        self,
        *,
        tcm_account_id: str,
        campaign_name: str,
        handle_names: list[str],
        advertiser_ids: list[str],
        description: str,
        approved_description: str,
        required_elements: list[str],
        spark_ads_days: int = 30,
    ) -> dict[str, Any]:
        """Create the TikTok side of a deliverable; returns campaign_id and invite_link."""
        data = self._call(
            "POST",
            "/tto/tcm/campaign/create/",
            body={
                "tto_tcm_account_id": tcm_account_id,
                "campaign_type": "CAMPAIGN",
                "campaign_name": campaign_name,
                "handle_names": handle_names,
                "advertiser_ids": advertiser_ids,
                "default_spark_ads_requested_authorization_days": spark_ads_days,
                "send_notification": False,
                "campaign_description": description,
                "video_requirements": {
                    "description": approved_description,
                    "required_elements": required_elements,
                },
                "video_number": 1,
            },
        )
        if not data.get("campaign_id") or not data.get("invite_link"):
            raise MalformedResponse("campaign/create answered without campaign_id or invite_link")
        return data

    def campaigns_page(self, *, tcm_account_id: str, page: int = 1, page_size: int = 50) -> Page:
        """One page of the brand's campaigns (to find one whose create call went unanswered)."""
        data = self._call(
            "GET",
            "/tto/tcm/campaign/",
            params={
                "tto_tcm_account_id": tcm_account_id,
                "page": str(page),
                "page_size": str(page_size),
            },
        )
        info = data.get("page_info") or {}
        return Page(
            items=list(data.get("campaigns") or []),
            page=int(info.get("page", page)),
            total_page=int(info.get("total_page", 1)),
        )

    def find_campaign(
        self, *, tcm_account_id: str, match: Callable[[dict[str, Any]], bool], max_pages: int = 20
    ) -> dict[str, Any] | None:
        """The brand's first campaign for which `match` is true, following pagination."""
        for page in range(1, max_pages + 1):
            result = self.campaigns_page(tcm_account_id=tcm_account_id, page=page)
            found = next((c for c in result.items if match(c)), None)
            if found is not None:
                return found
            if result.page >= result.total_page or not result.items:
                return None
        return None

    def subscribe(self, *, app_id: str, secret: str, callback_url: str) -> str:
        """Ask TikTok to send TCM video webhooks to Flex; returns the subscription id."""
        data = self._call(
            "POST",
            "/subscription/subscribe/",
            body={
                "app_id": app_id,
                "secret": secret,
                "subscribe_entity": "TCM_VIDEOS",
                "callback_url": callback_url,
            },
        )
        return str(data.get("subscription_id", ""))

    def orders_page(
        self, *, tcm_account_id: str, invite_link: str, page: int = 1, page_size: int = 20
    ) -> Page:
        """One page of a campaign's orders (one per invited creator), found by invite link."""
        data = self._call(
            "GET",
            "/tcm/order/get/v2/",
            params={
                "tcm_account_id": tcm_account_id,
                "query_type": "INVITE_LINK",
                "invite_link": invite_link,
                "page": str(page),
                "page_size": str(page_size),
            },
        )
        info = data.get("page_info") or {}
        return Page(
            items=list(data.get("orders") or []),
            page=int(info.get("page", page)),
            total_page=int(info.get("total_page", 1)),
        )

    def orders_by_invite_link(
        self, *, tcm_account_id: str, invite_link: str, page_size: int = 20, max_pages: int = 50
    ) -> list[dict[str, Any]]:
        """Every order of a campaign, following pagination to the last page."""
        orders: list[dict[str, Any]] = []
        page = 1
        while page <= max_pages:
            result = self.orders_page(
                tcm_account_id=tcm_account_id,
                invite_link=invite_link,
                page=page,
                page_size=page_size,
            )
            orders.extend(result.items)
            if result.page >= result.total_page or not result.items:
                break
            page += 1
        return orders

    def authorized_videos(
        self, *, tcm_account_id: str, handle_name: str, video_ids: list[str]
    ) -> list[dict[str, Any]]:
        """Caption, thumbnail, date and counts of a creator's campaign videos, by id."""
        if not video_ids:
            return []
        data = self._call(
            "GET",
            "/tcm/creator/authorized/video/list/",
            params={
                "tcm_account_id": tcm_account_id,
                "handle_name": handle_name,
                "video_ids": json.dumps(video_ids),
            },
        )
        return list(data.get("posts") or [])

    def report(
        self, *, tcm_account_id: str, order_ids: list[str], start_date: str, end_date: str
    ) -> list[dict[str, Any]]:
        """Metrics per video of the given orders, between two dates (YYYY-MM-DD)."""
        data = self._call(
            "GET",
            "/tcm/report/get/v2/",
            params={
                "tcm_account_id": tcm_account_id,
                "order_ids": json.dumps(order_ids),
                "start_date": start_date,
                "end_date": end_date,
            },
        )
        return list(data.get("videos") or [])

    def video_status(self, *, tcm_account_id: str, video_id: str) -> dict[str, Any]:
        """The Spark Ads authorization of a video: status, code and its dates."""
        return self._call(
            "GET",
            "/tcm/tt_video/status/",
            params={"tcm_account_id": tcm_account_id, "video_id": video_id},
        )

    def apply_authorization(
        self, *, tcm_account_id: str, video_id: str, authorization_days: int
    ) -> dict[str, Any]:
        """Ask the creator for (longer) Spark Ads authorization of a video."""
        return self._call(
            "POST",
            "/tcm/tt_video/apply/",
            body={
                "tcm_account_id": tcm_account_id,
                "video_id": video_id,
                "authorization_days": authorization_days,
                "action": "APPLY",
            },
        )


def sign(secret: str, timestamp: int, raw_body: bytes) -> str:
    """The TikTok-Signature header value for a body (what TikTok sends; used by tests too)."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + raw_body, hashlib.sha256)
    return f"t={timestamp},s={mac.hexdigest()}"


def verify_signature(
    secret: str,
    header: str | None,
    raw_body: bytes,
    now: int,
    tolerance: int = SIGNATURE_TOLERANCE_S,
) -> int:
    """Check a webhook's TikTok-Signature; returns its timestamp or raises SignatureError.

    Refuses a missing or malformed header, a wrong HMAC, and a timestamp older than
    `tolerance` seconds (replays). A timestamp ahead of Flex's clock is accepted: the two
    fakes keep separate virtual clocks, and only old signatures are a replay risk.
    """
    if not header:
        raise SignatureError(f"missing {SIGNATURE_HEADER} header")
    parts: dict[str, str] = {}
    for piece in header.split(","):
        key, _, value = piece.strip().partition("=")
        parts[key] = value
    stamp, given = parts.get("t", ""), parts.get("s", "")
    if not stamp.isdigit() or not given:
        raise SignatureError(f"malformed {SIGNATURE_HEADER} header")
    timestamp = int(stamp)
    expected = sign(secret, timestamp, raw_body).split("s=", 1)[1]
    if not hmac.compare_digest(expected, given.lower()):
        raise SignatureError("signature does not match")
    if timestamp < now - tolerance:
        raise SignatureError(f"signature is older than {tolerance} seconds")
    return timestamp
