"""Machinery shared by both fakes, with no TikTok or Flex knowledge."""
