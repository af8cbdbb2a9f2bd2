"""Page objects: one per screen a creator (or marketer) sees, named after it.

They reach the UI only by role and label, with the accessible names docs/contract.md lists,
and assert with Playwright's `expect(...)`.
"""

from e2e.pages.flex_marketer_offer import MarketerOfferPage
from e2e.pages.flex_offer import OfferPage
from e2e.pages.flex_offers import OffersPage
from e2e.pages.flex_select_your_video import SelectYourVideoDialog
from e2e.pages.flex_sign_in import SignInPage
from e2e.pages.flex_supporting_assets import SupportingAssetsDialog
from e2e.pages.phone import Phone
from e2e.pages.tiktok_campaign_details import CampaignDetailsPage
from e2e.pages.tiktok_composer import ComposerPage
from e2e.pages.tiktok_drafts import DraftsPage
from e2e.pages.tiktok_link_post import LinkPostPage
from e2e.pages.tiktok_posted import PostedPage
from e2e.pages.tiktok_upload_options import UploadOptionsPage

__all__ = [
    "CampaignDetailsPage",
    "ComposerPage",
    "DraftsPage",
    "LinkPostPage",
    "MarketerOfferPage",
    "OfferPage",
    "OffersPage",
    "Phone",
    "PostedPage",
    "SelectYourVideoDialog",
    "SignInPage",
    "SupportingAssetsDialog",
    "UploadOptionsPage",
]
