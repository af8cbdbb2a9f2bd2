"""The fake TikTok: Creator Marketplace (TikTok One), Content Posting, Display, Login Kit."""
