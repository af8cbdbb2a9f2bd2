"""Binds features/submitting_content.feature; steps: root conftest."""

from pytest_bdd import scenarios

scenarios("submitting_content.feature")
