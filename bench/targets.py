"""Apps the benchmarks serve in a child process: `python -m bench.targets <name> <port>`.

Every target is served the same way the simulator serves itself (`simulator.serving`, one
process, 8 Python threads), on the server named by $BENCH_SERVER (default: the simulator's
own), so the ceiling and the fake differ only in the app.
Prints `READY {json}` when it listens, or `SKIP <why>` when the app does not exist yet.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import sys
import threading
from typing import Any

from flask import Flask, Response, jsonify

from simulator.serving import set_serves_inline

STATIC_PAGES = 40


def ceiling_app() -> Flask:
    """A bare Flask app with one JSON route: the most any Flask app can do on this server."""
    app = Flask("bench_ceiling")

    @app.get("/ceiling")
    def ceiling() -> Response:
        return jsonify(code=0, message="OK", data={"posts": [], "has_more": False})

    # its one route never waits on anything, so it may take the server's fast lane as the
    # fake's quick calls do: the ceiling stays the same server's best
    set_serves_inline(app)
    return app


def static_app() -> Flask:
    """Small mobile pages linking to each other: the Playwright floor for the journey."""
    app = Flask("bench_static")

    @app.get("/page/<int:n>")
    def page(n: int) -> Response:
        body = (
            "<!doctype html><html><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>Page {n}</title></head><body><main><h1>Page {n}</h1>"
            f"<p>A static page standing in for one screen of the journey.</p>"
            f"<a href='/page/{n + 1}'>Next</a></main></body></html>"
        )
        return Response(body, mimetype="text/html")

    return app


def tiktok_app() -> Any:
    """The fake TikTok as `create_app` builds it (journal on, default config)."""
    from simulator.tiktok.app import create_app

    return create_app({"SEED": 7})


TARGETS = {"ceiling": ceiling_app, "static": static_app, "tiktok": tiktok_app}


def main(argv: list[str]) -> int:
    """Serve one target on loopback until SIGTERM."""
    name, port = argv[0], int(argv[1])
    try:
        app = TARGETS[name]()
    except ImportError as exc:
        print(f"SKIP {name} app not there yet: {exc}", flush=True)
        return 0
    from simulator.serving import serve_in_thread, tune_for_serving

    tune_for_serving()  # served as `tiktok-sim serve` serves it

    if os.environ.get("BENCH_QUIET_WAITRESS"):
        # A/B switch: waitress logs "Task queue depth is N" at WARNING under load
        logging.getLogger("waitress.queue").setLevel(logging.ERROR)

    server = serve_in_thread(app, "127.0.0.1", port, server=os.environ.get("BENCH_SERVER", ""))
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    print("READY " + json.dumps({"url": server.url, "target": name, "server": server.server}))
    sys.stdout.flush()
    stop.wait(timeout=3600)
    server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
