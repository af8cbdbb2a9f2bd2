"""The two ways TikTok pages a list: page/page_size with page_info, and a cursor with has_more."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Paged(Generic[T]):
    """One page of a list, and where it sits in the whole."""

    items: list[T]
    page: int
    page_size: int
    total: int

    @property
    def total_page(self) -> int:
        """How many pages the whole list makes (0 for an empty list)."""
        return math.ceil(self.total / self.page_size) if self.total else 0


def by_page(items: Sequence[T], page: int, page_size: int) -> Paged[T]:
    """Page `page` (from 1) of `items`, `page_size` at a time."""
    start = (page - 1) * page_size
    return Paged(list(items[start : start + page_size]), page, page_size, len(items))


@dataclass(frozen=True)
class Cursored(Generic[T]):
    """One page of a list paged by a cursor: the items, whether more follow, the next cursor."""

    items: list[T]
    has_more: bool
    cursor: int


def by_cursor(
    newest_first: Sequence[T], before: int, limit: int, key: Callable[[T], int]
) -> Cursored[T]:
    """Up to `limit` items with `key(item) < before` (0: no bound), from a list sorted newest
    first; the next cursor is the last item's key (or `before` when the page is empty)."""
    after = [item for item in newest_first if not before or key(item) < before]
    return cursored(after[:limit], len(after) > limit, before, key)


def cursored(items: list[T], has_more: bool, before: int, key: Callable[[T], int]) -> Cursored[T]:
    """A cursor page from a page already cut (an index cut it)."""
    return Cursored(items, has_more, key(items[-1]) if items else before)
