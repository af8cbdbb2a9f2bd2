"""Binds features/description_and_required_elements.feature; steps: root conftest."""

from pytest_bdd import scenarios

scenarios("description_and_required_elements.feature")
