"""Binds features/publish_through_creator_marketplace.feature (steps: simulator.harness.steps)."""

from pytest_bdd import scenarios

scenarios("publish_through_creator_marketplace.feature")
