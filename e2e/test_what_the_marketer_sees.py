"""Binds features/what_the_marketer_sees.feature; steps: root conftest."""

from pytest_bdd import scenarios

scenarios("what_the_marketer_sees.feature")
