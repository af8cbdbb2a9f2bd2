"""The marketer's pages: offers, submissions with TikTok metrics and Spark Ads, the review."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from simulator.core.web import current_tenant

from . import integration
from .auth import require_user, state
from .connect import client
from .models import MARKETER, SUBMITTED, Deliverable, Offer
from .tiktok_client import TikTokError

bp = Blueprint("marketer", __name__, url_prefix="/marketer")


def _load(offer_id: str, deliverable_id: str | None = None) -> tuple[Offer, Deliverable | None]:
    user = require_user(MARKETER)
    offer = state().offer_for(user, offer_id)
    return offer, offer.deliverable(deliverable_id) if deliverable_id else None


@bp.get("/offers")
def offers() -> str:
    """List the marketer's offers with where each one stands."""
    user = require_user(MARKETER)
    flex = state()
    return render_template(
        "flex/marketer_offers.html",
        offers=flex.offers_for(user),
        creator_of=flex.creator_of,
    )


@bp.get("/offers/<offer_id>")
def offer(offer_id: str) -> str:
    """An offer's submission: each video with fresh TikTok metrics and its Spark Ads code."""
    offer, _ = _load(offer_id)
    flex = state()
    now = current_tenant().clock.now()
    problems: dict[str, str] = {}
    for deliverable in offer.deliverables:
        content = deliverable.final_content
        if deliverable.status == "OPEN" or content is None or content.video is None:
            continue
        try:
            integration.refresh_metrics(flex, offer, deliverable, client(), now)
            integration.refresh_spark_ads(flex, deliverable, client(), now)
        except TikTokError as exc:
            problems[deliverable.id] = exc.user_message
    return render_template(
        "flex/marketer_offer.html",
        offer=offer,
        creator=flex.creator_of(offer),
        problems=problems,
        SUBMITTED=SUBMITTED,
    )


@bp.post("/offers/<offer_id>/deliverables/<deliverable_id>/spark-ads")
def spark_ads(offer_id: str, deliverable_id: str) -> Response:
    """Ask the creator, through TikTok, to authorize the video for Spark Ads."""
    offer, deliverable = _load(offer_id, deliverable_id)
    assert deliverable is not None
    try:
        integration.request_spark_ads(state(), deliverable, client(), current_tenant().clock.now())
        flash("Spark Ads authorization requested.", "success")
    except TikTokError as exc:
        flash(f"{exc.user_message} Try again in a moment.", "error")
    return redirect(url_for("marketer.offer", offer_id=offer.id, _anchor=f"d-{deliverable.id}"))


@bp.post("/offers/<offer_id>/deliverables/<deliverable_id>/review")
def review(offer_id: str, deliverable_id: str) -> Response:
    """Approve a submitted deliverable or request changes with a note."""
    offer, deliverable = _load(offer_id, deliverable_id)
    assert deliverable is not None
    approve = request.form.get("decision") == "approve"
    state().review(deliverable, approve=approve, note=request.form.get("note", ""))
    flash(
        f"{deliverable.title}: approved."
        if approve
        else f"{deliverable.title}: changes requested.",
        "success",
    )
    return redirect(url_for("marketer.offer", offer_id=offer.id, _anchor=f"d-{deliverable.id}"))
