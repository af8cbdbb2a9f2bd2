"""JUnit XML that QA's tools read and pytest's own schema accepts.

pytest writes the file; this rewrites it at the end of the session (controller only):
- for `junit_family=xunit2` (pytest's default), a test case may not hold `<properties>`
  (pytest's testing/example_scripts/junit-10.xsd, vendored in tests/harness/): the
  harness's `device` and `faker_seed` and pytest-playwright's trace/video/screenshot paths
  move into the case's `<system-out>` (artifacts as `[[ATTACHMENT|path]]`, which Jenkins and
  GitLab show as attachments); with `legacy`/`xunit1` they stay properties;
- pytest-rerunfailures makes pytest write one `<testcase>` per attempt; they become one,
  whose earlier attempts are Surefire's `<flakyFailure>` (it passed on a retry) or
  `<rerunFailure>` (it failed every time), elements the same schema defines.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

_ARTIFACT_PROPERTY = re.compile(r"^playwright_(trace|video|screenshot)$")


def case_key(nodeid: str, prefix: str | None = None) -> tuple[str, str]:
    """(classname, name) pytest's JUnit writer gives a test (_pytest.junitxml's
    mangle_test_address: path as dots without .py, then the class and function names)."""
    path, *names = nodeid.split("::")
    names = [re.sub(r"\.py$", "", path.replace("/", ".")), *names]
    classname = ".".join(names[:-1])
    if prefix:
        classname = f"{prefix}.{classname}"
    return classname, names[-1]


class JUnitRewriter:
    """Collects the failed attempts pytest-rerunfailures retried, then rewrites the file."""

    def __init__(self, config: pytest.Config, path: Path) -> None:
        self.config = config
        self.path = path
        self.retried: dict[tuple[str, str], list[tuple[str, str]]] = {}

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """Keep each retried attempt's error (pytest writes nothing of it)."""
        if report.outcome != "rerun":  # type: ignore[comparison-overlap]
            return
        key = case_key(report.nodeid)
        text = report.longreprtext or f"{report.when} failed"
        crash = getattr(getattr(report.longrepr, "reprcrash", None), "message", None)
        message = str(crash or (text.strip().splitlines() or ["failed"])[-1])
        self.retried.setdefault(key, []).append((message[:500], text))

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self) -> None:
        """After pytest's writer (a plain hook) has written the file."""
        if self.path.exists():
            family = str(self.config.getini("junit_family") or "xunit2")
            rewrite(self.path, family, self.retried, self.config.option.junitprefix)


def rewrite(
    path: Path,
    family: str,
    retried: dict[tuple[str, str], list[tuple[str, str]]],
    prefix: str | None = None,
) -> None:
    """Rewrite pytest's JUnit XML in place (see the module's docstring)."""
    tree = ET.parse(path)
    if prefix:
        retried = {(f"{prefix}.{c}", n): v for (c, n), v in retried.items()}
    for suite in tree.getroot().iter("testsuite"):
        cases = [c for c in suite if c.tag == "testcase"]
        last: dict[tuple[str, str], ET.Element] = {}
        for case in cases:
            key = (case.get("classname", ""), case.get("name", ""))
            if key in last:
                suite.remove(last[key])  # an earlier attempt: its error comes from `retried`
            last[key] = case
        for key, case in last.items():
            _attempts(case, retried.get(key, []))
            if family == "xunit2":
                _properties_to_output(case)
            else:
                _dedupe_properties(case)
    ET.indent(tree)
    tree.write(path, encoding="utf-8", xml_declaration=True)


def _attempts(case: ET.Element, earlier: list[tuple[str, str]]) -> None:
    if not earlier:
        return
    final_failed = any(child.tag in ("failure", "error") for child in case)
    tag = "rerunFailure" if final_failed else "flakyFailure"
    at = next((i for i, c in enumerate(case) if c.tag in ("system-out", "system-err")), len(case))
    for offset, (message, text) in enumerate(earlier):
        element = ET.Element(tag, {"message": message, "type": "failure"})
        ET.SubElement(element, "stackTrace").text = text
        case.insert(at + offset, element)


def _properties_to_output(case: ET.Element) -> None:
    lines: list[str] = []
    for properties in [c for c in case if c.tag == "properties"]:
        for prop in properties:
            name, value = prop.get("name", ""), prop.get("value", "")
            line = (
                f"[[ATTACHMENT|{value}]]" if _ARTIFACT_PROPERTY.match(name) else f"{name}: {value}"
            )
            if line not in lines:
                lines.append(line)
        case.remove(properties)
    if not lines:
        return
    out = case.find("system-out")
    if out is None:
        out = ET.SubElement(case, "system-out")
        out.text = ""
    out.text = "\n".join(lines) + "\n" + (out.text or "")


def _dedupe_properties(case: ET.Element) -> None:
    for properties in case.iter("properties"):
        seen: set[tuple[str, str]] = set()
        for prop in list(properties):
            key = (prop.get("name", ""), prop.get("value", ""))
            if key in seen:
                properties.remove(prop)
            seen.add(key)
