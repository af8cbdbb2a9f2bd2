"""The two apps a session drives: started in threads on free ports, or reached by URL."""

from __future__ import annotations

import contextlib
import secrets
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlparse

import requests

from simulator.core.tenants import TENANT_HEADER
from simulator.serving import RunningServer, free_port, serve_in_thread


@dataclass
class SimApps:
    """Base URLs of the fake TikTok and Flex (no trailing slash), and servers we own."""

    tiktok_url: str
    flex_url: str
    servers: list[RunningServer] = field(default_factory=list)
    control_token: str | None = None

    def control_headers(self) -> dict[str, str]:
        """What every /_sim call sends: the control token, when there is one."""
        return {"Authorization": f"Bearer {self.control_token}"} if self.control_token else {}

    @property
    def started_here(self) -> bool:
        """Whether this session started the servers (False when pointed at URLs)."""
        return bool(self.servers)

    def stop(self) -> None:
        """Stop the servers this session started."""
        for server in reversed(self.servers):
            server.stop()
        self.servers.clear()


def wait_until_healthy(
    url: str, timeout: float = 15.0, headers: dict[str, str] | None = None
) -> None:
    """Block until GET <url>/_sim/health answers 200, or raise."""
    deadline = time.monotonic() + timeout
    last: Exception | str = "no answer"
    while time.monotonic() < deadline:
        try:
            response = requests.get(f"{url}/_sim/health", timeout=2, headers=headers)
            if response.status_code == 200:
                return
            last = f"HTTP {response.status_code}"
        except requests.RequestException as exc:
            last = exc
        time.sleep(0.05)
    raise RuntimeError(f"{url} did not become healthy: {last}")


RETRY_BACKOFF_S = 0.02


def start_apps(seed: int = 0, tiktok_url: str | None = None) -> SimApps:
    """Start Flex (and the fake TikTok, unless `tiktok_url` names a running one) on free
    loopback ports, wired to each other."""
    from simulator.flex.app import create_app as create_flex

    servers: list[RunningServer] = []
    try:
        if tiktok_url is None:
            from simulator.tiktok.app import create_app as create_tiktok

            tiktok_port = free_port()
            tiktok_url = f"http://127.0.0.1:{tiktok_port}"
            tiktok = create_tiktok({"TESTING": True, "SEED": seed, "PUBLIC_URL": tiktok_url})
            servers.append(serve_in_thread(tiktok, port=tiktok_port))
        flex_port = free_port()
        flex_url = f"http://127.0.0.1:{flex_port}"
        flex = create_flex(
            {
                "TESTING": True,
                "SEED": seed,
                "TIKTOK_BASE_URL": tiktok_url,
                "PUBLIC_URL": flex_url,
                "TIKTOK_TIMEOUT": 3,
                # Flex's retries keep their number and doubling, on a shorter first pause
                # (0.2 s in Flex's defaults): a scenario where TikTok keeps failing waits
                # ~0.1 s for them instead of ~1.4 s per call
                "TIKTOK_BACKOFF": RETRY_BACKOFF_S,
            }
        )
        servers.append(serve_in_thread(flex, port=flex_port))
        apps = SimApps(tiktok_url, flex_url, servers)
        wait_until_healthy(tiktok_url)
        wait_until_healthy(flex_url)
    except Exception:
        for server in servers:
            server.stop()
        raise
    return apps


class SimTenant:
    """One scenario's tenant on both apps, and the /_sim controls the steps need."""

    def __init__(self, apps: SimApps, tenant_id: str, scenario: dict[str, Any]) -> None:
        self.apps = apps
        self.id = tenant_id
        self.scenario = scenario
        self.seeded: dict[str, Any] = {}
        self._http = requests.Session()
        self._http.headers[TENANT_HEADER] = tenant_id
        self._http.headers.update(apps.control_headers())

    def create(self) -> None:
        """Create (or replace) the tenant on both apps, seeded with its scenario half."""
        for name, url in (("tiktok", self.apps.tiktok_url), ("flex", self.apps.flex_url)):
            response = self._http.post(
                f"{url}/_sim/tenants",
                json={"id": self.id, "scenario": self.scenario[name]},
                timeout=10,
            )
            if response.status_code >= 400:
                raise RuntimeError(
                    f"{name}: POST /_sim/tenants answered {response.status_code}: "
                    f"{response.text[:500]}"
                )
            self.seeded[name] = response.json().get("seeded", {})

    def delete(self) -> None:
        """Forget the tenant on both apps (best effort)."""
        for url in (self.apps.tiktok_url, self.apps.flex_url):
            with contextlib.suppress(requests.RequestException):
                self._http.delete(f"{url}/_sim/tenants/{self.id}", timeout=5)
        self._http.close()

    def _url(self, app: str) -> str:
        return self.apps.tiktok_url if app == "tiktok" else self.apps.flex_url

    def add_fault(self, app: str = "tiktok", **rule: Any) -> dict[str, Any]:
        """POST /_sim/faults: make chosen calls fail, slow down or drop."""
        response = self._http.post(f"{self._url(app)}/_sim/faults", json=rule, timeout=5)
        response.raise_for_status()
        result: dict[str, Any] = response.json()
        return result

    def clear_faults(self, app: str = "tiktok") -> None:
        """DELETE /_sim/faults."""
        self._http.delete(f"{self._url(app)}/_sim/faults", timeout=5).raise_for_status()

    def advance_clock(self, duration: str, app: str = "tiktok") -> dict[str, Any]:
        """Move the tenant's virtual clock forward (e.g. '2h')."""
        response = self._http.post(
            f"{self._url(app)}/_sim/clock", json={"advance": duration}, timeout=5
        )
        response.raise_for_status()
        result: dict[str, Any] = response.json()
        return result

    def journal(self, app: str = "tiktok") -> list[dict[str, Any]]:
        """The tenant's journal of requests and webhooks (GET /_sim/journal)."""
        response = self._http.get(f"{self._url(app)}/_sim/journal", timeout=5)
        response.raise_for_status()
        entries: list[dict[str, Any]] = response.json().get("entries", [])
        return entries

    def brand_reviews(self, handle: str, action: str) -> dict[str, Any]:
        """The brand accepts ("ACCEPT") or rejects ("REJECT") a creator who joined its
        campaign, through the Business API as the brand would (manual review)."""
        brand = self.scenario["tiktok"]["brands"][0]
        headers = {"Access-Token": brand["access_token"]}
        base = f"{self.apps.tiktok_url}/open_api/v1.3"
        found = self._http.get(
            f"{base}/tto/tcm/campaign/",
            params={"tto_tcm_account_id": brand["tcm_account_id"]},
            headers=headers,
            timeout=5,
        ).json()
        campaigns = found.get("data", {}).get("campaigns") or []
        if not campaigns:
            raise RuntimeError(f"the brand has no campaign to review: {found}")
        answer = self._http.post(
            f"{base}/tto/tcm/campaign/creator/review/",
            json={
                "tto_tcm_account_id": brand["tcm_account_id"],
                "campaign_id": campaigns[-1]["campaign_id"],
                "handle_name": handle,
                "action": action,
            },
            headers=headers,
            timeout=5,
        ).json()
        if answer.get("code") != 0:
            raise RuntimeError(f"the brand's review failed: {answer}")
        result: dict[str, Any] = answer["data"]
        return result

    def publish_post(self, caption: str) -> str:
        """The phone's current account publishes a video outside any campaign, the way an
        app on the phone would: Login Kit consent, then a direct post through the Content
        Posting API (PULL_FROM_URL). Returns the published video's id."""
        app = self.scenario["tiktok"]["apps"][0]
        redirect_uri = app["redirect_uris"][0]
        base = self.apps.tiktok_url
        consent = self._http.post(
            f"{base}/v2/auth/authorize/",
            data={
                "client_key": app["client_key"],
                "redirect_uri": redirect_uri,
                "scope": "user.info.basic,video.publish",
                "response_type": "code",
                "state": "harness",
                "decision": "allow",
            },
            allow_redirects=False,
            timeout=5,
        )
        code = parse_qs(urlparse(consent.headers.get("Location", "")).query).get("code")
        if consent.status_code != 302 or not code:
            raise RuntimeError(f"TikTok's consent did not give a code: {consent.text[:300]}")
        token = self._http.post(
            f"{base}/v2/oauth/token/",
            data={
                "client_key": app["client_key"],
                "client_secret": app["client_secret"],
                "code": code[0],
                "grant_type": "authorization_code",
                "redirect_uri": redirect_uri,
            },
            timeout=5,
        ).json()
        bearer = {"Authorization": f"Bearer {token['access_token']}"}
        init = self._http.post(
            f"{base}/v2/post/publish/video/init/",
            headers=bearer,
            json={
                "post_info": {"title": caption, "privacy_level": "PUBLIC_TO_EVERYONE"},
                "source_info": {
                    "source": "PULL_FROM_URL",
                    "video_url": "https://cdn.example.com/harness/post.mp4",
                },
            },
            timeout=5,
        ).json()
        publish_id = (init.get("data") or {}).get("publish_id")
        if not publish_id:
            raise RuntimeError(f"TikTok refused the post: {init}")
        status = self._http.post(
            f"{base}/v2/post/publish/status/fetch/",
            headers=bearer,
            json={"publish_id": publish_id},
            timeout=5,
        ).json()
        ids = (status.get("data") or {}).get("publicaly_available_post_id") or []
        if not ids:
            raise RuntimeError(f"the post is not published (is processing on?): {status}")
        return str(ids[0])


STAGING_HELP = (
    "The harness gives every scenario its own tenant through /_sim on both apps. On the "
    "server: start the apps with a control token (tiktok-sim up --host <address> "
    "--control-token <secret>, or SIM_CONTROL_TOKEN=<secret>), and reach them by a host name "
    "they know (their public URL's, or one listed in SIM_CONTROL_HOSTS). Here: give the same "
    "token (SIM_CONTROL_TOKEN=<secret> or --control-token <secret>)."
)


def control_plane_problem(apps: SimApps) -> str | None:
    """Whether the harness may drive both apps' /_sim: a probe tenant is created and deleted
    on each. None when it may; else what went wrong and what to set on the server."""
    headers = apps.control_headers()
    probe = f"qa-probe-{secrets.token_hex(4)}"
    for name, url in (("the fake TikTok", apps.tiktok_url), ("Flex", apps.flex_url)):
        try:
            answer = requests.post(
                f"{url}/_sim/tenants", json={"id": probe}, headers=headers, timeout=10
            )
            if answer.status_code < 400:
                requests.delete(f"{url}/_sim/tenants/{probe}", headers=headers, timeout=10)
                continue
        except requests.RequestException as exc:
            return (
                f"{name} at {url} cannot be reached ({type(exc).__name__}): is it running, "
                "and listening on an address this machine reaches (tiktok-sim up --host "
                f"<address>)? {STAGING_HELP}"
            )
        said = _control_message(answer)
        token = "with" if apps.control_token else "without"
        return (
            f"{name} at {url} refused the harness's control call {token} a token: HTTP "
            f"{answer.status_code} {said}. {STAGING_HELP}"
        )
    return None


def _control_message(answer: requests.Response) -> str:
    try:
        body = answer.json()
    except ValueError:
        return answer.text[:200]
    error = body.get("error", body) if isinstance(body, dict) else body
    if isinstance(error, dict):
        return f"{error.get('code', '')}: {error.get('message', '')}".strip(": ")
    return str(error)[:200]
