"""pytest-playwright's own options, read the way the harness needs them.

pytest-playwright registers `--device` (once), `--browser` (repeatable), `--browser-channel`,
`--headed`, `--slowmo` and `--base-url`. The harness runs every scenario on several phones, so
`--device` may be repeated; it starts two apps, so `--base-url` can only mean Flex's. Whatever
cannot work on this machine (a browser that is not installed, a window without a display, a
device Playwright does not know) stops the run before the first scenario, saying what to do.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from pathlib import Path

import pytest

from . import browser as browser_finder

DEFAULT_DEVICES = ("iPhone 13", "Pixel 7")
DEVICES_ENV = "TIKTOK_SIM_DEVICES"
DEVICES_KEY = pytest.StashKey[list[str]]()
WORKER_DEVICES = "tiktok_sim_devices"


# --- the phones ------------------------------------------------------------------------------


def _all_args(config: pytest.Config) -> list[str]:
    """The command line as pytest saw it: ini addopts, $PYTEST_ADDOPTS, then the arguments."""
    addopts = [str(arg) for arg in config.getini("addopts")]
    env = shlex.split(os.environ.get("PYTEST_ADDOPTS", ""))
    return [*addopts, *env, *config.invocation_params.args]


def repeated_device_option(config: pytest.Config) -> list[str]:
    """Every `--device NAME` given (pytest-playwright keeps only the last one)."""
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    parser.add_argument("--device", action="append", default=[])
    known, _ = parser.parse_known_args(_all_args(config))
    return [name.strip() for name in known.device if name.strip()]


def _split(names: str) -> list[str]:
    return [name.strip() for name in names.split(",") if name.strip()]


def choose_devices(config: pytest.Config) -> list[str]:
    """The phones: `--device` (repeatable), else `--devices A,B`, else $TIKTOK_SIM_DEVICES,
    else iPhone 13 and Pixel 7. xdist workers take the controller's list."""
    workerinput = getattr(config, "workerinput", None)
    if workerinput is not None and WORKER_DEVICES in workerinput:
        return list(workerinput[WORKER_DEVICES])
    repeated = repeated_device_option(config)
    shorthand = config.getoption("--devices")
    if repeated and shorthand:
        raise pytest.UsageError("give the phones with --device (repeat it) or --devices, not both")
    if repeated:
        return repeated
    return _split(str(shorthand or os.environ.get(DEVICES_ENV) or ",".join(DEFAULT_DEVICES)))


def phone_devices(config: pytest.Config) -> list[str]:
    """The phones every scenario runs on (chosen once, in pytest_configure)."""
    return config.stash[DEVICES_KEY]


def unknown_devices(names: list[str], known: set[str]) -> str | None:
    """A usage message naming the devices Playwright does not know, or None."""
    missing = [name for name in names if name not in known]
    if not missing:
        return None
    close = sorted(k for k in known if any(m.split()[0].lower() in k.lower() for m in missing))
    hint = f"; similar: {', '.join(close[:8])}" if close else ""
    return (
        f"unknown Playwright device {', '.join(map(repr, missing))}{hint}. "
        "Device names are Playwright's descriptors, e.g. 'iPhone 13', 'Pixel 7', 'Galaxy S9+'"
    )


# --- the browser -----------------------------------------------------------------------------


def browsers(config: pytest.Config) -> list[str]:
    """pytest-playwright's `--browser` list (chromium when none is given)."""
    return list(config.getoption("--browser", default=None) or ["chromium"])


def remote(config: pytest.Config) -> bool:
    """Whether a remote browser server runs the browsers (nothing to check here)."""
    return bool(config.getoption("--browser-ws"))


def has_display() -> bool:
    """Whether a headed browser can open a window (pytest-playwright's own test)."""
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def headed_problem(config: pytest.Config) -> str | None:
    """--headed without a display, or with only a headless shell: say so instead of a
    browser that cannot start."""
    if not config.getoption("--headed") or remote(config):
        return None
    if has_display():
        if config.getoption("--browser-channel") or "chromium" not in browsers(config):
            return None
        shell = browser_finder.find_browser()
        if local_chromium(config) is None and shell and browser_finder.is_headless_shell(shell):
            return (
                f"--headed needs a Chromium with a window; the only one here is a headless "
                f"shell ({shell}). apt-get install chromium, or point TIKTOK_SIM_BROWSER at one"
            )
        return None
    return (
        "--headed opens a browser window, but there is no display here (DISPLAY and "
        "WAYLAND_DISPLAY are not set). Run it on a desktop, or under a virtual display: "
        "apt-get install xvfb, then xvfb-run -a pytest ... --headed"
    )


def install_hint(name: str) -> str:
    """How to get one of Playwright's browsers onto this machine."""
    return f"{Path(sys.executable).parent / 'playwright'} install --with-deps {name}"


def local_chromium(config: pytest.Config) -> str | None:
    """The Chromium the harness launches: $TIKTOK_SIM_BROWSER, Debian's, else Playwright's
    own download (None: there is none)."""
    try:
        headed = bool(config.getoption("--headed"))
        found = browser_finder.find_browser(headed=headed)
        return found or browser_finder.playwright_own_browser()
    except FileNotFoundError as exc:
        raise pytest.UsageError(str(exc)) from exc


def missing_browser(name: str, executable: str) -> str:
    """The message for a --browser that is not installed."""
    return (
        f"--browser {name}: Playwright's {name} is not installed here ({executable} does not "
        f"exist). Get it with `{install_hint(name)}` (it downloads from Playwright's CDN), "
        "or leave out --browser to run on Chromium"
        + (" (make browser installs Debian's)." if name == "chromium" else ".")
    )


def browser_problem(config: pytest.Config) -> str | None:
    """A --browser that cannot start here, named with how to get it; None when all can."""
    if remote(config):
        return None
    wanted = browsers(config)
    # With --browser-channel (a branded Chrome or Edge) Playwright's launch says what is
    # missing, and the `browser` fixture stops the run with it.
    channel = config.getoption("--browser-channel")
    if "chromium" in wanted and not channel and local_chromium(config) is None:
        return missing_browser("chromium", "no TIKTOK_SIM_BROWSER, Debian's or Playwright's")
    others = [name for name in wanted if name != "chromium"]
    if not others:
        return None
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        for name in others:
            executable = getattr(playwright, name).executable_path
            if not Path(executable).exists():
                return missing_browser(name, executable)
    return None


def device_problem(config: pytest.Config, devices: list[str], desktop: str) -> str | None:
    """Devices Playwright does not know (only checked when chosen on the command line or in
    the environment: the defaults are known)."""
    if list(devices) == list(DEFAULT_DEVICES) and desktop == "Desktop Chrome":
        return None
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        known = set(playwright.devices)
    return unknown_devices([*devices, desktop], known)


# --- the apps' URLs ----------------------------------------------------------------------


def base_url_option(config: pytest.Config) -> str | None:
    """pytest-playwright's (or pytest-base-url's) --base-url, or the base_url ini value."""
    value = config.getoption("--base-url", default=None)
    if not value:
        try:
            value = config.getini("base_url")
        except ValueError:
            value = None
    return str(value).rstrip("/") if value else None


def app_urls(config: pytest.Config) -> tuple[str | None, str | None]:
    """(--tiktok-url, --flex-url): apps already running, or None to start them here.

    --base-url is Flex's URL (the address relative page.goto() calls resolve against), so it
    is the same as --flex-url and, like it, needs --tiktok-url."""
    tiktok = config.getoption("--tiktok-url")
    flex = config.getoption("--flex-url")
    tiktok = str(tiktok).rstrip("/") if tiktok else None
    flex = str(flex).rstrip("/") if flex else None
    base = base_url_option(config)
    if base and flex and base != flex:
        raise pytest.UsageError(
            f"--base-url {base} and --flex-url {flex} disagree: for the harness --base-url is "
            "Flex's URL; give only --flex-url (and --tiktok-url)"
        )
    if base and not tiktok:
        raise pytest.UsageError(
            "--base-url is Flex's URL here (the harness drives two apps): use --flex-url for "
            "a running Flex together with --tiktok-url for the fake TikTok it uses, or leave "
            "both out to start them"
        )
    flex = flex or base
    if flex and not tiktok:
        raise pytest.UsageError("--flex-url needs --tiktok-url: the fake TikTok that Flex uses")
    return tiktok, flex


def control_token(config: pytest.Config) -> str | None:
    """--control-token, else $SIM_CONTROL_TOKEN (what the apps' /_sim requires)."""
    return config.getoption("--control-token") or os.environ.get("SIM_CONTROL_TOKEN") or None


def staging_problem(config: pytest.Config) -> str | None:
    """With both apps given by URL, whether their /_sim lets the harness in (controller
    only: the workers use the same apps; not for --help or --collect-only)."""
    if getattr(config, "workerinput", None) is not None:
        return None
    if config.getoption("help", False) or config.getoption("collectonly", False):
        return None
    tiktok, flex = app_urls(config)
    if not (tiktok and flex):
        return None
    from .apps import SimApps, control_plane_problem

    return control_plane_problem(SimApps(tiktok, flex, control_token=control_token(config)))


def check(config: pytest.Config, desktop: str) -> None:
    """Refuse, before any scenario runs, what cannot work (controller only): one usage
    error, instead of every scenario failing the same way."""
    app_urls(config)
    for problem in (
        headed_problem(config),
        browser_problem(config),
        device_problem(config, phone_devices(config), desktop),
        staging_problem(config),
    ):
        if problem:
            raise pytest.UsageError(problem)
