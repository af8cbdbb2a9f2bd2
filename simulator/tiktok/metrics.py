"""Video metrics that grow with the virtual clock, derived from a stable hash of the video id."""

from __future__ import annotations

import math
from datetime import datetime

from simulator.core.ids import stable_hash

from .models import Account, Video


def metrics(video: Video, account: Account | None, now: datetime) -> dict[str, int | float]:
    """Cumulative views, likes, comments, shares, favorites, reach and engagement rate at `now`."""
    zero: dict[str, int | float] = {
        "video_views": 0,
        "likes": 0,
        "comments": 0,
        "shares": 0,
        "favorites": 0,
        "reach": 0,
        "engagement_rate": 0.0,
    }
    if video.status != "PUBLISHED" or video.published_at is None:
        return zero
    hours = max((now - video.published_at).total_seconds() / 3600, 0.0)
    seed = stable_hash("metrics", video.video_id)
    followers = account.followers if account else 1000
    # Views ramp fast then slow: a per-video rate times sqrt(hours), capped at 90 days.
    rate = max(followers, 500) * (0.02 + (seed % 1000) / 20000)
    views = int(rate * math.sqrt(min(hours, 24 * 90)))
    likes = views * (40 + (seed >> 10) % 80) // 1000
    comments = views * (3 + (seed >> 20) % 15) // 1000
    shares = views * (2 + (seed >> 30) % 12) // 1000
    favorites = views * (5 + (seed >> 40) % 20) // 1000
    reach = views * (70 + (seed >> 50) % 25) // 100
    engagement = round((likes + comments + shares) / views, 4) if views else 0.0
    return {
        "video_views": views,
        "likes": likes,
        "comments": comments,
        "shares": shares,
        "favorites": favorites,
        "reach": reach,
        "engagement_rate": engagement,
    }
