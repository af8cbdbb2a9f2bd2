"""Tell phones from desktops, since TikTok deliverables must be published from a phone."""

from __future__ import annotations

import re

_MOBILE_UA = re.compile(r"iPhone|iPod|Android.*Mobile|Mobile Safari|Windows Phone|Mobi", re.I)


def is_mobile(user_agent: str | None, ch_ua_mobile: str | None = None) -> bool:
    """Whether the request comes from a phone: client hint `?1`, else a mobile User-Agent."""
    if ch_ua_mobile is not None and ch_ua_mobile.strip() == "?1":
        return True
    return bool(user_agent and _MOBILE_UA.search(user_agent))
