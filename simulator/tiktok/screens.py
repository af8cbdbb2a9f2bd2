"""The mobile "TikTok app" pages: invite → join → upload → drafts → composer → posted → ads."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from flask import Blueprint, Response, current_app, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from simulator.core.errors import Conflict, Forbidden, NotFound, SimError
from simulator.core.pages import cross_site_post, local_path
from simulator.core.text import clean_text, encodable

from . import campaigns, sparkads
from .campaigns import MissingElements, WrongAccount
from .metrics import metrics
from .models import Account, Campaign, SimState, Video
from .rendering import style_of
from .web import base_url, tenant

bp = Blueprint("screens", __name__)

_ERRORS = {
    "terms": "Agree to TikTok's terms and conditions to join.",
}


def thumbnail_url(video: Video) -> str:
    """A cover image for a post (an SVG drawn by the fake)."""
    return f"{base_url()}/media/{video.video_id}.svg"


def embed_url(video: Video) -> str:
    """The post's embeddable player page."""
    return f"{base_url()}/embed/v2/{video.video_id}"


def share_url(video: Video) -> str:
    """The post's public page."""
    return f"{base_url()}/@{video.handle}/video/{video.video_id}"


def _state() -> SimState:
    return tenant().state


def _me() -> Account:
    account = _state().current_account()
    if account is None:
        raise Conflict("No account is signed in on this phone.")
    return account


def _campaign(campaign_id: str) -> Campaign:
    campaign = _state().campaign(campaign_id)
    if campaign is None:
        raise NotFound("This campaign does not exist.")
    return campaign


def _brand_name(campaign: Campaign) -> str:
    brand = _state().brand(campaign.tcm_account_id)
    return brand.name if brand else "Brand"


def _palette(seed: str) -> int:
    return sum(ord(c) for c in seed) % 6


@bp.app_context_processor
def _helpers() -> dict[str, Any]:
    def initials(text: str) -> str:
        words = [w for w in text.replace(".", " ").replace("_", " ").split() if w]
        return "".join(w[0] for w in words[:2]).upper() or "?"

    return {"initials": initials, "palette": _palette, "compact": compact}


def compact(n: int) -> str:
    """A count the way the app shows it: 980, 3.1K, 48.2K, 1.2M."""
    if n < 1000:
        return str(n)
    for size, unit in ((1_000, "K"), (1_000_000, "M"), (1_000_000_000, "B")):
        value = round(n / size, 1)
        if value < 1000 or unit == "B":
            break
    return f"{value:.1f}".removesuffix(".0") + unit


# ---- home ------------------------------------------------------------------------------------
@bp.get("/")
def index() -> str:
    """What this fake serves, for a person who opens it in a browser."""
    state = _state()
    return render_template(
        "tiktok/index.html",
        state=state,
        base=base_url(),
        tenant_id=tenant().id,
        me=state.current_account(),
    )


# ---- account switcher ------------------------------------------------------------------------
@bp.post("/app/account")
def switch_account() -> BaseResponse:
    """Switch the phone's current account (the switcher's buttons post here)."""
    handle = request.form.get("handle", "").lstrip("@")
    account = _state().account(handle)
    if account is None or not account.on_phone:
        raise NotFound(f"@{handle} is not signed in on this phone.")
    _state().current_handle = account.handle
    return redirect(local_path(request.form.get("next")))


def refuse_cross_site_forms() -> None:
    """Before every request: refuse a form that a page of another site posted to the phone's
    screens (switching account, joining, posting, ad authorization, OAuth consent). The
    screens have no session to tie a token to; the browser's Origin/Sec-Fetch-Site say where
    the form came from (`cross_site_post`)."""
    if style_of(request.path) != "screen" or request.path.startswith("/_sim"):
        return
    if cross_site_post(request, [str(current_app.config.get("PUBLIC_URL") or "")]):
        raise Forbidden(
            "This form was sent from another website, so TikTok did not act on it. "
            "Open the page in TikTok and try again.",
            code="cross_site_form",
        )


# ---- campaign details ------------------------------------------------------------------------
@bp.get("/tto/invite/<code>")
def invite(code: str) -> str:
    """Campaign details from an invite link: join, review states, deliverables."""
    state = _state()
    campaign = state.campaign_by_invite(code)
    if campaign is None:
        raise NotFound("This invite link is not valid any more.")
    me = _me()
    membership = state.membership(campaign.campaign_id, me.handle)
    videos = sorted(
        state.campaign_videos(campaign.campaign_id, me.handle), key=lambda v: v.slot or 0
    )
    quota = campaigns.quota(state, campaign, me.handle)
    slots = []
    for index, name in enumerate(campaign.deliverables[: campaign.video_number]):
        slots.append({"name": name, "video": videos[index] if index < len(videos) else None})
    return render_template(
        "tiktok/campaign.html",
        campaign=campaign,
        brand_name=_brand_name(campaign),
        me=me,
        accounts=[a for a in state.accounts if a.on_phone],
        membership=membership,
        invited=membership is not None,
        error=_ERRORS.get(request.args.get("error", ""), request.args.get("message", "")),
        switching=request.args.get("switch") == "1",
        slots=slots,
        quota=quota,
        here=request.path,
    )


@bp.post("/tto/invite/<code>/join")
def join(code: str) -> BaseResponse:
    """'Join Campaign' with the terms checkbox."""
    campaign = _state().campaign_by_invite(code)
    if campaign is None:
        raise NotFound("This invite link is not valid any more.")
    target = url_for("screens.invite", code=code)
    try:
        campaigns.join(tenant(), campaign, _me(), terms_accepted=request.form.get("terms") == "on")
    except WrongAccount:
        return redirect(target)  # the page itself names the invited handle
    except SimError as exc:
        return redirect(f"{target}?message={quote(exc.message)}")
    return redirect(target)


# ---- upload: options, record, drafts, link ---------------------------------------------------
def _accepted_campaign(campaign_id: str) -> tuple[Campaign, Account]:
    campaign, me = _campaign(campaign_id), _me()
    campaigns.require_accepted(_state(), campaign, me)
    return campaign, me


@bp.get("/tto/campaigns/<campaign_id>/upload")
def upload_options(campaign_id: str) -> str:
    """The three ways to deliver a video."""
    campaign = _accepted_campaign(campaign_id)[0]
    return render_template(
        "tiktok/upload.html", campaign=campaign, brand_name=_brand_name(campaign)
    )


@bp.post("/tto/campaigns/<campaign_id>/record")
def record(campaign_id: str) -> BaseResponse:
    """'Record Video': a fresh clip goes straight to the composer."""
    campaign, me = _accepted_campaign(campaign_id)
    draft = campaigns.record_draft(tenant(), me)
    return redirect(
        url_for("screens.compose", campaign_id=campaign.campaign_id, draft=draft.draft_id)
    )


@bp.get("/tto/campaigns/<campaign_id>/drafts")
def drafts(campaign_id: str) -> str:
    """The creator's drafts, one radio each."""
    campaign, me = _accepted_campaign(campaign_id)
    mine = [d for d in _state().drafts if d.handle.lower() == me.handle.lower()]
    return render_template(
        "tiktok/drafts.html",
        campaign=campaign,
        drafts=mine,
        error=request.args.get("message", ""),
    )


@bp.post("/tto/campaigns/<campaign_id>/drafts")
def choose_draft(campaign_id: str) -> BaseResponse:
    """'Next' after picking a draft."""
    campaign = _accepted_campaign(campaign_id)[0]
    draft_id = request.form.get("draft", "")
    if not draft_id:
        target = url_for("screens.drafts", campaign_id=campaign.campaign_id)
        return redirect(f"{target}?message={quote('Select a draft first.')}")
    return redirect(url_for("screens.compose", campaign_id=campaign.campaign_id, draft=draft_id))


@bp.get("/tto/campaigns/<campaign_id>/link")
def link_options(campaign_id: str) -> str:
    """'Link existing post': the creator's published posts not yet in a campaign."""
    campaign, me = _accepted_campaign(campaign_id)
    posts = [
        v
        for v in _state().videos
        if v.handle == me.handle and v.status == "PUBLISHED" and not v.campaign_id
    ]
    return render_template(
        "tiktok/link.html", campaign=campaign, posts=posts, error=request.args.get("message", "")
    )


@bp.post("/tto/campaigns/<campaign_id>/link")
def link_post(campaign_id: str) -> BaseResponse:
    """Ask the brand to count an existing post."""
    campaign, me = _accepted_campaign(campaign_id)
    target = url_for("screens.link_options", campaign_id=campaign.campaign_id)
    try:
        campaigns.link_existing(tenant(), campaign, me, request.form.get("video", ""))
    except SimError as exc:
        return redirect(f"{target}?message={quote(exc.message)}")
    return redirect(url_for("screens.invite", code=campaign.invite_code))


# ---- composer --------------------------------------------------------------------------------
@bp.route("/tto/campaigns/<campaign_id>/compose", methods=["GET", "POST"])
def compose(campaign_id: str) -> Any:
    """Description and required elements, then 'Post'."""
    campaign, me = _accepted_campaign(campaign_id)
    draft_id = request.values.get("draft", "")
    draft = _state().draft(draft_id)
    if draft is None or draft.handle.lower() != me.handle.lower():
        raise NotFound("That draft is no longer in your drafts.")
    description = clean_text(request.form.get("description", ""))
    missing: list[str] = []
    error = ""
    if request.method == "POST":
        try:
            video = campaigns.post_for_campaign(tenant(), campaign, me, draft.draft_id, description)
        except MissingElements as exc:
            missing = exc.missing
        except SimError as exc:
            error = exc.message
        else:
            return redirect(url_for("screens.posted", video_id=video.video_id))
    quota = campaigns.quota(_state(), campaign, me.handle)
    return render_template(
        "tiktok/compose.html",
        campaign=campaign,
        brand_name=_brand_name(campaign),
        draft=draft,
        description=description,
        missing=missing,
        error=error,
        quota=quota,
        me=me,
    )


# ---- posted, ads authorization ---------------------------------------------------------------
def _video(video_id: str) -> Video:
    video = _state().video(video_id)
    if video is None:
        raise NotFound("This post does not exist.")
    return video


@bp.get("/tto/videos/<video_id>")
def posted(video_id: str) -> str:
    """The post after 'Post': processing (refreshing itself), published, or failed."""
    state = _state()
    video = _video(video_id)
    campaign = state.campaign(video.campaign_id) if video.campaign_id else None
    auth = state.spark_auth(video.video_id)
    return render_template(
        "tiktok/posted.html",
        video=video,
        campaign=campaign,
        brand_name=_brand_name(campaign) if campaign else "",
        stats=metrics(video, state.account(video.handle), tenant().clock.now()),
        auth=auth,
        auth_end=auth.end_time.date().isoformat() if auth and auth.end_time else "",
        share=share_url(video),
        error=request.args.get("message", ""),
        me=state.current_account(),
    )


@bp.post("/tto/videos/<video_id>/ads")
def ads_generate(video_id: str) -> BaseResponse:
    """Turn on ad authorization for a post and generate a code."""
    video = _video(video_id)
    target = url_for("screens.posted", video_id=video.video_id)
    try:
        sparkads.generate(tenant(), _me(), video.video_id, request.form.get("days"))
    except SimError as exc:
        return redirect(f"{target}?message={quote(exc.message)}")
    return redirect(target + "#ads")


@bp.post("/tto/videos/<video_id>/ads/answer")
def ads_answer(video_id: str) -> BaseResponse:
    """Accept or decline the brand's request to use the post in ads."""
    video = _video(video_id)
    target = url_for("screens.posted", video_id=video.video_id)
    try:
        sparkads.answer(tenant(), _me(), video.video_id, request.form.get("answer") == "accept")
    except SimError as exc:
        return redirect(f"{target}?message={quote(exc.message)}")
    return redirect(target + "#ads")


@bp.post("/tto/videos/<video_id>/ads/stop")
def ads_stop(video_id: str) -> BaseResponse:
    """Turn ad authorization off: the code is deleted and ads using the post stop."""
    video = _video(video_id)
    target = url_for("screens.posted", video_id=video.video_id)
    try:
        sparkads.revoke(tenant(), _me(), video.video_id)
    except SimError as exc:
        return redirect(f"{target}?message={quote(exc.message)}")
    return redirect(target + "#ads")


# ---- profile ---------------------------------------------------------------------------------
PROFILE_POSTS = 60  # the grid shows the newest this many posts


@bp.get("/@<handle>")
def profile(handle: str) -> str:
    """An account's profile: the phone's own account sees every published post (each opens
    its post page); another account's shows its public posts, or nothing if it is private."""
    state, now = _state(), tenant().clock.now()
    account = state.account(handle)
    if account is None:
        raise NotFound("Couldn't find this account.")
    me = state.current_account()
    own = me is not None and me.handle == account.handle
    posts, more = state.creator_posts(account.handle, 0, PROFILE_POSTS, now)
    if not own:
        posts = [v for v in posts if v.privacy_level == "PUBLIC_TO_EVERYONE"]
    hidden = account.private and not own
    tiles = []
    likes = 0
    for video in posts:
        stats = metrics(video, account, now)
        likes += int(stats["likes"])
        tiles.append(
            {
                "video": video,
                "views": int(stats["video_views"]),
                "href": url_for("screens.posted", video_id=video.video_id)
                if own
                else url_for("screens.public_video", handle=video.handle, video_id=video.video_id),
            }
        )
    return render_template(
        "tiktok/profile.html",
        account=account,
        me=me,
        own=own,
        hidden=hidden,
        tiles=[] if hidden else tiles,
        more=more and not hidden,
        likes=likes,
        limit=PROFILE_POSTS,
    )


# ---- public post pages and media -------------------------------------------------------------
@bp.get("/@<handle>/video/<video_id>")
def public_video(handle: str, video_id: str) -> str:
    """A post's public page (share_url)."""
    video = _video(video_id)
    if video.handle != handle or video.status != "PUBLISHED":
        raise NotFound("This video isn't available.")
    stats = metrics(video, _state().account(video.handle), tenant().clock.now())
    return render_template("tiktok/public_video.html", video=video, stats=stats, embed=False)


@bp.get("/embed/v2/<video_id>")
def embed(video_id: str) -> str:
    """A post's embeddable player (embed_url)."""
    video = _video(video_id)
    stats = metrics(video, _state().account(video.handle), tenant().clock.now())
    return render_template("tiktok/public_video.html", video=video, stats=stats, embed=True)


# The covers' colours: one gradient per palette slot, for drafts and posts alike (a post
# keeps the palette of the draft it was posted from, so it looks like the draft picked).
_GRADIENTS = [
    ("#fe2c55", "#7b2ff7"),
    ("#25f4ee", "#1f6feb"),
    ("#ff9a3c", "#fe2c55"),
    ("#2ecc71", "#25f4ee"),
    ("#7b2ff7", "#25f4ee"),
    ("#161823", "#fe2c55"),
]


def _cover_svg(seed: str, caption: str) -> Response:
    """A 9:16 cover drawn as SVG (no media files): the seed's gradient and the caption."""
    top, bottom = _GRADIENTS[_palette(seed)]
    caption = (caption[:28] + "…") if len(caption) > 28 else caption
    caption = encodable(caption).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    svg = f"""<svg xmlns="http://www.w3.org/2000/svg" width="360" height="640"
 viewBox="0 0 360 640">
<defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1">
<stop offset="0" stop-color="{top}"/>
<stop offset="1" stop-color="{bottom}"/></linearGradient></defs>
<rect width="360" height="640" fill="url(#g)"/>
<circle cx="180" cy="300" r="46" fill="rgba(255,255,255,.25)"/>
<path d="M168 278 L200 300 L168 322 Z" fill="#fff"/>
<text x="20" y="600" font-family="sans-serif" font-size="18" fill="#fff">{caption}</text>
</svg>"""
    return Response(svg, mimetype="image/svg+xml")


def cover_seed(video: Video) -> str:
    """What a post's cover is drawn from: the draft it was posted from, else itself."""
    return video.cover or video.video_id


@bp.get("/media/<video_id>.svg")
def thumbnail(video_id: str) -> Response:
    """A post's cover: the same picture its draft had."""
    video = _video(video_id)
    return _cover_svg(cover_seed(video), video.caption)


@bp.get("/media/drafts/<draft_id>.svg")
def draft_cover(draft_id: str) -> Response:
    """A draft's cover, as the drafts grid and the composer show it."""
    draft = _state().draft(draft_id)
    if draft is None:
        raise NotFound("This draft does not exist.")
    return _cover_svg(draft.draft_id, draft.caption)
