"""The tags features may use; the plugin registers each as a pytest marker."""

from __future__ import annotations

TAGS: dict[str, str] = {
    "e2e": "drives a browser through both apps",
    "journey": "the guide's whole journey, start to finish",
    "visual": "its screens are visual checkpoints too (--visual), beside the journey's",
    "desktop": "runs once on a desktop browser instead of on the phones",
    "mobile_only": "the offer can only be published from a phone",
    "joining": "joining the TikTok campaign",
    "uploading": "choosing the video to post for the campaign",
    "description": "the approved description and required elements",
    "posting": "posting the video on TikTok",
    "final_content": "adding final content in Flex",
    "submitting": "submitting the deliverables to the marketer",
    "marketer": "what the marketer sees",
    "ad_authorization": "letting the brand use the video in ads (Spark Ads)",
    "spark_ads": "the marketer runs the video as a Spark Ad",
    "tiktok_trouble": "TikTok slow, failing or rate-limiting",
    "unhappy": "a way the step can go wrong",
}
