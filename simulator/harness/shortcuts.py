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
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from playwright.sync_api import APIResponse

from simulator.harness.data.builders import World
from simulator.harness.pages import Phone, PostedPage

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_PUBLISH = re.compile(r'href="([^"]+)">Publish Content</a>')
_UPLOAD = re.compile(r'/tto/campaigns/([^/"]+)/upload')
_OFFER = re.compile(r'href="(/offers/[^"#]+)">([^<]*)</a>')  # Flex's offer list
_DRAFT = re.compile(r'value="([^"]+)" aria-label="([^"]*)"')  # TikTok's drafts


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


def _find(pattern: re.Pattern[str], text: str, what: str) -> str:
    found = pattern.search(text)
    if found is None:
        raise ShortcutError(f"{what} is not on the page")
    return html.unescape(found.group(1))
