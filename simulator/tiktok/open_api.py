"""Open API v2 (placeholder; filled in below)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("open_api", __name__)
