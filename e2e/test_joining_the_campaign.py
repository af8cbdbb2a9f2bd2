"""Binds features/joining_the_campaign.feature; steps: root conftest."""

from pytest_bdd import scenarios

scenarios("joining_the_campaign.feature")
