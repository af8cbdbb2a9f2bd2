"""Flex, the fake influencer-marketing partner platform."""
