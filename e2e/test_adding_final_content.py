"""Binds features/adding_final_content.feature; steps: root conftest."""

from pytest_bdd import scenarios

scenarios("adding_final_content.feature")
