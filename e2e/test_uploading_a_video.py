"""Binds features/uploading_a_video.feature; steps: root conftest."""

from pytest_bdd import scenarios

scenarios("uploading_a_video.feature")
