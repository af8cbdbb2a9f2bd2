"""The creator's pages: offers, an offer, adding final content, submitting."""

from __future__ import annotations

import segno
from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from werkzeug.wrappers import Response

from simulator.core.errors import InvalidInput, NotFound
from simulator.core.web import current_tenant

from . import integration
from .auth import require_user, state
from .connect import callback_url, client, inflight, tenant
from .device import is_mobile
from .locking import calls_tiktok, serialized
from .models import CREATOR, Asset, Deliverable, Offer, User
from .public_url import phone_url
from .tiktok_client import TikTokError
from .uploads import folder_for, save_upload, served_inline

bp = Blueprint("creator", __name__)


def _mobile() -> bool:
    return is_mobile(request.headers.get("User-Agent"), request.headers.get("Sec-CH-UA-Mobile"))


def _load(
    offer_id: str, deliverable_id: str | None = None
) -> tuple[User, Offer, Deliverable | None]:
    user = require_user(CREATOR)
    offer = state().offer_for(user, offer_id)
    deliverable = offer.deliverable(deliverable_id) if deliverable_id else None
    return user, offer, deliverable


def _deliverable(offer_id: str, deliverable_id: str) -> tuple[Offer, Deliverable]:
    _, offer, deliverable = _load(offer_id, deliverable_id)
    assert deliverable is not None
    return offer, deliverable


def _offer_url(offer: Offer, deliverable: Deliverable | None = None) -> str:
    anchor = f"d-{deliverable.id}" if deliverable else None
    return url_for("creator.offer", offer_id=offer.id, _anchor=anchor)


@bp.get("/offers")
@serialized
def offers() -> str | Response:
    """List the creator's offers (a marketer goes to their own list)."""
    user = require_user()
    if user.role != CREATOR:
        return redirect(url_for("marketer.offers"))
    return render_template("flex/offers.html", offers=state().offers_for(user))


@bp.get("/offers/<offer_id>")
@calls_tiktok
def offer(offer_id: str) -> str | Response:
    """Show an offer; on a phone, make sure each TikTok deliverable has its invite link."""
    mobile = _mobile()
    with tenant().lock:
        if require_user().role != CREATOR:
            return redirect(url_for("marketer.offer", offer_id=offer_id))
        _, offer, _ = _load(offer_id)
        needs_campaign = [
            d.id
            for d in offer.deliverables
            if mobile and d.is_tiktok and d.editable and not d.invite_link
        ]
    problems: dict[str, str] = {}
    for deliverable_id in needs_campaign:  # the lock is free while TikTok answers
        try:
            integration.ensure_campaign(
                tenant(),
                inflight(),
                offer.id,
                deliverable_id,
                client(),
                callback_url(),
            )
        except TikTokError as exc:
            problems[deliverable_id] = exc.user_message
    with tenant().lock:
        _, offer, _ = _load(offer_id)
        return _render_offer(offer, mobile, problems)


def _render_offer(offer: Offer, mobile: bool, problems: dict[str, str]) -> str:
    qr = phone_link = None
    if not mobile and any(d.is_tiktok for d in offer.deliverables):
        phone_link = phone_url(request.full_path.rstrip("?"))
        qr = segno.make(phone_link, error="m").svg_inline(
            scale=5, dark="#1f1147", omitsize=True, title="QR code of this offer's address"
        )
    return render_template(
        "flex/offer.html",
        offer=offer,
        mobile=mobile,
        problems=problems,
        qr=qr,
        phone_link=phone_link,
        marketer=state().marketer_of(offer),
        creator=state().creator_of(offer),
    )


@bp.get("/offers/<offer_id>/deliverables/<deliverable_id>/add")
@calls_tiktok
def add(offer_id: str, deliverable_id: str) -> str:
    """The "+Add Final Content" sheet: campaign videos from TikTok, or a link / upload form."""
    with tenant().lock:
        offer, deliverable = _deliverable(offer_id, deliverable_id)
        if not deliverable.editable:
            raise InvalidInput(f"{deliverable.title} was {deliverable.status_label.lower()}.")
        if not deliverable.is_tiktok:
            return render_template("flex/add_link.html", offer=offer, d=deliverable)
    problem = ""
    tiktok = client()
    try:  # the lock is free while TikTok answers
        integration.ensure_campaign(
            tenant(),
            inflight(),
            offer.id,
            deliverable.id,
            tiktok,
            callback_url(),
        )
        integration.fetch_videos(tenant(), offer.id, deliverable.id, tiktok)
    except TikTokError as exc:
        problem = exc.user_message
    with tenant().lock:
        offer, deliverable = _deliverable(offer_id, deliverable_id)
        return render_template(
            "flex/select_video.html",
            offer=offer,
            d=deliverable,
            videos=deliverable.videos,
            problem=problem,
            mobile=_mobile(),
        )


@bp.post("/offers/<offer_id>/deliverables/<deliverable_id>/select")
@serialized
def select(offer_id: str, deliverable_id: str) -> Response:
    """Remember the video picked in "Select your video", then ask for assets and notes."""
    offer, deliverable = _deliverable(offer_id, deliverable_id)
    video_id = request.form.get("video_id", "")
    if not video_id:
        flash("Choose the video for this deliverable.", "error")
        return redirect(url_for("creator.add", offer_id=offer.id, deliverable_id=deliverable.id))
    state().choose_video(deliverable, video_id)
    return redirect(url_for("creator.details", offer_id=offer.id, deliverable_id=deliverable.id))


@bp.get("/offers/<offer_id>/deliverables/<deliverable_id>/details")
@serialized
def details(offer_id: str, deliverable_id: str) -> str | Response:
    """Supporting assets and notes for the chosen video (step two of "+Add Final Content")."""
    offer, deliverable = _deliverable(offer_id, deliverable_id)
    if not deliverable.is_tiktok:
        return redirect(url_for("creator.add", offer_id=offer.id, deliverable_id=deliverable.id))
    video = next((v for v in deliverable.videos if v.video_id == deliverable.draft.video_id), None)
    if video is None:
        return redirect(url_for("creator.add", offer_id=offer.id, deliverable_id=deliverable.id))
    return render_template("flex/details.html", offer=offer, d=deliverable, video=video)


def _store_files(offer: Offer, deliverable: Deliverable, field: str) -> list[str]:
    errors: list[str] = []
    tenant = current_tenant()
    for upload in request.files.getlist(field):
        if not upload or not upload.filename:
            continue
        try:
            asset = save_upload(
                upload,
                root=str(current_app.config["UPLOAD_FOLDER"]),
                tenant_id=tenant.id,
                offer_id=offer.id,
                ids=tenant.ids,
                now=tenant.clock.now(),
            )
        except InvalidInput as exc:
            errors.append(exc.message)
            continue
        state().attach_draft_asset(deliverable, asset)
    return errors


@bp.post("/offers/<offer_id>/deliverables/<deliverable_id>/content")
@serialized
def content(offer_id: str, deliverable_id: str) -> Response:
    """Keep notes and files at once, then make them the final content ("Add Content")."""
    offer, deliverable = _deliverable(offer_id, deliverable_id)
    flex = state()
    flex.keep_draft(
        deliverable,
        notes=request.form.get("notes"),
        url=request.form.get("url") if not deliverable.is_tiktok else None,
    )
    errors = _store_files(offer, deliverable, "assets")
    step = "creator.details" if deliverable.is_tiktok else "creator.add"
    back = url_for(step, offer_id=offer.id, deliverable_id=deliverable.id)
    if errors:
        for message in errors:
            flash(message, "error")
        flash("Your notes and the other files are saved.", "info")
        return redirect(back)
    if request.form.get("action") == "save":
        flash("Saved.", "info")
        return redirect(back)
    if request.form.get("action") == "change":  # pick another video: keep what was typed
        return redirect(url_for("creator.add", offer_id=offer.id, deliverable_id=deliverable.id))
    try:
        flex.add_final_content(deliverable, current_tenant().clock.now())
    except InvalidInput as exc:
        flash(exc.message, "error")
        return redirect(back)
    flash(f"Final content added to {deliverable.title}.", "success")
    return redirect(_offer_url(offer, deliverable))


@bp.post("/offers/<offer_id>/deliverables/<deliverable_id>/assets/<asset_id>/remove")
@serialized
def remove_asset(offer_id: str, deliverable_id: str, asset_id: str) -> Response:
    """Take one supporting asset off the draft."""
    offer, deliverable = _deliverable(offer_id, deliverable_id)
    state().keep_draft(deliverable, notes=request.form.get("notes"))
    for message in _store_files(offer, deliverable, "assets"):
        flash(message, "error")
    asset = state().drop_draft_asset(deliverable, asset_id)
    flash(f"Removed {asset.filename}.", "info")
    step = "creator.details" if deliverable.is_tiktok else "creator.add"
    return redirect(url_for(step, offer_id=offer.id, deliverable_id=deliverable.id))


@bp.post("/offers/<offer_id>/deliverables/<deliverable_id>/replace")
@serialized
def replace(offer_id: str, deliverable_id: str) -> Response:
    """Start replacing the final content, starting from what was added before."""
    offer, deliverable = _deliverable(offer_id, deliverable_id)
    state().edit_final_content(deliverable)
    return redirect(url_for("creator.add", offer_id=offer.id, deliverable_id=deliverable.id))


@bp.post("/offers/<offer_id>/deliverables/<deliverable_id>/remove")
@serialized
def remove(offer_id: str, deliverable_id: str) -> Response:
    """Take the final content back (only before submitting)."""
    offer, deliverable = _deliverable(offer_id, deliverable_id)
    state().remove_final_content(deliverable)
    flash(f"Final content removed from {deliverable.title}.", "info")
    return redirect(_offer_url(offer, deliverable))


@bp.post("/offers/<offer_id>/submit")
@serialized
def submit(offer_id: str) -> Response:
    """Hand the final content to the marketer ("Submit Content")."""
    _, offer, _ = _load(offer_id)
    tenant = current_tenant()
    state().submit(
        offer,
        terms_accepted=request.form.get("terms") == "yes",
        ids=tenant.ids,
        now=tenant.clock.now(),
    )
    flash("Done! Your content is with the marketer now.", "success")
    return redirect(url_for("creator.offer", offer_id=offer.id))


def find_asset(offer: Offer, asset_id: str) -> Asset:
    """An uploaded file of this offer, wherever it sits (draft or final content)."""
    for deliverable in offer.deliverables:
        pools = [deliverable.draft.assets]
        if deliverable.final_content is not None:
            pools.append(deliverable.final_content.assets)
        for pool in pools:
            for asset in pool:
                if asset.id == asset_id:
                    return asset
    raise NotFound("There is no such file.")


@bp.get("/offers/<offer_id>/files/<asset_id>")
@serialized
def file(offer_id: str, asset_id: str) -> Response:
    """Send an uploaded file to the offer's creator or marketer, and nobody else: images and
    videos inline, anything else as a download, never sniffed by the browser (nosniff)."""
    user = require_user()
    offer = state().offer_for(user, offer_id)
    asset = find_asset(offer, asset_id)
    folder = folder_for(str(current_app.config["UPLOAD_FOLDER"]), current_tenant().id, offer.id)
    return send_from_directory(
        folder.resolve(),
        asset.stored_name,
        mimetype=asset.content_type,
        download_name=asset.filename,
        as_attachment=not served_inline(asset.content_type),
    )
