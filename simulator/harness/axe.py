"""Accessibility checks (`--axe`): axe-core on every page state a scenario visits.

axe-core comes from axe-playwright-python (PyPI), which ships a pinned `axe.min.js`; the
harness injects it with `page.evaluate` (CDP evaluation, so the apps' Content-Security-Policy
does not block it) and runs `axe.run()` after each step whose screen changed. A page state
already checked in this run (same screen, same kinds of element: tags, classes, roles,
states; only the words and the number of cards differ) is not checked again, which keeps
`--axe` cheap: the result is reused. The living guide lists the violations per page and
impact; `--axe-fail-on serious` fails the step (and the scenario) that reached a page with a
serious or critical one.
"""

from __future__ import annotations

import functools
import json
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from .records import AxePage, AxeViolation, StepRecord
from .visual import same_screen_as_before, screen_name

IMPACT_RANK = {"minor": 1, "moderate": 2, "serious": 3, "critical": 4}
# axe-core's default rules, plus label-content-name-mismatch (WCAG 2.5.3, "experimental" in
# axe-core, so off by default): a control whose visible words are not in its name.
RUN_OPTIONS = {
    "resultTypes": ["violations"],
    "rules": {"label-content-name-mismatch": {"enabled": True}},
}
MAX_TARGETS = 5

# The page's structure without its words or its repetitions: the set of kinds of element
# (tag, classes, role, label, states) on it. Two pages with the same set differ only in text
# and in how many cards or chips they list, which axe's results do not depend on (colours
# come from the classes); a sheet opened, a form joined or an alert shown changes the set.
# TikTok's avatar palettes (p0-p5: gradients behind aria-hidden initials, which axe cannot
# measure) count as one.
_STRUCTURE = r"""() => {
  const kinds = new Set(Array.from(document.querySelectorAll('body *'), e => [e.tagName,
    String(e.className).replace(/\bp\d\b/g, 'p*'), e.getAttribute('role'),
    e.getAttribute('aria-label') !== null, e.hidden, e.disabled, e.checked,
    e.getAttribute('aria-expanded'), e.inert].join(':')));
  const text = Array.from(kinds).sort().join('|');
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(31, hash) + text.charCodeAt(i)) | 0;
  return [innerWidth, kinds.size, hash].join(' ');
}"""

_cache: dict[tuple[str, str], list[AxeViolation]] = {}


def pytest_addoption(parser: pytest.Parser) -> None:
    """--axe and --axe-fail-on."""
    group = parser.getgroup("tiktok-sim-axe", "accessibility checks (tiktok-sim)")
    group.addoption(
        "--axe",
        action="store_true",
        help="run axe-core on every page a scenario visits; violations go in the living guide",
    )
    group.addoption(
        "--axe-fail-on",
        default="none",
        choices=["none", *IMPACT_RANK],
        help="fail a scenario on a violation of this impact or worse (implies --axe; default none)",
    )


@functools.cache
def axe_script() -> str:
    """axe-core's source, as axe-playwright-python ships it."""
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text("utf-8")


def _enabled(config: pytest.Config) -> bool:
    return bool(config.getoption("--axe")) or config.getoption("--axe-fail-on") != "none"


@pytest.hookimpl
def pytest_tiktok_sim_step_recorded(
    request: pytest.FixtureRequest, record: StepRecord, page: Any
) -> None:
    """Check the page the step left on screen (once per page state in the run)."""
    config = request.config
    if page is None or not _enabled(config) or page.url == "about:blank":
        return  # (a tab that shows nothing yet, as after a given that only set up data)
    if same_screen_as_before(request, record):
        return  # nothing changed on screen since the last check
    started = time.perf_counter()
    try:
        result = check_page(page)
    except Exception as exc:  # a page that went away mid-check: say so, don't fail the step
        record["axe"] = AxePage(url=str(page.url), title=f"not checked: {exc}", violations=[])
        return
    result["seconds"] = round(time.perf_counter() - started, 3)
    record["axe"] = result
    if record["status"] != "passed":
        return
    fail_on = str(config.getoption("--axe-fail-on"))
    if fail_on == "none":
        return
    bad = [
        v for v in result["violations"] if IMPACT_RANK.get(v["impact"], 0) >= IMPACT_RANK[fail_on]
    ]
    if bad:
        message = (
            f"accessibility: {len(bad)} {fail_on} or worse violation(s) on {result['url']}: "
            + "; ".join(
                f"{v['id']} ({v['impact']}) {v['help']} at {', '.join(v['targets'])}" for v in bad
            )
        )
        record["status"] = "failed"
        record["error"] = message
        raise AssertionError(message)


def check_page(page: Any) -> AxePage:
    """axe-core's violations on the page as it is now."""
    page.wait_for_load_state("load", timeout=5000)
    key = (screen_name(urlparse(page.url).path), str(page.evaluate(_STRUCTURE)))
    reused = key in _cache
    if not reused:
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.evaluate(axe_script())
        results = page.evaluate(f"() => axe.run(document, {json.dumps(RUN_OPTIONS)})")
        _cache[key] = [
            AxeViolation(
                id=str(v["id"]),
                impact=str(v.get("impact") or "minor"),
                help=str(v.get("help", "")),
                help_url=str(v.get("helpUrl", "")),
                targets=[
                    " ".join(str(t) for t in node.get("target", []))
                    for node in v.get("nodes", [])[:MAX_TARGETS]
                ],
            )
            for v in results.get("violations", [])
        ]
    return AxePage(
        url=str(page.url), title=str(page.title()), violations=_cache[key], reused=reused
    )
