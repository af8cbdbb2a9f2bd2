"""Binds features/what_the_marketer_sees.feature (steps: simulator.harness.steps)."""

from pytest_bdd import scenarios

scenarios("what_the_marketer_sees.feature")
