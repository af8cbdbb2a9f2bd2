"""Flex's only door to TikTok: typed calls over HTTP in TikTok's Business API shapes.

Every call sends the brand's `Access-Token` and Flex's tenant id as `X-Sim-Tenant`, unwraps
TikTok's envelope and decodes its `data` into Flex's own types (`tiktok_types`), so nothing
past this module reads a TikTok field name. Error codes and transport failures become typed
exceptions that say whether they are worth retrying (`retriable`) and what the page should
tell the user (`user_message`); an answer that is not what TikTok documents is a
`MalformedResponse`, never a KeyError.

Retries (rate limits, system errors, 5xx, dropped connections, timed-out GETs) back off
exponentially, and every call and retry of one page shares one `Deadline`: a slow TikTok costs
a page at most the deadline, however many calls it makes, instead of attempts times timeout per
call. The clock and the sleep are injectable, so tests run instantly and measure virtual time.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import msgspec
import requests

from simulator.core.tenants import TENANT_HEADER

from .tiktok_types import (
    Acknowledged,
    AdAuthorization,
    AdList,
    AdState,
    Answer,
    AuthorizedItem,
    Campaign,
    CampaignList,
    ItemInfo,
    NewAdCampaign,
    NewAdGroup,
    NewAds,
    NewCampaign,
    Order,
    OrderList,
    Page,
    PaidReport,
    PaidResults,
    Post,
    PostList,
    ReportRows,
    Subscription,
    VideoReport,
)

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "http://127.0.0.1:8600"
USER_AGENT = "Flex/1.0 (partner platform; tiktok-sim)"
API = "/open_api/v1.3"
SIGNATURE_HEADER = "TikTok-Signature"
SIGNATURE_TOLERANCE_S = 300
MIN_ATTEMPT_S = 0.5  # an attempt with less time left than this (or one timeout) is not made

A = TypeVar("A", bound=Answer)
T = TypeVar("T")


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
    """TikTok answered something that is not its JSON envelope, or `data` Flex cannot read.

    Not retriable: the same request would get the same answer."""

    user_message = "TikTok sent an answer Flex could not read."


class DeadlineExceeded(TikTokError):
    """The page's time for TikTok ran out before this call could be made (or retried)."""

    user_message = "TikTok is slow to answer right now."


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


class _Envelope(msgspec.Struct):
    """TikTok's answer around `data`; `data` is converted once the call's type is known."""

    code: int
    message: str = ""
    request_id: str = ""
    data: Any = None


@dataclass(frozen=True)
class Deadline:
    """The moment a page stops waiting on TikTok: all its calls and retries share it."""

    at: float
    clock: Callable[[], float] = time.monotonic

    @classmethod
    def after(cls, seconds: float, clock: Callable[[], float] = time.monotonic) -> Deadline:
        """A deadline `seconds` from now on `clock`."""
        return cls(clock() + seconds, clock)

    def remaining(self) -> float:
        """Seconds left (never negative)."""
        return max(0.0, self.at - self.clock())


NO_DEADLINE = Deadline(float("inf"))


def all_pages(fetch: Callable[[int], Page[T]], max_pages: int) -> Iterator[T]:
    """Every item of a paginated list, page after page, until the last (or `max_pages`)."""
    for number in range(1, max_pages + 1):
        page = fetch(number)
        yield from page.items
        if page.last:
            return


class TikTokClient:
    """Typed calls to TikTok's Business API for one brand and one Flex tenant.

    A page builds one client and every call it makes shares `deadline`; `timeout` bounds one
    attempt, `max_attempts` the tries of one call.
    """

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
        deadline: Deadline = NO_DEADLINE,
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
        self.deadline = deadline
        self.sleep = sleep
        self.session = session or requests.Session()

    # --- transport ---------------------------------------------------------------------------
    def _headers(self) -> dict[str, str]:
        return {
            "Access-Token": self.access_token,
            TENANT_HEADER: self.tenant_id,
            "Content-Type": "application/json",
            "Accept": "application/json",
            "User-Agent": USER_AGENT,
        }

    def _once(
        self,
        method: str,
        path: str,
        answer: type[A],
        params: dict[str, str] | None,
        body: dict[str, Any] | None,
        timeout: float,
    ) -> A:
        url = f"{self.base_url}{API}{path}"
        try:
            response = self.session.request(
                method,
                url,
                params=params,
                data=json.dumps(body) if body is not None else None,
                headers=self._headers(),
                timeout=timeout,
            )
        except requests.Timeout as exc:
            raise Timeout(f"{method} {path} timed out after {timeout:.1f}s") from exc
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as exc:
            # ChunkedEncodingError: the connection was cut while the body was being read.
            raise ConnectionDropped(f"{method} {path}: {exc}") from exc
        except requests.RequestException as exc:  # a bad URL or the like: retrying won't help
            raise TikTokError(f"{method} {path}: {exc}") from exc
        if response.status_code >= 500:
            raise ServerError(
                f"{method} {path} answered HTTP {response.status_code}",
                http_status=response.status_code,
            )
        # The standard json parser, then msgspec on the objects: msgspec's own parser refuses a
        # whole answer over one lone surrogate escape in one caption, which Flex can clean
        # (the stored text is normalized) rather than lose the creator's whole video list.
        try:
            envelope = msgspec.convert(json.loads(response.content), _Envelope, strict=False)
        except (ValueError, RecursionError, msgspec.ValidationError) as exc:
            raise MalformedResponse(
                f"{method} {path} answered HTTP {response.status_code} with a body that is "
                f"not TikTok's JSON envelope: {exc}",
                http_status=response.status_code,
            ) from exc
        if envelope.code != 0:
            raise error_for_code(envelope.code, envelope.message, envelope.request_id)
        try:
            return msgspec.convert(envelope.data, answer, strict=False)
        except msgspec.ValidationError as exc:
            raise MalformedResponse(
                f"{method} {path} answered data Flex cannot read: {exc}",
                request_id=envelope.request_id,
            ) from exc

    def _call(
        self,
        method: str,
        path: str,
        answer: type[A],
        *,
        params: dict[str, str] | None = None,
        body: dict[str, Any] | None = None,
    ) -> A:
        """One call with its retries, within the page's deadline.

        Each attempt waits at most `timeout` and never past the deadline; a retry happens only
        when the back-off still leaves `MIN_ATTEMPT_S` (or one `timeout`, if shorter) before
        the deadline: an attempt with less time could hardly hear back. When time runs out
        after a failure, that failure is raised (it says best what went wrong); when it ran
        out before the first attempt, `DeadlineExceeded`.
        """
        delay = self.backoff
        least = min(MIN_ATTEMPT_S, self.timeout)
        for attempt in range(1, self.max_attempts + 1):
            left = self.deadline.remaining()
            if left < least:
                log.warning(
                    "TikTok %s %s not sent: the page's time for TikTok ran out", method, path
                )
                raise DeadlineExceeded(f"{method} {path}: the page's time for TikTok ran out")
            try:
                return self._once(method, path, answer, params, body, min(self.timeout, left))
            except TikTokError as exc:
                # A POST that timed out may have been done; only GETs retry timeouts.
                unsafe = isinstance(exc, Timeout) and method != "GET"
                pause = min(delay, self.max_backoff)
                out_of_time = self.deadline.remaining() - pause < least
                if not exc.retriable or unsafe or attempt == self.max_attempts or out_of_time:
                    log.warning(
                        "TikTok %s %s failed (attempt %d): %s [%s, code %s, request_id %s]",
                        method,
                        path,
                        attempt,
                        exc.message,
                        type(exc).__name__,
                        exc.code,
                        exc.request_id or "-",
                    )
                    raise
                log.info("TikTok %s %s: %s; retrying in %.2fs", method, path, exc.message, pause)
                self.sleep(pause)
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
    ) -> NewCampaign:
        """Create the TikTok side of a deliverable: its campaign id and invite link."""
        return self._call(
            "POST",
            "/tto/tcm/campaign/create/",
            NewCampaign,
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

    def campaigns_page(
        self, *, tcm_account_id: str, page: int = 1, page_size: int = 50
    ) -> Page[Campaign]:
        """One page of the brand's campaigns (to find one whose create call went unanswered)."""
        data = self._call(
            "GET",
            "/tto/tcm/campaign/",
            CampaignList,
            params={
                "tto_tcm_account_id": tcm_account_id,
                "page": str(page),
                "page_size": str(page_size),
            },
        )
        return Page(data.campaigns, data.page_info.page, data.page_info.total_page)

    def find_campaign(
        self, *, tcm_account_id: str, match: Callable[[Campaign], bool], max_pages: int = 20
    ) -> Campaign | None:
        """The brand's first campaign for which `match` is true, following pagination."""
        campaigns = all_pages(
            lambda page: self.campaigns_page(tcm_account_id=tcm_account_id, page=page), max_pages
        )
        return next((c for c in campaigns if match(c)), None)

    def subscribe(self, *, app_id: str, secret: str, callback_url: str) -> str:
        """Ask TikTok to send TCM video webhooks to Flex; returns the subscription id."""
        return self._call(
            "POST",
            "/subscription/subscribe/",
            Subscription,
            body={
                "app_id": app_id,
                "secret": secret,
                "subscribe_entity": "TCM_VIDEOS",
                "callback_url": callback_url,
            },
        ).subscription_id

    def orders_page(
        self, *, tcm_account_id: str, invite_link: str, page: int = 1, page_size: int = 20
    ) -> Page[Order]:
        """One page of a campaign's orders (one per invited creator), found by invite link."""
        data = self._call(
            "GET",
            "/tcm/order/get/v2/",
            OrderList,
            params={
                "tcm_account_id": tcm_account_id,
                "query_type": "INVITE_LINK",
                "invite_link": invite_link,
                "page": str(page),
                "page_size": str(page_size),
            },
        )
        return Page(data.orders, data.page_info.page, data.page_info.total_page)

    def orders_by_invite_link(
        self, *, tcm_account_id: str, invite_link: str, page_size: int = 20, max_pages: int = 50
    ) -> list[Order]:
        """Every order of a campaign, following pagination to the last page."""
        return list(
            all_pages(
                lambda page: self.orders_page(
                    tcm_account_id=tcm_account_id,
                    invite_link=invite_link,
                    page=page,
                    page_size=page_size,
                ),
                max_pages,
            )
        )

    def authorized_videos(
        self, *, tcm_account_id: str, handle_name: str, video_ids: list[str]
    ) -> list[Post]:
        """Caption, thumbnail, date and counts of a creator's campaign videos, by id."""
        if not video_ids:
            return []
        data = self._call(
            "GET",
            "/tcm/creator/authorized/video/list/",
            PostList,
            params={
                "tcm_account_id": tcm_account_id,
                "handle_name": handle_name,
                "video_ids": json.dumps(video_ids),
            },
        )
        return list(data.posts)

    def report(
        self, *, tcm_account_id: str, order_ids: list[str], start_date: str, end_date: str
    ) -> list[VideoReport]:
        """Metrics per video of the given orders, between two dates (YYYY-MM-DD), every page."""

        def page(number: int) -> Page[VideoReport]:
            data = self._call(
                "GET",
                "/tcm/report/get/v2/",
                ReportRows,
                params={
                    "tcm_account_id": tcm_account_id,
                    "order_ids": json.dumps(order_ids),
                    "start_date": start_date,
                    "end_date": end_date,
                    "page": str(number),
                    "page_size": "50",
                },
            )
            return Page(data.videos(), data.page_info.page, data.page_info.total_page)

        return list(all_pages(page, max_pages=20))

    def video_status(self, *, tcm_account_id: str, video_id: str) -> AdAuthorization:
        """The Spark Ads authorization of a video: status, code and its dates."""
        return self._call(
            "GET",
            "/tcm/tt_video/status/",
            AdAuthorization,
            params={"tcm_account_id": tcm_account_id, "video_id": video_id},
        )

    def apply_authorization(
        self, *, tcm_account_id: str, video_id: str, authorization_days: int
    ) -> None:
        """Ask the creator for (longer) Spark Ads authorization of a video."""
        self._call(
            "POST",
            "/tcm/tt_video/apply/",
            Acknowledged,
            body={
                "tcm_account_id": tcm_account_id,
                "video_id": video_id,
                "authorization_days": authorization_days,
                "action": "APPLY",
            },
        )

    # --- Spark Ads: the marketer runs the authorized video as an ad ---------------------------
    def redeem_ad_code(self, *, advertiser_id: str, auth_code: str) -> None:
        """Bind the creator's authorization code to the ad account (`tt_video/authorize/`)."""
        self._call(
            "POST",
            "/tt_video/authorize/",
            Acknowledged,
            body={"advertiser_id": advertiser_id, "auth_code": auth_code},
        )

    def authorized_item(self, *, advertiser_id: str, auth_code: str) -> AuthorizedItem:
        """The post and the AUTH_CODE identity a redeemed code gives the ad account."""
        data = self._call(
            "GET",
            "/tt_video/info/",
            ItemInfo,
            params={"advertiser_id": advertiser_id, "auth_code": auth_code},
        )
        return AuthorizedItem(
            identity_id=data.user_info.identity_id,
            item_id=data.item_info.item_id,
            auth_end_time=data.auth_info.auth_end_time or "",
        )

    def create_ad_campaign(self, *, advertiser_id: str, name: str) -> str:
        """An ad campaign for video views, without a campaign budget; returns its id."""
        return self._call(
            "POST",
            "/campaign/create/",
            NewAdCampaign,
            body={
                "advertiser_id": advertiser_id,
                "campaign_name": name,
                "objective_type": "VIDEO_VIEWS",
                "budget_mode": "BUDGET_MODE_INFINITE",
            },
        ).campaign_id

    def create_ad_group(
        self,
        *,
        advertiser_id: str,
        campaign_id: str,
        name: str,
        budget_usd: float,
        start: str,
        end: str,
    ) -> str:
        """An ad group on TikTok with a total budget spent between two times (UTC+0,
        "YYYY-MM-DD HH:MM:SS"); returns its id."""
        return self._call(
            "POST",
            "/adgroup/create/",
            NewAdGroup,
            body={
                "advertiser_id": advertiser_id,
                "campaign_id": campaign_id,
                "adgroup_name": name,
                "placement_type": "PLACEMENT_TYPE_NORMAL",
                "placements": ["PLACEMENT_TIKTOK"],
                "budget_mode": "BUDGET_MODE_TOTAL",
                "budget": budget_usd,
                "schedule_type": "SCHEDULE_START_END",
                "schedule_start_time": start,
                "schedule_end_time": end,
                "optimization_goal": "REACH",
                "billing_event": "CPM",
                "bid_type": "BID_TYPE_NO_BID",
            },
        ).adgroup_id

    def create_spark_ad(
        self, *, advertiser_id: str, adgroup_id: str, name: str, identity_id: str, item_id: str
    ) -> str:
        """A Spark Ad that uses the creator's post through its AUTH_CODE identity."""
        made = self._call(
            "POST",
            "/ad/create/",
            NewAds,
            body={
                "advertiser_id": advertiser_id,
                "adgroup_id": adgroup_id,
                "creatives": [
                    {
                        "ad_name": name,
                        "identity_type": "AUTH_CODE",
                        "identity_id": identity_id,
                        "tiktok_item_id": item_id,
                        "ad_format": "SINGLE_VIDEO",
                        "call_to_action": "LEARN_MORE",
                    }
                ],
            },
        )
        if not made.ad_ids:
            raise MalformedResponse("ad/create/ answered no ad id")
        return made.ad_ids[0]

    def ad_state(self, *, advertiser_id: str, ad_id: str) -> AdState:
        """Whether the ad delivers, and if not why (`ad/get/`)."""
        data = self._call(
            "GET",
            "/ad/get/",
            AdList,
            params={"advertiser_id": advertiser_id, "filtering": json.dumps({"ad_ids": [ad_id]})},
        )
        found = next((a for a in data.ads if a.ad_id == ad_id), None)
        if found is None:
            raise NotFoundError(f"TikTok does not list ad {ad_id}")
        return found

    def ad_results(self, *, advertiser_id: str, ad_id: str) -> PaidResults:
        """What the ad bought over its lifetime (`report/integrated/get/`, BASIC, per ad)."""
        data = self._call(
            "GET",
            "/report/integrated/get/",
            PaidReport,
            params={
                "advertiser_id": advertiser_id,
                "report_type": "BASIC",
                "data_level": "AUCTION_AD",
                "dimensions": json.dumps(["ad_id"]),
                "metrics": json.dumps(
                    ["spend", "impressions", "clicks", "video_play_actions", "reach", "likes"]
                ),
                "query_lifetime": "true",
                "page_size": "1000",
            },
        )
        row = next((r for r in data.rows if r.dimensions.get("ad_id") == ad_id), None)
        return row.metrics if row is not None else PaidResults()


def sign(secret: str, timestamp: int, raw_body: bytes) -> str:
    """The TikTok-Signature header value for a body (what TikTok sends; used by tests too)."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + raw_body, hashlib.sha256)
    return f"t={timestamp},s={mac.hexdigest()}"


_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_HEX_SHA256 = re.compile(r"[0-9a-fA-F]{64}")


def verify_signature(
    secret: str,
    header: str | None,
    raw_body: bytes,
    now: int,
    tolerance: int = SIGNATURE_TOLERANCE_S,
) -> int:
    """Check a webhook's TikTok-Signature; returns its timestamp or raises SignatureError.

    Refuses any signature when no secret is configured (an empty key would let anyone sign),
    a missing or malformed header (`t` must be 1-12 ASCII digits, `s` 64 hex digits), a wrong
    HMAC, and a timestamp older than `tolerance` seconds (replays). A timestamp ahead of
    Flex's clock is accepted: the two fakes keep separate virtual clocks, and only old
    signatures are a replay risk.
    """
    if not secret:
        raise SignatureError("no TikTok webhook secret is configured for this tenant")
    if not header:
        raise SignatureError(f"missing {SIGNATURE_HEADER} header")
    parts: dict[str, str] = {}
    for piece in header.split(","):
        key, _, value = piece.strip().partition("=")
        parts[key] = value
    stamp, given = parts.get("t", ""), parts.get("s", "")
    if not _TIMESTAMP.fullmatch(stamp) or not _HEX_SHA256.fullmatch(given):
        raise SignatureError(f"malformed {SIGNATURE_HEADER} header")
    timestamp = int(stamp)
    expected = sign(secret, timestamp, raw_body).split("s=", 1)[1]
    if not hmac.compare_digest(expected, given.lower()):
        raise SignatureError("signature does not match")
    if timestamp < now - tolerance:
        raise SignatureError(f"signature is older than {tolerance} seconds")
    return timestamp
