"""Binds features/joining_the_campaign.feature (steps: simulator.harness.steps)."""

from pytest_bdd import scenarios

scenarios("joining_the_campaign.feature")
