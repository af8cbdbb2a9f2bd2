"""Both servers answer, serve two apps side by side, drop a connection with no answer when
the app asks, and stop at once and cleanly, so test sessions don't wait or warn."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterable
from typing import Any

import pytest
import requests
from flask import Flask, request

from simulator import serving
from simulator.serving import (
    DEFER,
    DROP_CONNECTION,
    INLINE,
    SERVERS,
    WSGIApp,
    serve_in_thread,
    set_serves_inline,
)


def _hello_app(name: str = "hello") -> Flask:
    app = Flask(name)
    app.add_url_rule("/", "hello", lambda: name)

    @app.post("/echo")
    def echo() -> dict[str, object]:
        return {"got": request.get_json(), "leaked": request.headers.get("X-Leaked")}

    @app.get("/drop")
    def drop() -> str:
        request.environ[DROP_CONNECTION] = True
        return "never sent"

    return app


@pytest.mark.parametrize("server", SERVERS)
def test_a_stopped_server_refuses_connections(server: str) -> None:
    served = serve_in_thread(_hello_app(), server=server)
    assert requests.get(served.url, timeout=2).text == "hello"
    served.stop()
    assert not served.running
    with pytest.raises(requests.ConnectionError):
        requests.get(served.url, timeout=1)


@pytest.mark.parametrize("server", SERVERS)
def test_two_apps_are_served_side_by_side_in_one_process(server: str) -> None:
    first = serve_in_thread(_hello_app("first"), server=server)
    second = serve_in_thread(_hello_app("second"), server=server)
    try:
        assert requests.get(first.url, timeout=2).text == "first"
        assert requests.get(second.url, timeout=2).text == "second"
        posted = requests.post(f"{second.url}/echo", json={"n": [1, 2]}, timeout=2).json()
        assert posted["got"] == {"n": [1, 2]}
    finally:
        first.stop()
        second.stop()


def test_the_process_environment_does_not_leak_into_requests(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # granian's own WSGI wrapper copies os.environ into each request; HTTP_* would read as
    # headers (HTTP_PROXY, "httpoxy"). Ours does not.
    monkeypatch.setenv("HTTP_X_LEAKED", "from the environment")
    served = serve_in_thread(_hello_app())
    try:
        assert requests.post(f"{served.url}/echo", json={}, timeout=2).json()["leaked"] is None
    finally:
        served.stop()


@pytest.mark.parametrize("server", ["granian"])
def test_a_drop_closes_the_connection_before_a_byte_is_written(server: str) -> None:
    served = serve_in_thread(_hello_app(), server=server)
    try:
        for _ in range(20):  # the same every time, not a race
            with socket.create_connection((served.host, served.port), timeout=2) as sock:
                sock.sendall(b"GET /drop HTTP/1.1\r\nHost: x\r\n\r\n")
                assert sock.recv(1024) == b""
        assert requests.get(served.url, timeout=2).text == "hello"
    finally:
        served.stop()


@pytest.mark.parametrize("server", SERVERS)
def test_stopping_raises_nothing_in_a_serving_thread(
    server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    failures: list[BaseException | None] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: failures.append(args.exc_value))
    for _ in range(5):
        served = serve_in_thread(_hello_app(), server=server)
        requests.get(served.url, timeout=2)
        served.stop()
    assert failures == []


def test_a_serving_process_is_tuned_while_it_serves_and_handed_back() -> None:
    """`tiktok-sim serve/up` (run_servers) makes full collections rare and hands the GIL over
    more often while it serves, and gives the caller's settings back when it returns (a test
    that runs the CLI in-process)."""
    import gc
    import sys
    import threading

    from simulator.cli.servers import AppPlan, run_servers
    from simulator.serving import SERVING_GC_THRESHOLDS, SERVING_SWITCH_INTERVAL

    before = (gc.get_threshold(), sys.getswitchinterval())
    gc.set_threshold(700, 10, 10)  # CPython's defaults, as a fresh process has them
    sys.setswitchinterval(0.005)
    stop = threading.Event()
    stop.set()  # serve, then stop at once
    seen: list[tuple[tuple[int, ...], float]] = []

    def banner(urls: dict[str, str]) -> str:
        seen.append((gc.get_threshold(), sys.getswitchinterval()))
        return ""

    plan = AppPlan("tiktok", "127.0.0.1", 0, dataset=None)
    # in a thread of its own, so no signal handler is put on pytest's main thread
    runner = threading.Thread(
        target=run_servers, args=([plan],), kwargs={"banner": banner, "stop": stop}
    )
    try:
        runner.start()
        runner.join(timeout=20)
        assert not runner.is_alive()
        assert seen == [(SERVING_GC_THRESHOLDS, pytest.approx(SERVING_SWITCH_INTERVAL))]
        assert (gc.get_threshold(), sys.getswitchinterval()) == (
            (700, 10, 10),
            pytest.approx(0.005),
        )
    finally:
        gc.set_threshold(*before[0])
        sys.setswitchinterval(before[1])


@pytest.mark.parametrize("server", SERVERS)
def test_idle_kept_alive_connections_never_keep_a_new_client_waiting(server: str) -> None:
    """Browsers keep up to six connections per host open between requests, and a team shares
    one server: forty idle connections (five times the Python threads) must not stop a new
    client from being answered."""
    running = serve_in_thread(_hello_app(), server=server)
    idle: list[socket.socket] = []
    try:
        for _ in range(40):
            conn = socket.create_connection((running.host, running.port), timeout=5)
            conn.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            assert conn.recv(64).startswith(b"HTTP/1.1 200"), "an idle-to-be connection"
            idle.append(conn)
        answer = requests.get(f"{running.url}/", timeout=5)
        assert answer.status_code == 200
    finally:
        for conn in idle:
            conn.close()
        running.stop()


# ---- the fast lane ----------------------------------------------------------------------------
def _lane_app(release: threading.Event, seen: dict[str, set[str]]) -> WSGIApp:
    """Answers /quick on the lane, defers the rest: /wait until `release` is set, /echo gives
    its body back, /boom raises, /drop drops the connection."""

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ["PATH_INFO"]
        if environ.get(INLINE):
            seen.setdefault("on the lane", set()).add(path)
            if path != "/quick":
                return DEFER
        seen.setdefault(path, set()).add(threading.current_thread().name)
        if path == "/wait":
            release.wait(10)
        if path == "/boom":
            raise RuntimeError("the app failed")
        if path == "/drop":
            environ[DROP_CONNECTION] = True
        body = environ["wsgi.input"].read() if path == "/echo" else path.encode()
        start_response("200 OK", [("Content-Length", str(len(body)))])
        return [body]

    set_serves_inline(app)
    return app


def test_a_lane_answers_quick_calls_while_a_deferred_call_waits() -> None:
    release = threading.Event()
    seen: dict[str, set[str]] = {}
    served = serve_in_thread(_lane_app(release, seen))
    waiting = threading.Thread(target=requests.get, args=(f"{served.url}/wait",), daemon=True)
    try:
        waiting.start()
        answers = [requests.get(f"{served.url}/quick", timeout=5).text for _ in range(10)]
        assert answers == ["/quick"] * 10
        assert waiting.is_alive(), "the deferred call should still be waiting"
    finally:
        release.set()
        waiting.join(5)
        served.stop()
    assert seen["on the lane"] == {"/quick", "/wait"}
    assert len(seen["/quick"]) == 1, "every quick call on the one lane"
    assert seen["/quick"].isdisjoint(seen["/wait"]), "the deferred call on a pool thread"


@pytest.mark.parametrize("size", [10, 300 * 1024])  # in memory, and spooled to disk
def test_a_deferred_call_gets_its_whole_body(size: int) -> None:
    served = serve_in_thread(_lane_app(threading.Event(), {}))
    body = bytes(range(256)) * (size // 256) + b"end"
    try:
        sized = requests.post(f"{served.url}/echo", data=body, timeout=5)
        streamed = requests.post(f"{served.url}/echo", data=iter([body[:7], body[7:]]), timeout=5)
    finally:
        served.stop()
    assert sized.content == body
    assert streamed.content == body  # chunked: no Content-Length


def test_a_deferred_call_that_fails_answers_500_and_the_pool_goes_on() -> None:
    served = serve_in_thread(_lane_app(threading.Event(), {}))
    try:
        failed = [requests.get(f"{served.url}/boom", timeout=5).status_code for _ in range(10)]
        after = requests.post(f"{served.url}/echo", data=b"still here", timeout=5)
    finally:
        served.stop()
    assert failed == [500] * 10
    assert after.content == b"still here"


def test_a_deferred_drop_closes_the_connection_without_an_answer() -> None:
    served = serve_in_thread(_lane_app(threading.Event(), {}))
    try:
        with socket.create_connection((served.host, served.port), timeout=5) as sock:
            sock.sendall(b"GET /drop HTTP/1.1\r\nHost: x\r\n\r\n")
            assert sock.recv(1024) == b""
        assert requests.get(f"{served.url}/quick", timeout=5).text == "/quick"
    finally:
        served.stop()


def test_a_lane_stops_with_a_deferred_call_still_waiting() -> None:
    release = threading.Event()
    served = serve_in_thread(_lane_app(release, {}))
    waiting = threading.Thread(
        target=lambda: requests.get(f"{served.url}/wait", timeout=10), daemon=True
    )
    waiting.start()
    requests.get(f"{served.url}/quick", timeout=5)
    served.stop()
    assert not served.running
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{served.url}/quick", timeout=1)
    release.set()
    waiting.join(5)


def test_the_fast_lane_can_be_switched_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serving, "FAST_LANE", False)
    seen: dict[str, set[str]] = {}
    served = serve_in_thread(_lane_app(threading.Event(), seen))
    try:
        echoed = requests.post(f"{served.url}/echo", data=b"as before", timeout=5)
        quick = requests.get(f"{served.url}/quick", timeout=5)
    finally:
        served.stop()
    # granian's pool calls the app once per request, never on a lane that could defer it
    assert (echoed.content, quick.text) == (b"as before", "/quick")
    assert set(seen) == {"/echo", "/quick"}, "nothing on the lane"
