"""Page objects: one per screen a creator (or marketer) sees, named after it.

They reach the UI only by role and label, with the accessible names docs/contract.md lists,
and assert with Playwright's `expect(...)`.
"""

from simulator.harness.pages.flex_marketer_offer import MarketerOfferPage, MarketerSparkAd
from simulator.harness.pages.flex_offer import OfferPage
from simulator.harness.pages.flex_offers import OffersPage
from simulator.harness.pages.flex_select_your_video import SelectYourVideoDialog
from simulator.harness.pages.flex_sign_in import SignInPage
from simulator.harness.pages.flex_supporting_assets import SupportingAssetsDialog
from simulator.harness.pages.phone import Phone
from simulator.harness.pages.tiktok_campaign_details import CampaignDetailsPage
from simulator.harness.pages.tiktok_composer import ComposerPage
from simulator.harness.pages.tiktok_drafts import DraftsPage
from simulator.harness.pages.tiktok_link_post import LinkPostPage
from simulator.harness.pages.tiktok_posted import PostedPage
from simulator.harness.pages.tiktok_upload_options import UploadOptionsPage

__all__ = [
    "CampaignDetailsPage",
    "ComposerPage",
    "DraftsPage",
    "LinkPostPage",
    "MarketerOfferPage",
    "MarketerSparkAd",
    "OfferPage",
    "OffersPage",
    "Phone",
    "PostedPage",
    "SelectYourVideoDialog",
    "SignInPage",
    "SupportingAssetsDialog",
    "UploadOptionsPage",
]
