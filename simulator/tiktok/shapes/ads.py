"""Spark Ads shapes the backend reads too: the metrics the integrated report answers."""

from __future__ import annotations

from msgspec import UNSET, UnsetType

from .base import Answer


class IntegratedMetrics(Answer):
    """The metrics asked for, as strings (the Marketing API writes "12.30", "1520")."""

    spend: str | UnsetType = UNSET
    impressions: str | UnsetType = UNSET
    clicks: str | UnsetType = UNSET
    ctr: str | UnsetType = UNSET
    cpm: str | UnsetType = UNSET
    cpc: str | UnsetType = UNSET
    reach: str | UnsetType = UNSET
    video_play_actions: str | UnsetType = UNSET
    video_watched_2s: str | UnsetType = UNSET
    video_watched_6s: str | UnsetType = UNSET
    likes: str | UnsetType = UNSET
    comments: str | UnsetType = UNSET
    shares: str | UnsetType = UNSET
    follows: str | UnsetType = UNSET
    profile_visits: str | UnsetType = UNSET
