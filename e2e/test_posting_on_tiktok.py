"""Binds features/posting_on_tiktok.feature (steps: simulator.harness.steps)."""

from pytest_bdd import scenarios

scenarios("posting_on_tiktok.feature")
