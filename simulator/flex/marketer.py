"""The marketer's pages: offers, submissions with TikTok metrics and Spark Ads, the review."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from simulator.core.errors import Conflict, InvalidInput

from . import integration, spark_ad
from .auth import require_user, state
from .connect import client, tenant
from .locking import calls_tiktok, serialized
from .models import MARKETER, SUBMITTED, Deliverable, Offer
from .tiktok_client import TikTokError

bp = Blueprint("marketer", __name__, url_prefix="/marketer")


def _load(offer_id: str, deliverable_id: str | None = None) -> tuple[Offer, Deliverable | None]:
    user = require_user(MARKETER)
    offer = state().offer_for(user, offer_id)
    return offer, offer.deliverable(deliverable_id) if deliverable_id else None


@bp.get("/offers")
@serialized
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
@calls_tiktok
def offer(offer_id: str) -> str:
    """An offer's submission: each video with fresh TikTok metrics and its Spark Ads code.

    Opening the page (or "Refresh metrics", which reloads it) fetches the numbers; the page
    says when they were fetched, and shows the last ones Flex has when TikTok fails.
    """
    with tenant().lock:
        offer, _ = _load(offer_id)
        handed_in = [
            d.id
            for d in offer.deliverables
            if d.status != "OPEN" and d.final_content is not None and d.final_content.video
        ]
    problems: dict[str, str] = {}
    for deliverable_id in handed_in:  # the lock is free while TikTok answers
        problem = integration.refresh_submission(tenant(), offer.id, deliverable_id, client())
        problem = spark_ad.refresh(tenant(), offer.id, deliverable_id, client()) or problem
        if problem is not None:
            problems[deliverable_id] = problem.user_message
    with tenant().lock:
        offer, _ = _load(offer_id)
        return render_template(
            "flex/marketer_offer.html",
            offer=offer,
            creator=state().creator_of(offer),
            problems=problems,
            SUBMITTED=SUBMITTED,
            ad_form={k: request.args.get(k, "") for k in ("budget", "days")},
            ad_words=spark_ad.STATUS_WORDS,
            ad_ended=spark_ad.ended,
            min_daily=spark_ad.MIN_DAILY_USD,
        )


@bp.post("/offers/<offer_id>/deliverables/<deliverable_id>/spark-ads")
@calls_tiktok
def spark_ads(offer_id: str, deliverable_id: str) -> Response:
    """Ask the creator, through TikTok, to authorize the video for Spark Ads."""
    with tenant().lock:
        offer, deliverable = _load(offer_id, deliverable_id)
    assert deliverable is not None
    try:
        integration.request_spark_ads(tenant(), offer.id, deliverable.id, client())
        flash("Spark Ads authorization requested.", "success")
    except TikTokError as exc:
        flash(f"{exc.user_message} Try again in a moment.", "error")
    return redirect(url_for("marketer.offer", offer_id=offer.id, _anchor=f"d-{deliverable.id}"))


@bp.post("/offers/<offer_id>/deliverables/<deliverable_id>/spark-ad")
@calls_tiktok
def run_spark_ad(offer_id: str, deliverable_id: str) -> Response:
    """ "Run as Spark Ad": the submitted video becomes an ad with a total budget and days."""
    with tenant().lock:
        offer, deliverable = _load(offer_id, deliverable_id)
    assert deliverable is not None
    budget, days = request.form.get("budget", ""), request.form.get("days", "")
    try:
        ad = spark_ad.run(tenant(), offer.id, deliverable.id, client(), budget, days)
        flash(
            f"Your Spark Ad runs for {ad.days} day{'s' if ad.days != 1 else ''} "
            f"with a budget of ${ad.budget_usd:,}.",
            "success",
        )
        kept: dict[str, str] = {}
    except (InvalidInput, Conflict) as exc:
        flash(exc.message, "error")
        kept = {"budget": budget, "days": days}  # what the marketer typed stays in the form
    except TikTokError as exc:
        flash(f"{exc.user_message} The ad is not running yet: try again.", "error")
        kept = {"budget": budget, "days": days}
    target = url_for("marketer.offer", offer_id=offer.id, **kept)  # type: ignore[arg-type]
    return redirect(f"{target}#d-{deliverable.id}")


@bp.post("/offers/<offer_id>/deliverables/<deliverable_id>/review")
@serialized
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
