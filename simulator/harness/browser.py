"""Find a Chromium Playwright can drive here, since Playwright cannot download its own."""

from __future__ import annotations

import functools
import glob
import os
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

ENV_VAR = "TIKTOK_SIM_BROWSER"
CANDIDATES: tuple[str, ...] = (
    "/usr/lib/chromium/chromium-headless-shell",
    "/usr/bin/chromium",
)
LAUNCH_ARGS: tuple[str, ...] = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
)
# Chromium features the harness turns off on top of Playwright's own list. RenderDocument
# makes Chromium build a new RenderFrameHost (and a new frame in the renderer) for every
# navigation of a tab; without it a kept tab's next page reuses them. No page can tell (it
# is how Chromium hosts a document, not what the document sees). Here a page load took 30
# ms of CPU instead of 43-48 and 19 ms instead of 25-28 of waiting, and the BDD suite with
# `-n 2` 32.9/32.9 s instead of 39.1/35.2 s, alternated.
DISABLED_FEATURES: tuple[str, ...] = ("RenderDocument",)
_PLAYWRIGHT_SWITCHES = ("coreBundle.js", "server/chromium/chromiumSwitches.js")


def _is_executable(path: str) -> bool:
    return os.path.isfile(path) and os.access(path, os.X_OK)


def playwright_own_browser(environ: Mapping[str, str] | None = None) -> str | None:
    """The headless shell or Chromium Playwright downloaded itself, if any."""
    env = os.environ if environ is None else environ
    root = env.get("PLAYWRIGHT_BROWSERS_PATH") or os.path.expanduser("~/.cache/ms-playwright")
    patterns = (
        "chromium_headless_shell-*/chrome-*/headless_shell",
        "chromium-*/chrome-linux*/chrome",
    )
    for pattern in patterns:
        found = sorted(glob.glob(os.path.join(root, pattern)))
        if found:
            return found[-1]
    return None


def is_headless_shell(path: str) -> bool:
    """Whether `path` is a Chromium headless shell (which cannot open a window)."""
    name = os.path.basename(path)
    return "headless-shell" in name or "headless_shell" in name


def find_browser(
    environ: Mapping[str, str] | None = None,
    candidates: Sequence[str] = CANDIDATES,
    is_executable: Callable[[str], bool] = _is_executable,
    headed: bool = False,
) -> str | None:
    """The executable to launch: $TIKTOK_SIM_BROWSER, then Debian's headless shell (skipped
    when `headed`: it has no window), then Debian's Chromium; None means "let Playwright use
    its own browser"."""
    env = os.environ if environ is None else environ
    override = env.get(ENV_VAR, "").strip()
    if override:
        if not is_executable(override):
            raise FileNotFoundError(f"{ENV_VAR}={override} is not an executable file")
        return override
    for path in candidates:
        if is_executable(path) and not (headed and is_headless_shell(path)):
            return path
    return None


def launch_args(executable: str | None) -> dict[str, object]:
    """Keyword arguments for BrowserType.launch with our executable, quiet flags and the
    features we turn off (see `disabled_features_switch`)."""
    switch = disabled_features_switch()
    args: dict[str, object] = {"args": [*LAUNCH_ARGS, *([switch] if switch else [])]}
    if executable:
        args["executable_path"] = executable
    return args


def disabled_features_switch() -> str | None:
    """One `--disable-features` naming Playwright's own list and `DISABLED_FEATURES`.

    Chromium keeps only the last `--disable-features` on its command line, and Playwright
    puts its own before ours: a switch naming only our features would quietly turn
    Playwright's back on (HTTPS upgrades, paint holding, storage partitioning...). So ours
    repeats Playwright's, read from the driver it ships. When that list cannot be read (a
    Playwright that keeps it elsewhere), nothing is added: a slower browser, never one with
    Playwright's choices undone."""
    theirs = playwright_disabled_features()
    if theirs is None:
        return None
    names = [*theirs, *(f for f in DISABLED_FEATURES if f not in theirs)]
    return "--disable-features=" + ",".join(names)


@functools.cache
def playwright_disabled_features() -> tuple[str, ...] | None:
    """The Chromium features Playwright's launcher turns off, from its bundled driver."""
    import playwright

    lib = Path(playwright.__file__).parent / "driver" / "package" / "lib"
    for name in _PLAYWRIGHT_SWITCHES:
        try:
            text = (lib / name).read_text(encoding="utf-8")
        except OSError:
            continue
        found = re.search(r"\bdisabledFeatures\s*=\s*\[(.*?)\]", text, re.S)
        if found:
            names = tuple(re.findall(r"[\"']([A-Za-z][A-Za-z0-9_]*)[\"']", found.group(1)))
            return names or None
    return None
