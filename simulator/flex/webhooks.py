"""The receiver for TikTok's TCM video webhooks: verify, apply once per video, answer 200."""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, request

from simulator.core.text import clean_tree
from simulator.core.web import current_tenant

from .auth import state
from .locking import serialized
from .tiktok_client import SIGNATURE_HEADER, SignatureError, verify_signature

bp = Blueprint("webhooks", __name__)


@bp.post("/webhooks/tiktok")
@serialized
def tiktok() -> tuple[dict[str, Any], int]:
    """Take a signed TikTok webhook; repeats of a video event change nothing.

    Refused with 401 (TikTok's 40105) and a body saying why: no secret configured for the
    tenant, a missing, malformed, wrong or stale signature; with 400 (40002): a body that is
    not a webhook. What it keeps of the body is cleaned text (core/text.py)."""
    tenant = current_tenant()
    flex = state()
    raw = request.get_data(cache=True)
    try:
        verify_signature(
            flex.tiktok.secret, request.headers.get(SIGNATURE_HEADER), raw, tenant.clock.timestamp()
        )
    except SignatureError as exc:
        return {"code": 40105, "message": f"signature refused: {exc}"}, 401
    try:
        payload = clean_tree(json.loads(raw))
        entries = list(payload.get("entry") or [])
    except (ValueError, AttributeError, TypeError, RecursionError):
        return {"code": 40002, "message": "body is not a TikTok webhook"}, 400
    applied = 0
    for entry in entries:
        if isinstance(entry, dict) and entry.get("video_id"):
            applied += flex.apply_webhook_entry(entry, tenant.clock.now())
    return {"code": 0, "message": "OK", "data": {"applied": applied}}, 200
