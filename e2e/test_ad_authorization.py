"""Binds features/ad_authorization.feature (steps: simulator.harness.steps)."""

from pytest_bdd import scenarios

scenarios("ad_authorization.feature")
