"""Binds features/tiktok_trouble.feature (steps: simulator.harness.steps)."""

from pytest_bdd import scenarios

scenarios("tiktok_trouble.feature")
