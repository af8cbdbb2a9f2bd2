"""Run a WSGI app on a real socket inside this process, and stop it cleanly.

Two servers, one interface (`serve_in_thread` -> `RunningServer.stop()`):

- **granian** (the default): Rust's hyper on a tokio runtime, calling the app from a pool of
  Python threads. `make bench` measured it at 2-3x waitress's throughput on the same bare
  Flask route, single process (docs/performance.md, "Server choice").
- **waitress**: pure Python; kept as the measured alternative and as an escape hatch
  (`TIKTOK_SIM_SERVER=waitress`).

**The fast lane** (granian only, for an app that opts in with `serves_inline(app)`): one
Python thread takes every request and answers the quick ones itself; a call that could
block (a page, a fault's latency, a webhook sent while the caller waits, a durable write, a
busy tenant) is handed to a pool of `threads` daemon threads. Python runs one thread at a
time, and eight threads taking turns on 16 busy connections cost a third of the
throughput and put 30-70 ms on the p99 (docs/performance.md, "The fast lane"). The app
sees `environ[INLINE]` set on the lane, and answers `DEFER` to have the call run on the
pool instead. The lane reads request bodies (granian ends a body's stream when the call that
could read it returns), so a client that stalls half-way through sending one holds it until
it sends the rest or closes; `TIKTOK_SIM_FAST_LANE=off` serves from granian's pool alone,
for a server that takes uploads from other machines over a slow network.

Both keep the fake's design: the apps live in this process (their state, clocks, journals
and fault rules with them), several apps can be served side by side (`tiktok-sim up`), a
stop closes the listening socket before it returns, and a 'drop' fault closes the
connection without writing a byte (see `DROP_CONNECTION`).

Granian's public entry points don't fit that design: its `Granian(...).serve()` runs WSGI
apps in worker *processes* and installs signal handlers (main thread only), its embedded
server refuses WSGI, and its thread-based server needs a free-threaded Python. So granian
is driven here through the worker class those servers use themselves (`WSGIWorker`),
pinned to the 2.8 series in pyproject.toml; `tests/core/test_serving.py` checks what we
rely on (answers, two apps in one process, drop, clean stop).
"""

from __future__ import annotations

import gc
import io
import logging
import os
import queue
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

# A WSGI environ key: an app sets it to True to have the server close the connection
# without an answer (simulator.core.web sets it for a 'drop' fault).
DROP_CONNECTION = "simulator.drop_connection"
# A WSGI environ key the server sets to True when it calls the app on its fast lane: the app
# answers there only what it can answer without waiting (no sleep, no socket, no contended
# lock, no request body still to come), and returns DEFER for anything else, without
# calling start_response; the server then calls it again, from a pool thread, with the key
# False.
INLINE = "simulator.inline"
# An app marked with this attribute (set_serves_inline) knows INLINE and DEFER.
_INLINE_ATTRIBUTE = "simulator_serves_inline"


class _Deferred(tuple[bytes, ...]):
    """The type of DEFER: an empty body that is not an answer."""


DEFER: Iterable[bytes] = _Deferred()
SERVERS = ("granian", "waitress")
DEFAULT_SERVER = os.environ.get("TIKTOK_SIM_SERVER", "granian")
# TIKTOK_SIM_FAST_LANE=off serves every app from granian's pool alone (see the docstring).
FAST_LANE = os.environ.get("TIKTOK_SIM_FAST_LANE", "on").lower() not in ("0", "off", "no", "false")
# Bodies up to this size (with a Content-Length) are joined and handed over in one piece;
# longer or unsized ones (files, streams) are streamed chunk by chunk.
_BUFFER_LIMIT = 256 * 1024
_SPOOL_CHUNK = 64 * 1024
_BACKLOG = 1024

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


# The collector's thresholds for a process that only serves (gen0 and gen1 as CPython's
# defaults; a full collection after 1,000 gen1 collections instead of 10).
SERVING_GC_THRESHOLDS = (700, 10, 1000)
# How often a thread waiting for the GIL makes the running one hand it over (CPython: 5 ms).
SERVING_SWITCH_INTERVAL = 0.0005


@dataclass(frozen=True)
class ProcessSettings:
    """The process-wide settings `tune_for_serving` changes, to hand back."""

    gc_thresholds: tuple[int, ...]
    switch_interval: float

    def restore(self) -> None:
        """Put them back."""
        gc.set_threshold(*self.gc_thresholds)
        sys.setswitchinterval(self.switch_interval)


def tune_for_serving() -> ProcessSettings:
    """Set up a process that serves the fakes: rare full garbage collections, and the GIL
    handed over ten times as often. Returns what it replaced.

    **The GIL.** With 8 Python threads and 16 busy connections, a call that waits for the GIL
    waits in 5 ms steps, and not in turn: the bare Flask route's own p99 was 79 ms in
    `make bench`. Handing the GIL over every 0.5 ms keeps the tail short at a cost in
    throughput. Alternated 3 s runs of the bench read, c=16, quiet machine: 5 ms 16.9-18.6k
    rps, p99 33-418 ms; 0.5 ms 12.8-14.4k rps, p99 7.3-13.3 ms; 0.2 ms 11.1-12.9k, p99
    4.4-6.1 ms. A fake's callers are test suites: an answer that never takes 50 ms is worth
    more to them than the last quarter of the throughput.

    **The collector.** Full garbage collections become rare:
    The fakes keep every tenant's state in memory, and it only grows while a team works:
    CPython's default runs a full collection, which walks every object, each time a quarter
    of the heap is new. `make bench`'s write (a campaign per call) then paused the server
    95-514 ms at a time (its p99) and lost 15% of its calls per second. Young objects are
    still collected as often as before, so the cycles a call leaves behind go at once; only
    cyclic garbage that outlived two young collections waits longer (until about 7 million
    allocations have passed). Alternated 5 s write runs, same machine: default 6.2-7.6k rps,
    p99 95-514 ms; with these thresholds 7.6-8.3k rps, p99 3.8-21 ms.

    For processes that serve (`tiktok-sim serve/up`, `make serve`, the benchmarks' targets);
    not called where the apps are served inside someone else's process (pytest's); a caller
    that gives the process back (`run_servers`) restores what this returns.
    """
    previous = ProcessSettings(gc.get_threshold(), sys.getswitchinterval())
    gc.set_threshold(*SERVING_GC_THRESHOLDS)
    sys.setswitchinterval(SERVING_SWITCH_INTERVAL)
    return previous


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def set_serves_inline(app: Any) -> None:
    """Mark a WSGI app as one that knows INLINE and DEFER (see the module's docstring)."""
    setattr(app, _INLINE_ATTRIBUTE, True)


def serves_inline(app: Any) -> bool:
    """Whether the app knows INLINE and DEFER, so granian may serve it on a fast lane."""
    return getattr(app, _INLINE_ATTRIBUTE, False) is True


@dataclass
class RunningServer:
    """A server started by `serve_in_thread`; `url` has no trailing slash."""

    url: str
    host: str
    port: int
    server: str
    _stop: Callable[[], None] = field(repr=False)
    _alive: Callable[[], bool] = field(repr=False)

    @property
    def running(self) -> bool:
        """Whether the server still serves (False once `stop()` returned)."""
        return self._alive()

    def stop(self) -> None:
        """Stop serving: the listening socket is closed when this returns."""
        self._stop()


def serve_in_thread(
    app: Any, host: str = "127.0.0.1", port: int = 0, *, threads: int = 8, server: str = ""
) -> RunningServer:
    """Serve `app` on host:port (0 picks a free port) from this process; return at once.

    `threads` is the number of Python threads that call the app. `server` is 'granian'
    or 'waitress' (default: $TIKTOK_SIM_SERVER, else granian).
    """
    name = server or DEFAULT_SERVER
    if name == "granian":
        return _serve_granian(app, host, port, threads)
    if name == "waitress":
        return _serve_waitress(app, host, port, threads)
    raise ValueError(f"unknown server {name!r}; choose one of {', '.join(SERVERS)}")


# --- granian ---------------------------------------------------------------------------------


def _serve_granian(app: WSGIApp, host: str, port: int, threads: int) -> RunningServer:
    import asyncio
    import importlib

    # typed as Any: granian's bundled stubs lag behind its binary (2.8's WSGIWorker takes
    # `ipc` and `metrics`, its stubs don't), and this is the interface the binary has.
    core: Any = importlib.import_module("granian._granian")
    futures: Any = importlib.import_module("granian._futures")

    # Our own socket, without granian's SO_REUSEPORT: a second server on a busy port must
    # fail with "Address already in use", not quietly share the port with the first.
    sock = socket.create_server((host, port), backlog=_BACKLOG)
    bound_port = int(sock.getsockname()[1])
    listener = core.SocketHolder(sock.detach(), False, _BACKLOG)
    stop_signal = core.WorkerSignal()
    loop = asyncio.new_event_loop()  # granian's scheduler wants one; WSGI calls never use it
    # granian calls the app from a pool of up to `py_threads` threads, which it grows
    # whenever a request waits: under load, all of them. With a fast lane, one thread only
    # (granian's own), and the calls it defers go to our pool.
    lane = FAST_LANE and serves_inline(app)
    pool = _Pool(threads, f"tiktok-sim:{bound_port}") if lane else None
    worker = core.WSGIWorker(
        1,
        (None, listener),
        None,
        threads=1,  # tokio's I/O thread: one is plenty on loopback
        py_threads=1 if pool else threads,
        # Granian's backpressure counts open connections, not calls: a kept-alive connection
        # holds its permit while it waits for its next request. Set to the listen backlog, so
        # a team's browsers (six connections each) never wait for each other; how many calls
        # run in Python at once is `threads`. (Set to 6 or 8 it shortened the bench's p99,
        # and left a seventh browser connection unanswered: tests/core/test_serving.py.)
        backpressure=_BACKLOG,
        http_mode="1",
        metrics=(None, None),
    )
    runner = _granian_runner(app, host, bound_port, pool)
    worker.serve_mtr(futures._new_cbscheduler(loop, runner, impl_asyncio=True), loop, stop_signal)
    stopped = threading.Event()

    def stop() -> None:
        if stopped.is_set():
            return
        stop_signal.set()
        # the runtime closes the listener on its own thread: wait until it refuses
        _wait_closed(host, bound_port)
        loop.close()
        if pool is not None:
            pool.close()
        stopped.set()

    return RunningServer(
        f"http://{host}:{bound_port}",
        host,
        bound_port,
        "granian",
        stop,
        lambda: not stopped.is_set(),
    )


class _Pool:
    """The threads that run the calls a fast lane defers: started as calls wait for one, up
    to `size`, and daemons, like granian's own threads, so a call stuck on its client (a body
    that never comes) never holds up the process's exit."""

    def __init__(self, size: int, name: str) -> None:
        self._jobs: queue.SimpleQueue[tuple[Callable[..., Any], tuple[Any, ...]] | None] = (
            queue.SimpleQueue()
        )
        self._size = max(1, size)
        self._name = name
        self._started = 0
        self._idle = 0
        self._lock = threading.Lock()

    def submit(self, fn: Callable[..., Any], *args: Any) -> None:
        """Run fn(*args) on a pool thread."""
        self._jobs.put((fn, args))
        with self._lock:
            if self._jobs.qsize() > self._idle and self._started < self._size:
                self._started += 1
                name = f"{self._name}:pool-{self._started}"
                threading.Thread(target=self._work, name=name, daemon=True).start()

    def close(self) -> None:
        """Let every thread end once it has run what it holds (queued calls are dropped: the
        server stopped, and their connections with it)."""
        with self._lock:
            started = self._started
        while True:
            try:
                self._jobs.get_nowait()
            except queue.Empty:
                break
        for _ in range(started):
            self._jobs.put(None)

    def _work(self) -> None:
        while True:
            with self._lock:
                self._idle += 1
            job = self._jobs.get()
            with self._lock:
                self._idle -= 1
            if job is None:
                return
            fn, args = job
            fn(*args)


def _wait_closed(host: str, port: int, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((host, port), timeout=0.2):
                pass
        except OSError:
            return
        time.sleep(0.002)
    raise RuntimeError(f"the server on {host}:{port} did not stop within {timeout:.0f} s")


def _granian_runner(
    app: WSGIApp, host: str, port: int, pool: _Pool | None
) -> Callable[[Any, Any], int]:
    """What granian calls for each request: run the WSGI app and hand its answer back; with a
    pool, on the lane first, and on a pool thread when the app defers the call.

    Ours rather than granian's own wrapper, which copies the whole process environment
    into every request's environ (so an `HTTP_PROXY` variable would read as a header).
    """
    base: dict[str, Any] = {
        "GATEWAY_INTERFACE": "CGI/1.1",
        "SCRIPT_NAME": "",
        "SERVER_SOFTWARE": "tiktok-sim (granian)",
        "wsgi.errors": sys.stderr,
        "wsgi.input_terminated": True,
        "wsgi.multiprocess": False,
        "wsgi.multithread": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }

    def run(proto: Any, scope: dict[str, Any]) -> int:
        environ = base | scope
        if pool is None:
            return _answer(app, proto, environ)
        environ[INLINE] = True
        status = _answer(app, proto, environ)
        if status == _DEFERRED:
            environ[INLINE] = False
            _keep_body(environ)
            pool.submit(_answer_on_pool, app, proto, environ)
        return status

    return run


def _keep_body(environ: dict[str, Any]) -> None:
    """Read what is left of the request's body into a spool, for the pool thread: granian
    ends a request's body stream when the call it made returns (the lane's), so a deferred
    call would find it empty. An app that read part of it put the rest back as a file."""
    source = environ["wsgi.input"]
    if isinstance(source, io.IOBase):
        return
    if environ.get("CONTENT_LENGTH", "") in ("", "0") and "HTTP_TRANSFER_ENCODING" not in environ:
        return
    spool = tempfile.SpooledTemporaryFile(max_size=_BUFFER_LIMIT)  # noqa: SIM115 (closed after the call)
    while chunk := source.read(_SPOOL_CHUNK):
        spool.write(chunk)
    spool.seek(0)
    environ["wsgi.input"] = spool


_DEFERRED = -1  # what _answer returns for a call the app deferred (a drop returns 0)


def _answer(app: WSGIApp, proto: Any, environ: dict[str, Any]) -> int:
    """Call the app and hand its answer to granian; the status (or _DEFERRED)."""
    started: list[Any] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        if exc_info and started:
            raise exc_info[1].with_traceback(exc_info[2])
        started[:] = (status, headers)
        return _no_write

    body = app(environ, start_response)
    if body is DEFER:
        return _DEFERRED
    chunks: Iterator[bytes] | None = None
    try:
        if not started:  # a lazy app calls start_response on its first chunk
            chunks = iter(body)
            first = next(chunks, b"")
            chunks = _chain(first, chunks)
        if environ.get(DROP_CONNECTION):
            # hyper refuses a response whose Content-Length is not a number while it
            # encodes the head, before a byte is written, and closes the connection:
            # the client sees it closed with no answer, as with waitress.
            proto.response_iter(200, [("content-length", "dropped")], iter(()))
            return 0
        status = int(started[0][:3])
        if not 100 <= status <= 999:  # hyper would abort the process on these
            status = 500
        headers = started[1]
        if chunks is None and (isinstance(body, list | tuple) or _small(headers)):
            # one piece: no channel, no per-chunk round trip through the runtime
            proto.response_bytes(status, headers, b"".join(body))
        else:
            proto.response_iter(status, headers, chunks or iter(body))
        return status
    finally:
        close = getattr(body, "close", None)
        if close is not None:
            close()


_LOG = logging.getLogger(__name__)


def _answer_on_pool(app: WSGIApp, proto: Any, environ: dict[str, Any]) -> None:
    """A deferred call: what granian does when the app raises, done here (the lane's call
    has returned), so the client gets a 500 and the pool thread lives on."""
    try:
        _answer(app, proto, environ)
    except Exception:
        _LOG.exception(
            "the app failed on %s %s", environ.get("REQUEST_METHOD"), environ.get("PATH_INFO")
        )
        proto.response_bytes(500, [], b"")
    finally:
        body = environ.get("wsgi.input")
        if isinstance(body, tempfile.SpooledTemporaryFile):
            body.close()


def _no_write(_data: bytes) -> None:
    raise NotImplementedError("the WSGI write() callable is not supported; return the body")


def _chain(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    if first:
        yield first
    yield from rest


def _small(headers: list[tuple[str, str]]) -> bool:
    for key, value in headers:
        if key.lower() == "content-length":
            return value.isdigit() and int(value) <= _BUFFER_LIMIT
    return False


# --- waitress --------------------------------------------------------------------------------


def _serve_waitress(app: WSGIApp, host: str, port: int, threads: int) -> RunningServer:
    from waitress.server import create_server

    server: Any = create_server(app, host=host, port=port, threads=threads, ident="tiktok-sim")
    bound_port = int(server.effective_port)
    thread = threading.Thread(target=server.run, name=f"waitress:{bound_port}", daemon=True)
    thread.start()

    def stop() -> None:
        """Close every socket from the serving thread itself, then wait for it to end.

        Closing waitress's sockets from another thread races its poll loop (EBADF); a
        thunk pulled through its trigger runs in the loop, which ends once its map is empty.
        """
        if thread.is_alive():

            def _close_all() -> None:
                for channel in list(server._map.values()):
                    channel.close()

            server.trigger.pull_trigger(_close_all)
            thread.join(timeout=5)
        server.task_dispatcher.shutdown(timeout=2)

    return RunningServer(
        f"http://{host}:{bound_port}", host, bound_port, "waitress", stop, thread.is_alive
    )
