"""Binds features/publish_through_creator_marketplace.feature; steps: root conftest."""

from pytest_bdd import scenarios

scenarios("publish_through_creator_marketplace.feature")
