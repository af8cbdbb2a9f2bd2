"""Binds features/mobile_only_access.feature (steps: simulator.harness.steps)."""

from pytest_bdd import scenarios

scenarios("mobile_only_access.feature")
