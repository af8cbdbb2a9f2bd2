"""The advertiser authorization page of TikTok for Business (`/portal/auth`).

A brand's developer app sends the advertiser to
`https://business-api.tiktok.com/portal/auth?app_id=..&state=..&redirect_uri=..`; the
advertiser picks the ad accounts to grant and confirms, and TikTok redirects to the app's
registered URL with `auth_code` (and `code`, the same value) and `state`. The app then calls
`oauth2/access_token/` (ads.exchange). Views only: the rules are in `ads`."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, redirect, render_template, request
from werkzeug.wrappers import Response

from . import ads
from .web import registry, tenant

bp = Blueprint("portal", __name__)


def _params() -> dict[str, str]:
    values = request.values
    return {k: values.get(k, "") for k in ("app_id", "state", "redirect_uri")}


@bp.route("/portal/auth", methods=["GET", "POST"])
def authorize() -> str | Response:
    """Grant a developer app access to ad accounts; redirects back with `auth_code`."""
    t = tenant()
    params = _params()
    brand = ads.brand_for_app(t.state, params["app_id"])
    ads.check_redirect(brand, params["redirect_uri"])
    if request.method == "GET":
        return render_template(
            "tiktok/portal_auth.html",
            brand=brand,
            advertisers=ads.advertiser_names(brand),
            params=params,
        )
    target = params["redirect_uri"]
    sep = "&" if "?" in target else "?"
    if request.form.get("decision") != "confirm":
        denied = {"error": "access_denied", "state": params["state"]}
        return redirect(f"{target}{sep}{urlencode(denied)}")
    code = ads.grant(t, params["app_id"], target, request.form.getlist("advertiser_ids"))
    registry().bind_credential(code.auth_code, t.id)
    query = {"auth_code": code.auth_code, "code": code.auth_code, "state": params["state"]}
    return redirect(f"{target}{sep}{urlencode(query)}")
