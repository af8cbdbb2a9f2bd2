"""Request helpers the handlers share: the tenant, its registry, the base URL, JSON answers."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

from flask import Flask, Response, jsonify
from flask.json.provider import DefaultJSONProvider

from simulator.core.tenants import Tenant, TenantRegistry
from simulator.core.web import current_tenant, exchange

from .models import SimState

T = Tenant[SimState]


def tenant() -> T:
    """The request's tenant, typed for this app."""
    return current_tenant()


def registry() -> TenantRegistry[SimState]:
    """The app's tenant registry."""
    reg: TenantRegistry[SimState] = exchange().app.extensions["tiktok_sim"]
    return reg


def base_url() -> str:
    """Where this fake is reachable: PUBLIC_URL, else the request's host URL.

    Worked out once per request (an order list builds one invite link per order)."""
    ex = exchange()
    known: str | None = ex.memo.get("base_url")
    if known is None:
        config = ex.app.config
        configured = config.get("PUBLIC_URL")
        if configured:
            known = str(configured)
        elif config.get("TRUSTED_HOSTS"):
            known = str(ex.request.host_url)  # Werkzeug checks the host on every request
        else:
            known = _host_url(ex.request)
        known = ex.memo["base_url"] = known.rstrip("/")
    return known


_HOST_URLS: dict[tuple[Any, ...], str] = {}


def _host_url(req: Any) -> str:
    """`request.host_url`, remembered by what it is made of (Werkzeug rebuilds it as an IRI,
    which costs more than the rest of a small read)."""
    environ = req.environ
    key = (
        environ.get("wsgi.url_scheme"),
        environ.get("HTTP_HOST"),
        environ.get("SERVER_NAME"),
        environ.get("SERVER_PORT"),
    )
    url = _HOST_URLS.get(key)
    if url is None:
        url = str(req.host_url)
        if len(_HOST_URLS) >= 64:
            _HOST_URLS.clear()
        _HOST_URLS[key] = url
    return url


def json_answer(body: dict[str, Any]) -> Response:
    """`jsonify(body)`, byte for byte, without its per-call argument handling: an envelope
    is the one dict every answer is made of."""
    app: Flask = exchange().app
    provider = app.json
    if type(provider) is not DefaultJSONProvider or (
        provider.compact is False or (provider.compact is None and app.debug)
    ):
        return jsonify(body)  # a provider of its own, or indented: Flask's way
    encoder = _encoder(provider.default, provider.ensure_ascii, provider.sort_keys)
    return app.response_class(f"{encoder.encode(body)}\n", mimetype=provider.mimetype)


@functools.lru_cache(maxsize=8)
def _encoder(
    default: Callable[[Any], Any], ensure_ascii: bool, sort_keys: bool
) -> json.JSONEncoder:
    """The encoder json.dumps builds on every call with these arguments, built once (its
    encode() keeps no state between calls, so threads can share it)."""
    return json.JSONEncoder(
        default=default, ensure_ascii=ensure_ascii, sort_keys=sort_keys, separators=(",", ":")
    )


def invite_link(code: str) -> str:
    """A campaign's invite link on this fake's origin."""
    return f"{base_url()}/tto/invite/{code}"
