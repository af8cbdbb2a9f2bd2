"""Binds features/mobile_only_access.feature; steps: root conftest."""

from pytest_bdd import scenarios

scenarios("mobile_only_access.feature")
