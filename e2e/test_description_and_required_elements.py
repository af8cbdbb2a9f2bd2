"""Binds features/description_and_required_elements.feature (steps: simulator.harness.steps)."""

from pytest_bdd import scenarios

scenarios("description_and_required_elements.feature")
