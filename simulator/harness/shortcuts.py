"""Givens reached through the apps' own HTTP, not their screens: a scenario that starts after
the creator joined (or posted) gets there in a few requests instead of a dozen page loads.

Every request goes through the phone's own browser context (`page.context.request`): it
carries the context's headers (the scenario's tenant) and user agent (a phone's, which is
what makes Flex create the TikTok campaign), and its cookies are the browser's, so the
session Flex starts here is the one the phone is signed in with afterwards. The forms are
the very ones the screens post (same fields, CSRF token, Origin), so the apps cannot tell
the difference; the screens themselves stay covered by the scenarios whose *When* steps
walk them (docs/harness.md's guide map).
"""

from __future__ import annotations

import html
import mimetypes
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import APIResponse

from simulator.harness.data.builders import World
from simulator.harness.pages import Phone, PostedPage

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_PUBLISH = re.compile(r'href="([^"]+)">Publish Content</a>')
_UPLOAD = re.compile(r'/tto/campaigns/([^/"]+)/upload')
_OFFER = re.compile(r'href="(/offers/[^"#]+)">([^<]*)</a>')  # Flex's offer list
_DRAFT = re.compile(r'value="([^"]+)" aria-label="([^"]*)"')  # TikTok's drafts
_MARKETER_OFFER = re.compile(r'href="(/marketer/offers/[^"#]+)">([^<]*)</a>')
_ADD_FINAL = re.compile(r'action="(/offers/[^"]+/add)"')  # "+Add Final Content"
_SELECT = re.compile(r'action="(/offers/[^"]+/select)"')  # "Select your video"'s Continue
_CAPTION = re.compile(r'id="cap-([^"]+)">([^<]*)</span>')  # a video in that list
_CONTENT = re.compile(r'action="(/offers/[^"]+/content)"')  # assets and notes, Add Content
_SUBMIT = re.compile(r'action="(/offers/[^"]+/submit)"')  # "Submit Content"


class ShortcutError(AssertionError):
    """An app did not answer a shortcut the way its screen would have."""


@dataclass(frozen=True)
class Joined:
    """Where the creator stands after joining: the Flex offer and the TikTok campaign."""

    offer_url: str
    invite_url: str
    campaign_id: str


def sign_in(phone: Phone, email: str, password: str) -> str:
    """Sign the phone in to Flex (the sign-in form, posted); returns Flex's answer page."""
    request = phone.page.context.request
    form = _ok(request.get(f"{phone.flex_url}/signin"), "Flex's sign-in form")
    token = _find(_CSRF, form, "the sign-in form's CSRF token")
    answer = request.post(
        f"{phone.flex_url}/signin",
        form={"email": email, "password": password, "csrf_token": token, "next": ""},
        headers={"Origin": _origin(phone.flex_url)},
    )
    return _ok(answer, f"signing in as {email}")


def join(phone: Phone, world: World, index: int = 0) -> Joined:
    """Sign in, open the offer (Flex makes its TikTok campaign), join it agreeing to the terms."""
    request = phone.page.context.request
    offers = sign_in(phone, world.creator_email, world.creator_password)
    offer_url = phone.flex_url + _labelled(_OFFER, offers, world.offer_title, "the offer")
    offer = _ok(request.get(offer_url), "the offer")
    links = _PUBLISH.findall(offer)
    if len(links) <= index:
        raise ShortcutError(f"the offer has no Publish Content link #{index + 1}")
    invite_url = html.unescape(links[index])
    joined = request.post(
        f"{invite_url}/join", form={"terms": "on"}, headers={"Origin": _origin(invite_url)}
    )
    page = _ok(joined, "joining the campaign")
    campaign_id = _find(_UPLOAD, page, "the accepted campaign's upload button")
    phone.offer_urls[world.offer_title] = offer_url
    return Joined(offer_url, invite_url, campaign_id)


def post_draft(phone: Phone, joined: Joined, draft: str, description: str) -> str:
    """Pick the draft and post it with `description`; returns the post's path in TikTok."""
    request = phone.page.context.request
    base = f"{phone.tiktok_url}/tto/campaigns/{joined.campaign_id}"
    drafts = _ok(request.get(f"{base}/drafts"), "the drafts")
    draft_id = _labelled(_DRAFT, drafts, draft, "the draft")
    posted = request.post(
        f"{base}/compose",
        form={"draft": draft_id, "description": description},
        headers={"Origin": _origin(phone.tiktok_url)},
    )
    _ok(posted, "posting the draft")
    path = urlsplit(posted.url).path
    if not path.startswith("/tto/videos/"):
        raise ShortcutError(f"posting the draft did not lead to the post: {posted.url}")
    return path


def add_final_content(
    phone: Phone, offer_url: str, caption: str, asset: Path | None, note: str, index: int = 0
) -> None:
    """+Add Final Content on the offer's deliverable #`index`, pick the video by its
    caption, Continue, attach `asset` and `note`, Add Content (Flex's own forms)."""
    request = phone.page.context.request
    origin = {"Origin": _origin(phone.flex_url)}
    offer = _ok(request.get(offer_url), "the offer")
    adds = _ADD_FINAL.findall(offer)
    if len(adds) <= index:
        raise ShortcutError(f"the offer has no +Add Final Content #{index + 1}")
    sheet = _ok(request.get(phone.flex_url + html.unescape(adds[index])), "Select your video")
    video_id = _labelled(_CAPTION, sheet, caption, "the video")
    chosen = request.post(
        phone.flex_url + _find(_SELECT, sheet, "Select your video's form"),
        form={
            "video_id": video_id,
            "csrf_token": _find(_CSRF, sheet, "Select your video's CSRF token"),
        },
        headers=origin,
    )
    details = _ok(chosen, "choosing the video")
    fields: dict[str, Any] = {
        "csrf_token": _find(_CSRF, details, "the assets form's CSRF token"),
        "notes": note,
        "action": "add",
    }
    if asset is not None:
        kind = mimetypes.guess_type(asset.name)[0] or "application/octet-stream"
        fields["assets"] = {"name": asset.name, "mimeType": kind, "buffer": asset.read_bytes()}
    added = request.post(
        phone.flex_url + _find(_CONTENT, details, "the assets form"),
        multipart=fields,
        headers=origin,
    )
    _ok(added, "adding the final content")
    if urlsplit(added.url).path != urlsplit(offer_url).path:  # Flex keeps a refusal on the form
        raise ShortcutError(f"Flex did not take the final content: {_flashes(added.text())}")


def submit(phone: Phone, offer_url: str) -> None:
    """Confirm the offer's terms and Submit Content (Flex's form)."""
    request = phone.page.context.request
    offer = _ok(request.get(offer_url), "the offer")
    answer = request.post(
        phone.flex_url + _find(_SUBMIT, offer, "the Submit Content form"),
        form={"csrf_token": _find(_CSRF, offer, "the offer's CSRF token"), "terms": "yes"},
        headers={"Origin": _origin(phone.flex_url)},
    )
    if "Submitted" not in _ok(answer, "submitting the content"):
        raise ShortcutError(f"Flex did not take the submission: {_flashes(answer.text())}")


def submit_final_content(
    phone: Phone, offer_url: str, caption: str, asset: Path | None, note: str
) -> None:
    """The creator hands the posted video in: final content with `asset` and `note` on the
    offer's first deliverable, then Submit Content; the phone then shows the offer."""
    add_final_content(phone, offer_url, caption, asset, note)
    submit(phone, offer_url)
    phone.open_flex(urlsplit(offer_url).path)


def open_as_marketer(phone: Phone, email: str, password: str, title: str) -> None:
    """Sign the phone in as the marketer and show their offer titled `title`."""
    offers = sign_in(phone, email, password)
    phone.open_flex(_labelled(_MARKETER_OFFER, offers, title, "the marketer's offer"))


def show_tiktok(phone: Phone, url: str) -> None:
    """Leave the phone on TikTok at `url` or a path (in the tab Flex showed, as after the
    screens)."""
    phone.flex_page = phone.page
    if url.startswith(phone.tiktok_url):
        url = url[len(phone.tiktok_url) :]
    phone.open_tiktok(url)


def show_post(phone: Phone, path: str) -> None:
    """Leave the phone on the post's screen, published."""
    show_tiktok(phone, path)
    PostedPage(phone.page).expect_published()


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _ok(response: APIResponse, what: str) -> str:
    if not response.ok:
        raise ShortcutError(f"{what}: HTTP {response.status} at {response.url}")
    return response.text()


def _labelled(pattern: re.Pattern[str], text: str, label: str, what: str) -> str:
    """The first group of the match whose second group reads `label` (HTML unescaped)."""
    for value, shown in pattern.findall(text):
        if html.unescape(shown).strip() == label:
            return html.unescape(value)
    raise ShortcutError(f"{what} {label!r} is not on the page")


def _flashes(text: str) -> str:
    """What Flex's messages on a page say (for a shortcut's error)."""
    said = re.findall(r'class="flash[^"]*"[^>]*>(.*?)</div>', text, re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", m)).strip() for m in said) or "no message"


def _find(pattern: re.Pattern[str], text: str, what: str) -> str:
    found = pattern.search(text)
    if found is None:
        raise ShortcutError(f"{what} is not on the page")
    return html.unescape(found.group(1))
