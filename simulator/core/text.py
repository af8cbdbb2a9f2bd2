"""Text as both fakes store it: normalized at every door, so nothing stored breaks a page.

A page is UTF-8; a Python string may hold what UTF-8 cannot encode (a lone surrogate such as
`\\ud800`, which JSON's `\\uXXXX` escapes let through), and characters that are legal but
poison a page or a log (NUL, escape sequences, bidi overrides that flip how text reads).
`clean_text` makes one string safe to keep; `clean_tree` does it to every string (keys too)
of JSON-like data: a scenario, an import, a webhook body.
"""

from __future__ import annotations

import unicodedata
from typing import Any

REPLACEMENT = "\ufffd"
# Kept: tab and newline. Dropped: the other C0 controls, DEL, the C1 controls, and the bidi
# embedding/override/isolate controls (U+202A-U+202E, U+2066-U+2069) that reorder text.
_DROPPED = {c: None for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]}
_DROPPED.update({c: None for c in range(0x80, 0xA0)})
_DROPPED.update({c: None for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]})


def clean_text(text: str) -> str:
    """The form a string is stored in: encodable (lone surrogates become U+FFFD), line ends
    as `\\n`, control and bidi-override characters dropped, Unicode NFC."""
    if text.isascii() and text.isprintable():
        return text  # the common case, unchanged and cheap
    text = encodable(text).replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text.translate(_DROPPED))


def encodable(text: str) -> str:
    """`text` with what UTF-8 cannot encode (lone surrogates) replaced by U+FFFD; pages use
    it on the way out, for text stored before the doors cleaned it."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "".join(REPLACEMENT if "\ud800" <= ch <= "\udfff" else ch for ch in text)
    return text


def clean_tree(value: Any) -> Any:
    """Every string in JSON-like data (dicts, lists, tuples; keys too) through `clean_text`;
    other values unchanged."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_tree(k): clean_tree(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(clean_tree(v) for v in value)
    return value
