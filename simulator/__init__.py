"""A faithful local fake of TikTok's Creator Marketplace and a fake partner platform (Flex)."""
