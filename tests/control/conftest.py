"""The stand-in app the control tests steer (built like the real two)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

sys.path.insert(0, str(Path(__file__).parent))

from control_fakeapp import create_app


@pytest.fixture
def app() -> Flask:
    return create_app({"TESTING": True, "SEED": 3})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()
