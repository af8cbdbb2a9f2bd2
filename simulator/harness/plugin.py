"""The pytest plugin of the BDD harness.

It starts the fake TikTok and Flex once per session (or points at running ones), gives
every scenario a fresh Faker-built tenant on both apps, launches Chromium through
pytest-playwright's fixtures with mobile emulation per device, and records each step
(with a phone screenshot) for the living-guide report, Cucumber JSON and JUnit XML.
"""

from __future__ import annotations

import itertools
import os
import random
import re
import secrets
import shutil
import time
import zlib
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

import pytest
from faker import Faker
from pytest_bdd.reporting import ReportContext, test_report_context_registry

from simulator.harness.data.builders import World, build_scenario, make_faker, world_of

from . import failures, hooks, options, video
from .apps import SimApps, SimTenant, start_apps, wait_until_healthy
from .overrides import _browser_executable as overrides_browser_executable
from .records import BDD_KEY, REPORT_ATTR, ScenarioRecord, StepRecord
from .report import RunCollector
from .tags import TAGS

DEFAULT_DESKTOP = "Desktop Chrome"
DEFAULT_SEED = 1312

SEED_KEY = pytest.StashKey[int]()
COLLECTOR_KEY = pytest.StashKey[RunCollector]()
STEPS_KEY = pytest.StashKey[list[StepRecord]]()
STEP_START_KEY = pytest.StashKey[float]()
SCENARIO_KEY = pytest.StashKey[Any]()
TENANT_KEY = pytest.StashKey[SimTenant]()
_tenant_numbers = itertools.count(1)

# The step library comes with the harness (pytest imports it when it loads this plugin).
pytest_plugins = [
    "simulator.harness.steps.library",
    "simulator.harness.visual",  # --visual: the journey's checkpoints against baselines
    "simulator.harness.axe",  # --axe: axe-core on every page a scenario visits
    "simulator.harness.allure",  # attachments for allure-pytest-bdd, when it reports
]


def pytest_addhooks(pluginmanager: pytest.PytestPluginManager) -> None:
    """The harness's own hooks (simulator/harness/hooks.py)."""
    pluginmanager.add_hookspecs(hooks)


# --- options, markers, seed -------------------------------------------------------------


def pytest_addoption(parser: pytest.Parser) -> None:
    """The harness's command-line options."""
    group = parser.getgroup("tiktok-sim", "TikTok Creator Marketplace BDD harness")
    group.addoption(
        "--devices",
        default=None,
        help="the phones as one comma-separated list, the same as repeating pytest-playwright's "
        f"--device (default: $TIKTOK_SIM_DEVICES, else {', '.join(options.DEFAULT_DEVICES)})",
    )
    group.addoption(
        "--desktop-device",
        default=DEFAULT_DESKTOP,
        help=f"the device @desktop scenarios run on (default: {DEFAULT_DESKTOP})",
    )
    group.addoption(
        "--faker-seed",
        default=os.environ.get("TIKTOK_SIM_FAKER_SEED", str(DEFAULT_SEED)),
        help="seed of the Faker-built data ('random' picks one and prints it)",
    )
    group.addoption(
        "--tiktok-url",
        default=os.environ.get("TIKTOK_SIM_TIKTOK_URL"),
        help="use a running fake TikTok at this URL instead of starting one",
    )
    group.addoption(
        "--flex-url",
        default=os.environ.get("TIKTOK_SIM_FLEX_URL"),
        help="use a running Flex at this URL (needs --tiktok-url, the TikTok it uses)",
    )
    group.addoption(
        "--control-token",
        default=None,
        help="the apps' control token, sent as 'Authorization: Bearer' on every /_sim call "
        "(default: $SIM_CONTROL_TOKEN)",
    )
    group.addoption(
        "--living-guide",
        default="reports/living-guide.html",
        help="write the HTML living-guide report here ('' to skip)",
    )
    group.addoption(
        "--step-screenshots",
        default="on",
        choices=["on", "off"],
        help="take a phone screenshot after every step (for the living guide)",
    )
    group.addoption(
        "--step-screenshot-quality",
        default=70,
        type=int,
        help="JPEG quality of the step screenshots, 1-100 (default 70; 0 keeps lossless PNG)",
    )
    group.addoption(
        "--fresh-contexts",
        action="store_true",
        default=False,
        help="a new browser context for every scenario (default: each phone's context is kept "
        "and emptied between scenarios, on Chromium without --tracing/--video/--screenshot)",
    )
    group.addoption(
        "--browser-ws",
        default=os.environ.get("TIKTOK_SIM_BROWSER_WS"),
        help="drive a remote Playwright browser server (ws://...) instead of launching one",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Register the feature tags as markers and fix the session's Faker seed."""
    for tag, doc in TAGS.items():
        config.addinivalue_line("markers", f"{tag}: {doc}")
    workerinput = getattr(config, "workerinput", None)
    if workerinput is not None and "tiktok_sim_seed" in workerinput:
        seed = int(workerinput["tiktok_sim_seed"])
    else:
        raw = str(config.getoption("--faker-seed"))
        seed = random.randrange(1, 10**6) if raw == "random" else int(raw)
    config.stash[SEED_KEY] = seed
    config.stash[options.DEVICES_KEY] = options.choose_devices(config)
    if workerinput is None:
        options.check(config, str(config.getoption("--desktop-device")))
    quality = int(config.getoption("--step-screenshot-quality"))
    if not 0 <= quality <= 100:
        raise pytest.UsageError("--step-screenshot-quality must be 0 (PNG) or 1-100 (JPEG)")
    if (
        str(config.getoption("--video", default="off")) in ("on", "retain-on-failure")
        and not config.getoption("--browser-ws")
        and not video.has_playwright_ffmpeg()
    ):
        raise pytest.UsageError(video.missing_ffmpeg_message())
    # Registered now, after every plugin (entry points, -p) is loaded, so these overrides
    # of pytest-playwright's and Faker's fixtures win whatever the plugin load order.
    from . import overrides

    if not config.pluginmanager.is_registered(overrides):
        config.pluginmanager.register(overrides, "tiktok-sim-overrides")
    if workerinput is None:
        path = str(config.getoption("--living-guide") or "")
        collector = RunCollector(config, Path(path) if path else None, seed)
        config.stash[COLLECTOR_KEY] = collector
        config.pluginmanager.register(collector, "tiktok-sim-collector")


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """Give every xdist worker the controller's seed (it may have been 'random') and phones."""
    node.workerinput["tiktok_sim_seed"] = node.config.stash[SEED_KEY]
    node.workerinput[options.WORKER_DEVICES] = options.phone_devices(node.config)


def pytest_report_header(config: pytest.Config) -> list[str]:
    """Print the seed first thing, so any run can be reproduced."""
    seed = config.stash[SEED_KEY]
    exe = overrides_browser_executable(config)
    return [
        f"tiktok-sim: faker seed {seed} (reproduce with --faker-seed {seed}); "
        f"devices: {', '.join(phone_devices(config))} + {config.getoption('--desktop-device')}",
        f"tiktok-sim: browser {exe or 'Playwright default'}",
    ]


def phone_devices(config: pytest.Config) -> list[str]:
    """The phones every scenario runs on (--device, repeatable, or --devices)."""
    return options.phone_devices(config)


def _is_scenario(metafunc_or_item: Any) -> bool:
    return "_pytest_bdd_example" in getattr(metafunc_or_item, "fixturenames", ())


@pytest.hookimpl(tryfirst=True)
def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run each scenario once per phone (or once on the desktop for @desktop ones), and once
    per browser when several `--browser` are given.

    pytest-bdd scenarios only ask for `page` at run time, so pytest-playwright's own
    parametrization never sees them; `device` (and `browser_name`, which pytest-playwright
    then parametrizes: this hook runs first) is added to their fixture closure here."""
    if not (_is_scenario(metafunc) or "device" in metafunc.fixturenames):
        return
    if len(options.browsers(metafunc.config)) > 1 and "browser_name" not in metafunc.fixturenames:
        metafunc.fixturenames.append("browser_name")
    for marker in metafunc.definition.iter_markers("parametrize"):
        names = marker.args[0] if marker.args else ""
        if "device" in (names.replace(" ", "").split(",") if isinstance(names, str) else names):
            return  # the test chose its own devices
    config = metafunc.config
    if metafunc.definition.get_closest_marker("desktop"):
        devices = [str(config.getoption("--desktop-device"))]
    else:
        devices = phone_devices(config)
    if "device" not in metafunc.fixturenames:
        metafunc.fixturenames.append("device")
    metafunc.parametrize(
        "device", devices, indirect=True, scope="session", ids=[_slug(d) for d in devices]
    )


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()


# --- the apps, the data, the tenant -------------------------------------------------------


@pytest.fixture(scope="session")
def harness_seed(pytestconfig: pytest.Config) -> int:
    """The session's Faker seed."""
    return pytestconfig.stash[SEED_KEY]


@pytest.fixture(scope="session")
def sim_apps(pytestconfig: pytest.Config, harness_seed: int) -> Iterator[SimApps]:
    """The fake TikTok and Flex: started here on free ports, or the URLs given."""
    tiktok_url, flex_url = options.app_urls(pytestconfig)
    if tiktok_url and flex_url:
        apps = SimApps(tiktok_url, flex_url, control_token=options.control_token(pytestconfig))
        wait_until_healthy(apps.tiktok_url, headers=apps.control_headers())
        wait_until_healthy(apps.flex_url, headers=apps.control_headers())
    else:
        apps = start_apps(harness_seed, tiktok_url=tiktok_url)
        apps.control_token = options.control_token(pytestconfig)
    yield apps
    apps.stop()


@pytest.fixture
def scenario_seed(request: pytest.FixtureRequest, harness_seed: int) -> int:
    """A seed per scenario, from the session seed and the test id (stable under xdist)."""
    return zlib.crc32(f"{harness_seed}:{request.node.nodeid}".encode()) % 10**9


@pytest.fixture
def fake(scenario_seed: int) -> Faker:
    """A Faker with the TikTok provider, seeded for this scenario."""
    return make_faker(scenario_seed)


@pytest.fixture
def scenario_data(fake: Faker) -> dict[str, Any]:
    """The scenario's world before any Given changed it: demo.py's shape, Faker's values."""
    return build_scenario(fake)


@pytest.fixture
def tenant_id(request: pytest.FixtureRequest) -> str:
    """A tenant id of this scenario's own, unique across workers and machines."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw")
    return f"qa-{worker}-{os.getpid() % 100000}-{secrets.token_hex(2)}-{next(_tenant_numbers)}"


@pytest.fixture
def tenant(
    request: pytest.FixtureRequest, sim_apps: SimApps, tenant_id: str, scenario_data: dict[str, Any]
) -> Iterator[SimTenant]:
    """The scenario's tenant, created on both apps with its scenario (and deleted after)."""
    sim_tenant = SimTenant(sim_apps, tenant_id, scenario_data)
    sim_tenant.create()
    request.node.stash[TENANT_KEY] = sim_tenant
    yield sim_tenant
    sim_tenant.delete()


@pytest.fixture
def world(tenant: SimTenant) -> World:
    """What the scenario's data chose: the values steps type in and assert on."""
    return world_of(tenant.scenario)


# --- recording steps ----------------------------------------------------------------------


def pytest_bdd_before_scenario(request: pytest.FixtureRequest, feature: Any, scenario: Any) -> None:
    """Start the scenario's step record."""
    request.node.stash[STEPS_KEY] = []
    request.node.stash[SCENARIO_KEY] = scenario
    folder = _screenshot_folder(request)
    if folder is not None and folder.exists():
        shutil.rmtree(folder, ignore_errors=True)  # screens of an earlier run


def pytest_bdd_before_step(request: pytest.FixtureRequest, step: Any) -> None:
    """Note when the step started."""
    request.node.stash[STEP_START_KEY] = time.perf_counter()


@pytest.hookimpl(tryfirst=True)
def pytest_bdd_after_step(request: pytest.FixtureRequest, step: Any) -> None:
    """Record a passed step with a screenshot of what the phone shows (first, so other
    plugins' after-step hooks see the record)."""
    _record_step(request, step, "passed", None)


@pytest.hookimpl(tryfirst=True)
def pytest_bdd_step_error(request: pytest.FixtureRequest, step: Any, exception: Exception) -> None:
    """Record the failed step, with a screenshot of what went wrong."""
    _record_step(request, step, "failed", f"{type(exception).__name__}: {exception}")


def _record_step(request: pytest.FixtureRequest, step: Any, status: str, error: str | None) -> None:
    node = request.node
    started = node.stash.get(STEP_START_KEY, time.perf_counter())
    duration = time.perf_counter() - started
    steps: list[StepRecord] = node.stash.setdefault(STEPS_KEY, [])
    previous = steps[-1]["screenshot"] if steps else None
    shot = _screenshot(request, len(steps) + 1, status, previous)
    record = StepRecord(
        keyword=step.keyword,
        name=step.name,
        line=step.line_number,
        status=status,
        duration=round(duration, 3),
        screenshot=shot,
        error=error,
    )
    steps.append(record)
    request.config.hook.pytest_tiktok_sim_step_recorded(
        request=request, record=record, page=_current_page(request)
    )


def _current_page(request: pytest.FixtureRequest) -> Any:
    names = request.fixturenames
    for name in ("phone", "page"):
        if name in names:
            try:
                value = request.getfixturevalue(name)
            except Exception:
                return None
            return getattr(value, "page", value)
    return None


def _screenshot_folder(request: pytest.FixtureRequest) -> Path | None:
    config = request.config
    guide = config.getoption("--living-guide")
    if config.getoption("--step-screenshots") != "on" or not guide:
        return None
    folder = Path(str(guide)).parent / "steps" / _slug(request.node.nodeid)[-120:]
    attempt = attempt_of(request.node)
    return folder / f"retry{attempt - 1}" if attempt > 1 else folder


def attempt_of(item: pytest.Item) -> int:
    """1 for a first run; 2, 3, ... for pytest-rerunfailures' retries of it."""
    return max(int(getattr(item, "execution_count", 1) or 1), 1)


# What the person sees, in a few bytes: address, scroll, the page's markup and the state of
# its form fields (typed text and ticks are not in the markup). Equal signatures mean the
# step changed nothing on screen (a Then that only looked), so its screenshot is the last one.
# An empty style attribute is what Playwright's screenshot leaves on form fields after hiding
# their caret: it shows nothing, and counting it made every step after a screenshot on a
# form look like a new screen.
_SCREEN_SIGNATURE = """() => {
  const fields = Array.from(document.querySelectorAll('input,textarea,select'),
    f => f.type === 'checkbox' || f.type === 'radio' ? String(f.checked) : f.value);
  const markup = document.documentElement.outerHTML.replaceAll(' style=""', '');
  const text = markup + '\\u0000' + fields.join('\\u0000');
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(31, hash) + text.charCodeAt(i)) | 0;
  return [location.href, scrollX, scrollY, innerWidth, text.length, hash].join(' ');
}"""
_SIGNATURE_KEY = pytest.StashKey[tuple[str, str]]()


def _screenshot(
    request: pytest.FixtureRequest, number: int, status: str, previous: str | None = None
) -> str | None:
    folder = _screenshot_folder(request)
    if folder is None:
        return None
    page = _current_page(request)
    if page is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    quality = int(request.config.getoption("--step-screenshot-quality"))
    # JPEG at CSS pixels: a phone screen is ~30 KB instead of ~60 KB as PNG, text still crisp
    # at the guide's size; quality 0 keeps PNG.
    options: dict[str, Any] = {"type": "jpeg", "quality": quality} if quality else {}
    path = folder / f"{number:02d}-{status}.{'jpg' if quality else 'png'}"
    try:
        page.wait_for_load_state("load", timeout=3000)
        signature = str(page.evaluate(_SCREEN_SIGNATURE))
        last = request.node.stash.get(_SIGNATURE_KEY, None)
        if status == "passed" and previous and last == (previous, signature):
            return previous
        page.screenshot(path=str(path), scale="css", timeout=3000, **options)
    except Exception:
        return None
    shot = str(path.resolve())
    request.node.stash[_SIGNATURE_KEY] = (shot, signature)
    return shot


def _shorten_failure(
    item: pytest.Item,
    call: pytest.CallInfo[None],
    report: pytest.TestReport,
    scenario: Any,
    device: str,
    steps: list[StepRecord],
) -> None:
    """Lead a failed scenario's report with its feature, scenario, device and failing step,
    then a short traceback (unless --tb asked for another style)."""
    if report.when != "call" or call.excinfo is None:
        return
    if item.config.getoption("tbstyle", "auto") != "auto":
        return
    feature = getattr(scenario, "feature", None)
    # pytest prints any longrepr with toterminal() (and reads -ra's line from reprcrash)
    report.longrepr = failures.summary(  # type: ignore[assignment]
        feature=str(getattr(feature, "name", "")),
        feature_file=str(getattr(feature, "rel_filename", "")),
        scenario=str(getattr(scenario, "name", item.name)),
        device=device,
        steps=steps,
        error=call.excinfo.value,
        tb=call.excinfo.tb,
        root=item.config.rootpath,
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, Any, Any]:
    """Attach the scenario's record (steps, device, tenant, seed; the TikTok journal on
    failure) to its report, and say on failure how to get the same data again."""
    report = yield
    if not _is_scenario(item) or report.when not in ("setup", "call"):
        return report
    if report.when == "setup" and not report.failed:
        return report
    seed = item.config.stash[SEED_KEY]
    callspec = getattr(item, "callspec", None)
    device = str(callspec.params.get("device")) if callspec is not None else ""
    sim_tenant = item.stash.get(TENANT_KEY, None)
    recorded: list[StepRecord] | None = item.stash.get(STEPS_KEY, None)
    steps: list[StepRecord] = list(recorded or [])
    scenario = item.stash.get(SCENARIO_KEY, None)
    if scenario is not None:
        for step in list(scenario.steps)[len(steps) :]:
            steps.append(
                StepRecord(
                    keyword=step.keyword,
                    name=step.name,
                    line=step.line_number,
                    status="skipped",
                    duration=0.0,
                    screenshot=None,
                    error=None,
                )
            )
    journal = None
    if report.failed:
        _shorten_failure(item, call, report, scenario, device, steps)
        report.sections.append(
            (
                "tiktok-sim",
                f"faker seed {seed} on {device or 'no device'}, tenant "
                f"{sim_tenant.id if sim_tenant else '-'}: reproduce with\n"
                f"  pytest '{item.nodeid}' --faker-seed {seed}",
            )
        )
        if sim_tenant is not None:
            try:
                journal = sim_tenant.journal("tiktok")[-200:]
            except Exception as exc:
                journal = [{"error": f"could not read the journal: {exc}"}]
    feature = getattr(scenario, "feature", None)
    record = ScenarioRecord(
        nodeid=item.nodeid,
        feature=str(getattr(feature, "name", "")),
        feature_file=str(getattr(feature, "rel_filename", "")),
        scenario=str(getattr(scenario, "name", item.name)),
        line=int(getattr(scenario, "line_number", 0)),
        tags=sorted(m.name for m in item.iter_markers() if m.name in TAGS),
        device=device,
        tenant=sim_tenant.id if sim_tenant else "",
        seed=seed,
        outcome=report.outcome,
        duration=round(report.duration, 3),
        steps=steps,
        error=report.longreprtext[-4000:] if report.failed else None,
        journal=journal,
        trace=None,
        videos=[],
        attempt=attempt_of(item),
    )
    setattr(report, REPORT_ATTR, record)
    # JUnit XML writes the properties of the teardown report, which copies the item's
    # (once: a retry runs the same item again).
    for prop in (("device", device), ("faker_seed", seed)):
        if prop not in item.user_properties:
            item.user_properties.append(prop)
    return report


# --- pytest-bdd's report context across xdist workers ------------------------------------


@pytest.hookimpl(wrapper=True)
def pytest_report_to_serializable(config: pytest.Config, report: Any) -> Generator[None, Any, Any]:
    """Carry pytest-bdd's scenario report to the xdist controller (else Cucumber JSON is empty)."""
    data = yield
    if isinstance(data, dict):
        context = test_report_context_registry.get(report)
        if context is not None:
            data[BDD_KEY] = {"scenario": context.scenario, "name": context.name}
    return data


@pytest.hookimpl(wrapper=True)
def pytest_report_from_serializable(config: pytest.Config, data: Any) -> Generator[None, Any, Any]:
    """Put pytest-bdd's scenario report back where its Cucumber JSON writer looks."""
    report = yield
    if report is not None and isinstance(data, dict) and BDD_KEY in data:
        context = data[BDD_KEY]
        test_report_context_registry[report] = ReportContext(
            scenario=context["scenario"], name=context["name"]
        )
        report.__dict__.pop(BDD_KEY, None)
    return report
