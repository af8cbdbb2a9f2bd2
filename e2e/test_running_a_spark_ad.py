"""Binds features/running_a_spark_ad.feature (steps: simulator.harness.steps)."""

from pytest_bdd import scenarios

scenarios("running_a_spark_ad.feature")
