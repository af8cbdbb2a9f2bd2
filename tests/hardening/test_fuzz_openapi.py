"""schemathesis against the fake's own /openapi.json, through the WSGI app (no server).

Every operation gets a few generated requests (FUZZ_EXAMPLES, default 3; `make fuzz` sets
more): none may answer 5xx, and every answer must match the schema the fake publishes.
TikTok answers platform errors with HTTP 200 and a non-zero `code`, so the checks that
expect 4xx for bad input are not TikTok's contract and are left out.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from hardening_support import HAVE_TIKTOK, WHY_NO_TIKTOK
from hypothesis import HealthCheck, Phase, settings

from simulator.demo import DEMO_BRAND_TOKEN

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed")
from schemathesis.checks import (  # noqa: E402
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
def fuzzed_app() -> Any:
    """The fake with the demo world in its default tenant, so calls reach real handlers."""
    if not HAVE_TIKTOK:
        pytest.skip(WHY_NO_TIKTOK)
    from simulator.tiktok.app import create_app

    app = create_app({"TESTING": True, "SEED": 11, "WEBHOOK_SYNC": False})
    answer = app.test_client().post("/_sim/reset", json={"dataset": "demo"})
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return app


@pytest.fixture(scope="module")
def api_schema(fuzzed_app: Any) -> Any:
    """The fake's published OpenAPI description, loaded through WSGI."""
    if fuzzed_app.test_client().get("/openapi.json").status_code == 404:
        pytest.skip("the fake does not serve /openapi.json yet")
    return schemathesis.openapi.from_wsgi("/openapi.json", fuzzed_app)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_no_operation_answers_5xx_or_breaks_its_schema(case: Any) -> None:
    """A generated request, with the demo brand's token: no 5xx, answer conforms to the schema."""
    headers = dict(case.headers or {})
    headers.setdefault("Access-Token", DEMO_BRAND_TOKEN)
    case.call_and_validate(headers=headers, checks=CHECKS)
