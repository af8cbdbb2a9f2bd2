"""Binds features/adding_final_content.feature (steps: simulator.harness.steps)."""

from pytest_bdd import scenarios

scenarios("adding_final_content.feature")
