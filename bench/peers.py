"""The fakes teams use instead of ours, served beside it for the same wrk runs.

- **WireMock** (the npm `wiremock` package's standalone jar, on the machine's Java): a static
  stub of the very answer the fake gives for the read, on the same path. WireMock keeps no
  state, so this is the price of answering canned JSON over HTTP on the JVM, request journal
  on (its default, as ours is).
- **moto** (PyPI, `moto[server]`, its `moto_server`): the most used fake of a cloud API in
  Python. The comparable read is S3 GetObject of the same JSON, path-style: a stored object
  looked up by bucket and key, as our read looks a campaign's orders up by invite link.

`make bench` installs both (`npm install --prefix .bench-peers`, `pip install -e '.[bench]'`,
Debian's headless JRE when `java` is missing). A peer that is missing or fails to start is
reported with the reason in its row, never dropped.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

from .common import HOST, PYTHON, ROOT, Skip, free_port, stop_process, wait_for_port

PEER_DIR = Path(os.environ.get("BENCH_PEER_DIR", ROOT / ".bench-peers"))
BUCKET, KEY = "bench", "orders.json"
S3_AUTH = {
    "Authorization": "AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/s3/aws4_request, "
    "SignedHeaders=host, Signature=0"
}


def wiremock_jar() -> Path:
    """The standalone jar of the npm `wiremock` package installed under PEER_DIR."""
    jars = sorted((PEER_DIR / "node_modules" / "wiremock").glob("**/wiremock-standalone-*.jar"))
    if not jars:
        raise Skip(f"WireMock is not installed (npm install --prefix {PEER_DIR} wiremock)")
    return jars[-1]


def wiremock_version() -> str:
    """The version of the installed npm package (the jar's version)."""
    package = PEER_DIR / "node_modules" / "wiremock" / "package.json"
    return str(json.loads(package.read_text()).get("version", "?"))


@contextmanager
def wiremock(
    path: str, answer: str, *, journal: bool = True
) -> Iterator[tuple[str, dict[str, str]]]:
    """WireMock answering `answer` (JSON text) to GET `path`; yields the read's URL, headers.

    `journal=False` starts it with --no-request-journal (its journal is on by default and
    unbounded; ours is on, bounded).
    """
    java = shutil.which("java")
    if java is None:
        raise Skip("java is not installed (apt-get install -y openjdk-17-jre-headless)")
    jar = wiremock_jar()
    port = free_port()
    cmd = [java, "-jar", str(jar), "--port", str(port), "--bind-address", HOST, "--disable-banner"]
    if not journal:
        cmd.append("--no-request-journal")
    with _started(cmd, port, "WireMock", cwd=PEER_DIR):
        base = f"http://{HOST}:{port}"
        stub = {
            "request": {"method": "GET", "urlPath": path.split("?", 1)[0]},
            "response": {
                "status": 200,
                "body": answer,
                "headers": {"Content-Type": "application/json"},
            },
        }
        made = requests.post(f"{base}/__admin/mappings", json=stub, timeout=10)
        if made.status_code >= 300:
            raise Skip(f"WireMock refused the stub: {made.status_code} {made.text[:200]}")
        _check(f"{base}{path}", answer, "WireMock", {})
        yield f"{base}{path}", {}


@contextmanager
def moto(answer: str) -> Iterator[tuple[str, dict[str, str]]]:
    """moto's server holding `answer` as an S3 object; yields its GetObject's URL and headers.

    moto answers 403 to a GET with no Authorization header (as S3 would); every S3 client
    sends one, and moto does not check the signature, so the read carries a SigV4-shaped one.
    """
    exe = Path(PYTHON).parent / "moto_server"
    if not exe.exists():
        raise Skip("moto is not installed (pip install -e '.[bench]')")
    port = free_port()
    with _started([str(exe), "-H", HOST, "-p", str(port)], port, "moto", cwd=ROOT):
        base = f"http://{HOST}:{port}"
        for url, body in ((f"{base}/{BUCKET}", b""), (f"{base}/{BUCKET}/{KEY}", answer.encode())):
            made = requests.put(url, data=body, timeout=10)
            if made.status_code >= 300:
                raise Skip(f"moto refused PUT {url}: {made.status_code} {made.text[:200]}")
        _check(f"{base}/{BUCKET}/{KEY}", answer, "moto", S3_AUTH)
        yield f"{base}/{BUCKET}/{KEY}", S3_AUTH


@contextmanager
def _started(cmd: list[str], port: int, who: str, *, cwd: Path) -> Iterator[None]:
    """Run a peer in its own process group, its log in a file (moto logs every request:
    a pipe nobody reads would fill and stall it); stop it, and its children, afterwards."""
    with tempfile.TemporaryFile("w+") as log:
        proc = subprocess.Popen(
            cmd, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            try:
                wait_for_port(port, timeout=60, proc=proc)
            except Skip as exc:
                log.seek(0)
                raise Skip(f"{who} did not start: {exc}; {log.read()[-300:]}") from exc
            if proc.poll() is not None:
                log.seek(0)
                raise Skip(f"{who} exited with {proc.returncode}: {log.read()[-300:]}")
            yield
        finally:
            stop_process(proc)


def _check(url: str, answer: str, who: str, headers: dict[str, str]) -> None:
    got = requests.get(url, headers=headers, timeout=10)
    if got.status_code != 200 or json.loads(got.text) != json.loads(answer):
        raise Skip(f"{who} did not give the same answer: {got.status_code} {got.text[:200]}")
