"""Binds features/submitting_content.feature (steps: simulator.harness.steps)."""

from pytest_bdd import scenarios

scenarios("submitting_content.feature")
