"""Open API v2's two non-JSON endpoints: Login Kit's consent page and the media upload.

The JSON endpoints are declared through the registry (`api/v2.py`, `api/login.py`)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, redirect, render_template, request

from simulator.core.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
)

from . import oauth, posting
from .models import Publish
from .web import registry, tenant

bp = Blueprint("open_api", __name__)


# ---- Login Kit ---------------------------------------------------------------------------
@bp.route("/v2/auth/authorize/", methods=["GET", "POST"])
def authorize() -> Any:
    """The consent page a creator sees when an app asks to log in with TikTok."""
    t = tenant()
    values = request.values
    if values.get("response_type", "code") != "code":
        raise InvalidInput("response_type must be code.", reason="invalid_request")
    app = oauth.check_client(t.state, values.get("client_key", ""), values.get("redirect_uri", ""))
    scopes = oauth.parse_scopes(values.get("scope", ""))
    account = t.state.current_account()
    if account is None:
        raise Conflict("No account is signed in on this phone.")
    redirect_uri = values["redirect_uri"]
    state_param = values.get("state", "")
    if request.method == "GET":
        return render_template(
            "tiktok/authorize.html",
            app=app,
            scopes=scopes,
            me=account,
            params=request.args.to_dict(flat=True),
        )
    sep = "&" if "?" in redirect_uri else "?"
    if values.get("decision") != "allow":
        query = {"error": "access_denied", "error_description": "The user denied the request"}
        return redirect(f"{redirect_uri}{sep}{urlencode({**query, 'state': state_param})}")
    code = oauth.issue_code(
        t,
        app,
        account,
        scopes,
        redirect_uri,
        values.get("code_challenge", ""),
        values.get("code_challenge_method", ""),
    )
    registry().bind_credential(code.code, t.id)
    query = {"code": code.code, "scopes": ",".join(scopes), "state": state_param}
    return redirect(f"{redirect_uri}{sep}{urlencode(query)}")


def _publish_of(upload_id: str) -> Publish:
    found = next(
        (p for p in tenant().state.publishes if p.upload_id and p.upload_id == upload_id), None
    )
    if found is None:
        raise Forbidden("the upload URL is not valid", reason="upload_url_invalid")
    return found


@bp.put("/upload/")
def upload() -> Response:
    """Media transfer: one chunk per PUT with Content-Range; 206 until the last (201)."""
    publish = _publish_of(request.args.get("upload_token") or request.args.get("upload_id") or "")
    length = len(request.get_data(cache=False))
    status = posting.upload_chunk(
        tenant(), publish, request.headers.get("Content-Range", ""), length
    )
    return Response(b"", status=status)
