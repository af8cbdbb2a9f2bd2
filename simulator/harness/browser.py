"""Find a Chromium Playwright can drive here, since Playwright cannot download its own."""

from __future__ import annotations

import glob
import os
from collections.abc import Callable, Mapping, Sequence

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
    """Keyword arguments for BrowserType.launch with our executable and quiet flags."""
    args: dict[str, object] = {"args": list(LAUNCH_ARGS)}
    if executable:
        args["executable_path"] = executable
    return args
