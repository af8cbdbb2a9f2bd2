"""Creator uploads: checked for type and size, stored per tenant and offer under safe names."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from werkzeug.datastructures import FileStorage

from simulator.core.errors import InvalidInput
from simulator.core.ids import IdFactory

from .models import Asset, iso

ALLOWED = {
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "pdf": "application/pdf",
    "mp4": "video/mp4",
    "mov": "video/quicktime",
    "zip": "application/zip",
}
MAX_BYTES = 20 * 1024 * 1024
_CHUNK = 64 * 1024


def folder_for(root: str, tenant_id: str, offer_id: str) -> Path:
    """The folder holding one offer's uploads in one tenant (ids are checked, never paths)."""
    for part in (tenant_id, offer_id):
        if not part or "/" in part or "\\" in part or part in (".", ".."):
            raise InvalidInput("bad folder name")
    return Path(root) / tenant_id / offer_id


def display_name(filename: str) -> str:
    """The user's file name without any directory part, trimmed to something printable."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in base if ch.isprintable()).strip()
    return cleaned[:120] or "file"


def save_upload(
    upload: FileStorage,
    *,
    root: str,
    tenant_id: str,
    offer_id: str,
    ids: IdFactory,
    now: datetime,
    max_bytes: int = MAX_BYTES,
) -> Asset:
    """Store one uploaded file, or raise InvalidInput saying exactly what is wrong with it."""
    name = display_name(upload.filename or "")
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in ALLOWED:
        raise InvalidInput(
            f"{name}: this type of file can't be added. Use PNG, JPG, PDF, MP4, MOV or ZIP.",
            code="file_type",
        )
    folder = folder_for(root, tenant_id, offer_id)
    folder.mkdir(parents=True, exist_ok=True)
    asset_id = ids.token(length=16)
    stored = f"{asset_id}.{ext}"
    target = folder / stored
    size = 0
    with open(target, "wb") as out:
        while chunk := upload.stream.read(_CHUNK):
            size += len(chunk)
            if size > max_bytes:
                out.close()
                os.remove(target)
                raise InvalidInput(
                    f"{name}: the file is larger than {max_bytes // (1024 * 1024)} MB.",
                    code="file_size",
                )
            out.write(chunk)
    if size == 0:
        os.remove(target)
        raise InvalidInput(f"{name}: the file is empty.", code="file_empty")
    return Asset(
        id=asset_id,
        filename=name,
        stored_name=stored,
        content_type=ALLOWED[ext],
        size=size,
        uploaded_at=iso(now),
    )
