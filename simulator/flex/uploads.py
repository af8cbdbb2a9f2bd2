"""Creator uploads: checked for type (by content) and size, stored per tenant and offer under
safe names.

A file's name says what it claims to be; its first bytes say what it is. `filetype` reads
those magic numbers: a file is kept only when its content is one of the kinds its name
allows (an HTML page named .png, a program named .pdf are refused), and it is stored and
later served as the kind its content is.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import filetype
from werkzeug.datastructures import FileStorage

from simulator.core.errors import InvalidInput
from simulator.core.ids import IdFactory
from simulator.core.text import clean_text

from .models import Asset, iso

# name's extension -> (what to call it in a message, the content kinds it may hold)
ALLOWED: dict[str, tuple[str, tuple[str, ...]]] = {
    "png": ("a PNG image", ("png",)),
    "jpg": ("a JPEG image", ("jpg",)),
    "jpeg": ("a JPEG image", ("jpg",)),
    "pdf": ("a PDF document", ("pdf",)),
    "mp4": ("a video", ("mp4", "mov", "m4v")),
    "mov": ("a video", ("mov", "mp4", "m4v")),
    "zip": ("a ZIP archive", ("zip",)),
}
MAX_BYTES = 20 * 1024 * 1024
_CHUNK = 64 * 1024
_SNIFF_BYTES = 8192  # what filetype reads of a file's head


def sniff(head: bytes, allowed_kinds: tuple[str, ...]) -> str | None:
    """The MIME type of the first of `allowed_kinds` (filetype extensions) whose magic
    numbers `head` starts with, or None when it is none of them."""
    for kind in allowed_kinds:
        matcher = filetype.get_type(ext=kind)
        if matcher is not None and matcher.match(bytearray(head[:_SNIFF_BYTES])):
            return str(matcher.mime)
    return None


INLINE_TYPES = frozenset({"image/png", "image/jpeg", "video/mp4", "video/quicktime", "video/x-m4v"})


def served_inline(content_type: str) -> bool:
    """Whether a browser may show a stored file itself (the images and videos Flex sniffed),
    rather than download it; anything else, whatever a state file says, is an attachment."""
    return content_type in INLINE_TYPES


def folder_for(root: str, tenant_id: str, offer_id: str) -> Path:
    """The folder holding one offer's uploads in one tenant (ids are checked, never paths)."""
    for part in (tenant_id, offer_id):
        if not part or "/" in part or "\\" in part or part in (".", ".."):
            raise InvalidInput("bad folder name")
    return Path(root) / tenant_id / offer_id


def display_name(filename: str) -> str:
    """The user's file name without any directory part, trimmed to something printable."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in clean_text(base) if ch.isprintable()).strip()
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
    what, kinds = ALLOWED[ext]
    head = upload.stream.read(_SNIFF_BYTES)
    if not head:
        raise InvalidInput(f"{name}: the file is empty.", code="file_empty")
    content_type = sniff(head, kinds)
    if content_type is None:
        raise InvalidInput(
            f"{name}: the file is not {what}, as its name says. Check the file and try again.",
            code="file_content",
        )
    folder = folder_for(root, tenant_id, offer_id)
    folder.mkdir(parents=True, exist_ok=True)
    asset_id = ids.token(length=16)
    stored = f"{asset_id}.{ext}"
    target = folder / stored
    size = len(head)
    with open(target, "wb") as out:
        out.write(head)
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
    return Asset(
        id=asset_id,
        filename=name,
        stored_name=stored,
        content_type=content_type,
        size=size,
        uploaded_at=iso(now),
    )
