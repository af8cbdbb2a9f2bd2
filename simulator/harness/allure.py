"""Allure for the harness's scenarios, when allure-pytest-bdd is installed and `--alluredir`
is given: each step gets its screenshot (and, when checked, its visual diff and axe
violations), a failed scenario its TikTok journal, Playwright trace and video, and a step's
parameters are only the values its words carry (allure-pytest-bdd lists every fixture the
step function asks for, down to the whole scenario data)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

from .records import REPORT_ATTR, StepRecord

_IMAGE = {".jpg": "JPG", ".jpeg": "JPG", ".png": "PNG"}


def _listener(config: pytest.Config) -> Any:
    """allure-pytest-bdd's listener, when it is reporting this run."""
    try:
        from allure_pytest_bdd.pytest_bdd_listener import PytestBDDListener
    except ImportError:
        return None
    for plugin in config.pluginmanager.get_plugins():
        if isinstance(plugin, PytestBDDListener):
            return plugin
    return None


def _attach_file(
    lifecycle: Any, path: str | None, name: str, kind: str, parent: str | None = None
) -> None:
    from allure_commons.types import AttachmentType

    if path and Path(path).exists():
        lifecycle.attach_file(
            str(uuid.uuid4()),
            path,
            name=name,
            attachment_type=getattr(AttachmentType, kind),
            parent_uuid=parent,
        )


def _attach_json(lifecycle: Any, value: Any, name: str, parent: str | None = None) -> None:
    from allure_commons.types import AttachmentType

    lifecycle.attach_data(
        str(uuid.uuid4()),
        json.dumps(value, indent=1),
        name=name,
        attachment_type=AttachmentType.JSON,
        parent_uuid=parent,
    )


@pytest.hookimpl
def pytest_tiktok_sim_step_recorded(
    request: pytest.FixtureRequest, record: StepRecord, page: Any
) -> None:
    """The step's screenshot (and checks) as attachments of the Allure step, still open."""
    listener = _listener(request.config)
    if listener is None:
        return
    shot = record["screenshot"]
    if shot:
        kind = _IMAGE.get(Path(shot).suffix.lower(), "PNG")
        _attach_file(listener.lifecycle, shot, f"screen after: {record['name']}", kind)


@pytest.hookimpl(trylast=True)
def pytest_bdd_before_step_call(
    request: pytest.FixtureRequest, step: Any, step_func_args: dict[str, Any]
) -> None:
    """Keep only the step's own parameters (what `parsers.parse` read from its words)."""
    listener = _listener(request.config)
    if listener is None:
        return
    from allure_commons.model2 import Parameter
    from allure_pytest_bdd.steps import get_step_uuid
    from pytest_bdd.scenario import get_step_function

    context = get_step_function(request, step)
    parsed = (context.parser.parse_arguments(step.name) or {}) if context else {}
    with listener.lifecycle.update_step(uuid=get_step_uuid(step)) as result:
        if result is not None:
            result.parameters = [
                Parameter(name=name, value=_represent(step_func_args.get(name, value)))
                for name, value in parsed.items()
            ]


def _represent(value: Any) -> str:
    from allure_commons.utils import represent

    return str(represent(value))  # type: ignore[no-untyped-call]


# A plain hook wrapper of this module (registered when the harness loads, before Allure's
# listener): pluggy then runs its part after the yield once pytest-playwright (trylast) has
# kept the trace and video, and before Allure's listener writes the test.
@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item) -> Generator[None, Any, None]:
    """A failed scenario's journal, checks, trace and video on the Allure test."""
    outcome = yield
    report = outcome.get_result()
    listener = _listener(item.config)
    if listener is None or item.nodeid not in listener.nodeid_to_uuid:
        return
    test = listener.nodeid_to_uuid[item.nodeid]
    record = getattr(report, REPORT_ATTR, None)
    if record is not None:
        for step in record["steps"]:
            visual = step.get("visual")
            if visual and visual["status"] == "failed":
                for key in ("baseline", "actual", "diff"):
                    _attach_file(
                        listener.lifecycle,
                        visual.get(key),
                        f"{visual['checkpoint']}: {key}",
                        "PNG",
                        test,
                    )
            if step.get("axe", {}).get("violations"):
                _attach_json(
                    listener.lifecycle, step["axe"], f"axe-core: {step['axe']['url']}", test
                )
        if record["journal"]:
            _attach_json(listener.lifecycle, record["journal"], "TikTok journal", test)
    if report.when == "teardown":
        for name, value in report.user_properties:
            path = str(Path(item.config.invocation_params.dir, str(value)))
            if name == "playwright_trace":
                _attach_file(listener.lifecycle, path, "Playwright trace", "ZIP", test)
            elif name == "playwright_video":
                _attach_file(listener.lifecycle, path, Path(path).name, "WEBM", test)
