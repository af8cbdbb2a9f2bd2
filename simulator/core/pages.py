"""What both apps' browser pages need to be safe, with no knowledge of either app.

- `local_path`: the one check for a redirect target that came from outside (a `next=`
  parameter, a `Referer`): only a path on this origin passes.
- `cross_site_post`: whether a state-changing request was sent by a page of another origin.
- `SecurityHeaders`: the headers every answer carries (CSP, frame protection, nosniff,
  referrer policy).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit

from flask import Flask, request
from markupsafe import Markup
from werkzeug.wrappers import Request, Response

from .text import encodable

R = TypeVar("R", bound=Response)
MAX_REDIRECT_LENGTH = 2000
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _hostile(text: str) -> bool:
    """Characters a browser drops or reinterprets in a URL: control characters (tab, CR, LF
    are removed anywhere, so `/\\t/evil` becomes `//evil`) and backslashes (read as `/`).
    (Leading spaces, also stripped, fail the leading-slash check.)"""
    return any(ch < " " or ch in "\x7f\\" for ch in text)


def local_path(target: str | None, fallback: str = "/") -> str:
    """`target` if it is a path on this origin (`/offers/1?x=y#d-2`), else `fallback`.

    Refused: anything with a scheme or a host (`https://evil`, `//evil`, `javascript:`),
    a relative path (`evil.example`), control characters or backslashes, as they are
    or once percent-decoded (`/%09/evil`, `/%5Cevil`, `/%2F/evil`), and very long values.
    """
    if not target or len(target) > MAX_REDIRECT_LENGTH:
        return fallback
    for form in (target, unquote(target)):
        if _hostile(form) or not form.startswith("/") or form.startswith("//"):
            return fallback
        parts = urlsplit(form)
        if parts.scheme or parts.netloc:
            return fallback
    return target


def path_of_own_url(url: str | None, own_origin: str, fallback: str = "/") -> str:
    """The local path of `url` when it is an address on `own_origin` (`http://host:port`),
    else `fallback`: for going back to the page a `Referer` names."""
    if not url:
        return fallback
    origin = own_origin.rstrip("/")
    if not url.startswith(origin + "/"):
        return fallback
    return local_path(url[len(origin) :], fallback)


def origin_of(url: str) -> str:
    """`scheme://host[:port]` of an absolute URL ('' when it has none)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else ""


def cross_site_post(request: Request, own_origins: Iterable[str] = ()) -> bool:
    """Whether a state-changing request came from a page of another origin.

    Browsers say where a request comes from: `Sec-Fetch-Site` (every current browser) and
    `Origin` (on every POST). A request is cross-site when `Sec-Fetch-Site` is anything but
    `same-origin` or `none` (typed in the address bar), or when `Origin` is not this host's
    origin or one of `own_origins` (e.g. the public URL behind a proxy); `Origin: null`
    (sandboxed frames, privacy redirects) counts as another origin. A request with neither
    header did not come from a browser, and a cross-site request forgery needs one.
    """
    if request.method in SAFE_METHODS:
        return False
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        return True
    origin = request.headers.get("Origin")
    if origin is None:
        return False
    allowed = {origin_of(request.host_url)} | {origin_of(o) for o in own_origins if o}
    return origin.strip().lower() not in allowed


def page_value(value: Any) -> Any:
    """Jinja's `finalize`: every `{{ value }}` a page prints is encodable, so text stored
    before the doors cleaned it (core/text.py) shows as U+FFFD instead of failing the page."""
    if not isinstance(value, str):
        return value
    cleaned = encodable(value)
    if cleaned is value:
        return value
    return Markup(cleaned) if isinstance(value, Markup) else cleaned


def render_defensively(app: Flask) -> None:
    """Make every page of `app` print only encodable text (`page_value`)."""
    app.jinja_env.finalize = page_value


@dataclass(frozen=True)
class SecurityHeaders:
    """The security headers of one app's answers.

    `csp` is the Content-Security-Policy of its pages (no inline script or style: pages load
    their CSS and JS from files). `frameable` path prefixes (an embeddable player) may be
    shown in another site's frame; every other answer refuses to be framed.
    """

    csp: str
    frameable: tuple[str, ...] = ()
    referrer_policy: str = "same-origin"

    def apply(self, request: Request, response: R) -> R:
        """Add the headers to `response` (keeping any a view set itself)."""
        headers = response.headers
        present = {name.lower() for name, _value in headers.items()}
        headers.extend([pair for pair in self.of(request.path) if pair[0].lower() not in present])
        return response

    def of(self, path: str) -> tuple[tuple[str, str], ...]:
        """The headers an answer on `path` carries."""
        return self._by_frameable[path.startswith(self.frameable)]

    @functools.cached_property
    def _by_frameable(self) -> dict[bool, tuple[tuple[str, str], ...]]:
        common = (("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", self.referrer_policy))
        return {
            True: (*common, ("Content-Security-Policy", f"{self.csp}; frame-ancestors *")),
            False: (
                *common,
                ("Content-Security-Policy", f"{self.csp}; frame-ancestors 'none'"),
                ("X-Frame-Options", "DENY"),
            ),
        }


def page_csp(*, img_src: str = "'self' data:", form_action: str = "'self'") -> str:
    """A strict policy for server-rendered pages: everything from this origin, no inline
    script or style, no plugins, no `<base>` rewriting; forms post to `form_action` (browsers
    apply it to the redirect a form's answer makes, too)."""
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; "
        f"img-src {img_src}; object-src 'none'; base-uri 'none'; form-action {form_action}"
    )


STATIC_MAX_AGE_S = 365 * 24 * 3600


def static_version(app: Flask) -> str:
    """A short hash of an app's own static files: part of their URLs, so a changed file is a
    new URL and the old one may be cached for good."""
    digest = hashlib.sha256()
    folder = Path(str(app.static_folder))
    for path in sorted(folder.glob("*")):
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def install_static_cache(app: Flask) -> None:
    """Let browsers keep an app's CSS and JS instead of asking again on every page.

    Flask answers static files with `no-cache`, so each page load of a phone revalidated
    them (a 304 round trip each before the page's load event). The templates ask for them
    with `?v={{ static_version }}` (a hash of their contents), and only an answer to that
    exact version is marked cacheable for a year; any other static request keeps Flask's
    default."""
    version = static_version(app)
    app.jinja_env.globals["static_version"] = version

    @app.after_request
    def _cache_static(response: Response) -> Response:
        if (
            request.endpoint == "static"
            and request.args.get("v") == version
            and response.status_code in (200, 304)
        ):
            response.cache_control.no_cache = None
            response.cache_control.public = True
            response.cache_control.max_age = STATIC_MAX_AGE_S
            response.cache_control.immutable = True
        return response
