"""The fake TikTok in the test's own process: `requests` calls to TikTok's hosts go straight to it.

    with tiktok_mock() as sim:
        requests.post("https://business-api.tiktok.com/open_api/v1.3/...", json=..., headers=...)
        sim.clock.advance("2h")
        assert sim.journal.verify(method="POST", path="/open_api/v1.3/...").ok

`responses` intercepts every `requests` call; one route per TikTok host hands the call to
the app's WSGI callable (method, path, query, headers and body, as a server would) and
returns its status, headers and body. Everything else (localhost, ...) passes through to
the network. A 'drop' fault raises `requests.ConnectionError`, as a closed socket does.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import io
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit

import requests
import responses
from flask import Flask

from .control import ControlHooks, control_hooks
from .core.clock import VirtualClock
from .core.faults import FaultSet
from .core.journal import Journal
from .core.scenarios import half_of, load_scenario_file
from .core.tenants import DEFAULT_TENANT, Tenant, TenantRegistry

TIKTOK_HOSTS = (
    "business-api.tiktok.com",
    "sandbox-ads.tiktok.com",
    "open.tiktokapis.com",
    "www.tiktok.com",
)
DEFAULT_CONFIG: dict[str, Any] = {"TESTING": True, "WEBHOOK_SYNC": True}
_SKIP_HEADERS = {"content-type", "content-length"}

F = TypeVar("F", bound=Callable[..., Any])


def default_app(config: dict[str, Any] | None = None) -> Flask:
    """A fresh fake TikTok (imported only when asked for, so this module loads without it)."""
    module = importlib.import_module("simulator.tiktok.app")
    app: Flask = module.create_app({**DEFAULT_CONFIG, **(config or {})})
    return app


class WsgiForwarder:
    """Turns a `requests.PreparedRequest` into a WSGI call on `app`; as cheap as it can be."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def __call__(
        self, request: requests.PreparedRequest
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        """Serve one request in-process and return (status, headers, body) for `responses`."""
        url = urlsplit(str(request.url))
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode("utf-8")
        elif not isinstance(body, bytes):  # a file-like or generator body
            body = b"".join(c if isinstance(c, bytes) else str(c).encode() for c in body)
        https = url.scheme == "https"
        environ: dict[str, Any] = {
            "REQUEST_METHOD": (request.method or "GET").upper(),
            "SCRIPT_NAME": "",
            "PATH_INFO": unquote(url.path or "/").encode("utf-8").decode("latin-1"),
            "QUERY_STRING": url.query,
            "SERVER_NAME": url.hostname or "localhost",
            "SERVER_PORT": str(url.port or (443 if https else 80)),
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_HOST": url.netloc,
            "CONTENT_LENGTH": str(len(body)),
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": url.scheme or "http",
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": True,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
        }
        for name, value in request.headers.items():
            key = name.upper().replace("-", "_")
            if name.lower() in _SKIP_HEADERS:
                if key == "CONTENT_TYPE":
                    environ["CONTENT_TYPE"] = value
                continue
            environ[f"HTTP_{key}"] = value
        started: list[Any] = []

        def start_response(
            status: str, headers: list[tuple[str, str]], exc_info: Any = None
        ) -> Any:
            started[:] = [status, headers]
            return lambda _data: None

        result = self.app(environ, start_response)
        try:
            content = b"".join(result)
        except (ConnectionError, OSError) as exc:
            raise requests.ConnectionError(
                f"connection to {url.netloc} dropped by the simulator ({exc})", request=request
            ) from exc
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        status, headers = started
        kept = [(k, v) for k, v in headers if k.lower() != "content-length"]
        return int(status.split(" ", 1)[0]), kept, content


class _HostRoute(responses.CallbackResponse):
    """One `responses` route for every method and path on one host (cheap to match)."""

    def __init__(self, host: str, forward: WsgiForwarder) -> None:
        super().__init__("*", f"https://{host}/", forward, content_type=None)
        self.host = host

    def matches(self, request: requests.PreparedRequest) -> tuple[bool, str]:  # type: ignore[override]
        """Any method, path and query on this host, over http or https."""
        if urlsplit(str(request.url)).hostname == self.host:
            return True, ""
        return False, f"host is not {self.host}"


class SimHandle:
    """What `tiktok_mock()` yields: the app and its controls, as Python calls.

    Every control takes an optional tenant (default: the handle's `default_tenant`).
    """

    def __init__(self, app: Flask, mock: responses.RequestsMock, tenant: str = DEFAULT_TENANT):
        self.app = app
        self.mock = mock
        self.default_tenant = tenant
        self.hooks: ControlHooks = control_hooks(app)

    @property
    def registry(self) -> TenantRegistry[Any]:
        """Every tenant of the fake."""
        return self.hooks.registry

    def tenant(self, tenant_id: str | None = None) -> Tenant[Any]:
        """A tenant (created empty on first use), to read or change its state directly."""
        return self.registry.get(tenant_id or self.default_tenant)

    @property
    def clock(self) -> VirtualClock:
        """The default tenant's virtual clock: `.freeze()`, `.set(dt)`, `.advance('2h')`."""
        return self.tenant().clock

    @property
    def journal(self) -> Journal:
        """The default tenant's journal: `.entries(path=...)`, `.verify(...)`, `.clear()`."""
        return self.tenant().journal

    @property
    def faults(self) -> FaultSet:
        """The default tenant's fault rules: `.add(FaultRule(...))`, `.add_webhook(...)`."""
        return self.tenant().faults

    def reset(self, tenant_id: str | None = None, *, all_tenants: bool = False) -> None:
        """Empty a tenant (or remove every tenant), as POST /_sim/reset does."""
        if all_tenants:
            self.registry.reset_all()
        else:
            self.registry.reset(tenant_id or self.default_tenant)

    def seed(
        self, data: str | dict[str, Any] | Path = "demo", tenant: str | None = None
    ) -> dict[str, Any]:
        """Give a tenant fresh state from a data set name, a scenario (whole or TikTok half),
        or a scenario file; returns the app's seed summary."""
        if isinstance(data, Path) or (
            isinstance(data, str) and data.endswith((".json", ".yaml", ".yml"))
        ):
            scenario = half_of(load_scenario_file(data), "tiktok")
        elif isinstance(data, str):
            scenario = self.hooks.dataset(data)
        else:
            scenario = half_of(data, "tiktok")
        return self.hooks.load(tenant or self.default_tenant, scenario)

    def snapshot(self, name: str, tenant: str | None = None) -> None:
        """Save a tenant's state under `name`."""
        self.registry.save_snapshot(tenant or self.default_tenant, name)

    def restore(self, name: str, tenant: str | None = None) -> None:
        """Put a snapshot back (into the tenant it came from, unless one is named)."""
        self.hooks.restore(name, tenant)

    def fork(self, name: str, new_tenant: str) -> Tenant[Any]:
        """A new tenant that starts from a snapshot, with ids of its own; the tokens it
        carries in still lead to the original (reach the fork with X-Sim-Tenant)."""
        return self.hooks.fork(name, new_tenant)

    def credentials(self, tenant: str | None = None) -> dict[str, Any]:
        """The tokens that lead to a tenant and, for a fork, those it carried in (as
        GET /_sim/tenants/<id>/credentials answers)."""
        return self.hooks.credentials(tenant or self.default_tenant)


class tiktok_mock:
    """Route `requests` calls to TikTok's hosts into an in-process fake TikTok.

    A context manager (`with tiktok_mock() as sim:`) and a decorator (`@tiktok_mock()`; a
    decorated function with a `tiktok_sim` parameter receives the handle). Each entry builds
    a fresh app (or uses `app`), seeds the default tenant with `dataset` (or `scenario`), and
    lets every other URL through to the network.
    """

    def __init__(
        self,
        app: Flask | Callable[[], Flask] | None = None,
        *,
        config: dict[str, Any] | None = None,
        dataset: str | None = "demo",
        scenario: dict[str, Any] | str | Path | None = None,
        hosts: tuple[str, ...] = TIKTOK_HOSTS,
        tenant: str = DEFAULT_TENANT,
    ) -> None:
        self._app = app
        self._config = config
        self._dataset = dataset
        self._scenario = scenario
        self._hosts = hosts
        self._tenant = tenant
        self._stack: list[tuple[responses.RequestsMock, SimHandle]] = []

    def _build_app(self) -> Flask:
        if isinstance(self._app, Flask):
            return self._app
        if callable(self._app):
            return self._app()
        return default_app(self._config)

    def __enter__(self) -> SimHandle:
        app = self._build_app()
        mock = responses.RequestsMock(assert_all_requests_are_fired=False)
        forward = WsgiForwarder(app)
        for host in self._hosts:
            mock.add(_HostRoute(host, forward))
        mock.add_passthru("http://")
        mock.add_passthru("https://")
        handle = SimHandle(app, mock, self._tenant)
        if self._scenario is not None:
            data = self._scenario
            handle.seed(Path(data) if isinstance(data, str) else data)
        elif self._dataset:
            handle.seed(self._dataset)
        mock.start()
        self._stack.append((mock, handle))
        return handle

    def __exit__(self, *exc: object) -> None:
        mock, _handle = self._stack.pop()
        mock.stop()
        mock.reset()

    def __call__(self, func: F) -> F:
        """Use as a decorator; a `tiktok_sim` parameter of `func` receives the handle."""
        wants_handle = "tiktok_sim" in inspect.signature(func).parameters

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with self as sim:
                if wants_handle:
                    kwargs["tiktok_sim"] = sim
                return func(*args, **kwargs)

        if wants_handle:
            # pytest must not see `tiktok_sim` as a fixture request when the decorator fills it
            params = [
                p for p in inspect.signature(func).parameters.values() if p.name != "tiktok_sim"
            ]
            wrapper.__signature__ = inspect.signature(func).replace(parameters=params)  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]


@contextmanager
def serve_like_tiktok(app: Flask) -> Iterator[str]:
    """Serve `app` on a loopback socket (simulator.serving) while the block runs; yields its URL.

    The same app two ways, for tests that compare in-process answers with a server's.
    """
    from .serving import serve_in_thread

    server = serve_in_thread(app)
    try:
        yield server.url
    finally:
        server.stop()
