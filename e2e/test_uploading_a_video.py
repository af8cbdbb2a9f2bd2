"""Binds features/uploading_a_video.feature (steps: simulator.harness.steps)."""

from pytest_bdd import scenarios

scenarios("uploading_a_video.feature")
