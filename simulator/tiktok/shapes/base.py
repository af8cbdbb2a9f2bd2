"""The two kinds of wire model, and the field types the families share."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import msgspec
from msgspec import UNSET, Meta, UnsetType

from ..paging import Paged


class Request(msgspec.Struct, kw_only=True):
    """A request's query or body. Unknown fields are ignored, as TikTok ignores them."""


class Answer(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """An answer's `data` (or a part of it): every field without a default is always sent;
    `field: X | UnsetType = UNSET` only when set. No other field is ever sent."""


# Request fields: bounded text, so nothing unbounded is ever stored.
Id = Annotated[str, Meta(min_length=1, max_length=128, description="An id TikTok issued.")]
Text = Annotated[str, Meta(max_length=512)]
Name = Annotated[str, Meta(min_length=1, max_length=100)]
LongText = Annotated[str, Meta(max_length=5000)]
Link = Annotated[str, Meta(min_length=1, max_length=2048)]
Handle = Annotated[
    str, Meta(min_length=1, max_length=64, description="A TikTok handle, '@' optional.")
]
Page = Annotated[int, Meta(ge=1, le=10_000)]
SparkDays = Literal[0, 7, 30, 60, 365]
Element = Annotated[str, Meta(max_length=100)]
Elements = Annotated[list[Element], Meta(max_length=20)]
Caption = Annotated[str, Meta(max_length=2200)]

MembershipStatus = Literal["INVITED", "JOINED", "ACCEPTED", "REJECTED"]
LinkStatus = Literal["IN_REVIEW", "APPROVE", "REJECTED", "REVOKE"]


class PageInfo(Answer):
    """TikTok's page/page_size paging."""

    page: int
    page_size: int
    total_number: int
    total_page: int

    @classmethod
    def of(cls, paged: Paged[Any]) -> PageInfo:
        """The page_info of a page."""
        return cls(
            page=paged.page,
            page_size=paged.page_size,
            total_number=paged.total,
            total_page=paged.total_page,
        )


class VideoRequirements(Request):
    """The brief a creator's post must follow (the simulator's addition: TikTok's composer
    shows one; its public docs name no fields)."""

    description: Annotated[str, Meta(max_length=2200)] = ""
    required_elements: Annotated[
        list[Annotated[str, Meta(max_length=100)]], Meta(max_length=20)
    ] = []


class RequirementsChange(Request):
    """A change of the brief: only the fields sent change."""

    description: Caption | UnsetType = UNSET
    required_elements: Elements | UnsetType = UNSET


class Requirements(Answer):
    """A campaign's brief, as answered."""

    description: str
    required_elements: list[str]
