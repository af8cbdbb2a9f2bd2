"""Binds features/ad_authorization.feature; steps: root conftest."""

from pytest_bdd import scenarios

scenarios("ad_authorization.feature")
