"""Driving Flex's forms in the hardening tests: CSRF tokens, the content form with one file,
and the files Flex kept on disk."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any


def csrf(html: str) -> str:
    """The CSRF token a page's forms carry ('' when it has none)."""
    match = re.search(r'name="csrf_token"\s+value="([^"]+)"', html)
    return match[1] if match else ""


def post_content(
    client: Any, offer_id: str, deliverable_id: str, filename: str, payload: bytes, notes: str
) -> Any:
    """Save a deliverable's draft with `notes` and one file, as the "Hand in" sheet does;
    the page the browser lands on."""
    token = csrf(client.get(f"/offers/{offer_id}").get_data(as_text=True))
    return client.post(
        f"/offers/{offer_id}/deliverables/{deliverable_id}/content",
        data={
            "csrf_token": token,
            "notes": notes,
            "action": "save",
            "assets": (io.BytesIO(payload), filename),
        },
        content_type="multipart/form-data",
        follow_redirects=True,
    )


def stored_files(root: str | Path) -> list[Path]:
    """Every file under Flex's upload folder."""
    folder = Path(root)
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []
