"""Binds features/tiktok_trouble.feature; steps: root conftest."""

from pytest_bdd import scenarios

scenarios("tiktok_trouble.feature")
