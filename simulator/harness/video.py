"""Playwright's video recording (`--video on|retain-on-failure`) needs an ffmpeg where
Playwright looks for its own download: `<registry>/ffmpeg-<revision>/ffmpeg-linux`.

Playwright cannot download it here, but Debian's ffmpeg (with libvpx, which Playwright's
VP8/WebM recorder uses) works when linked there:

    apt-get install ffmpeg
    .venv/bin/python -m simulator.harness.video        # links /usr/bin/ffmpeg, prints the path

Only runs that ask for videos need it; `make test` does not.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import sys
from pathlib import Path

DEBIAN_FFMPEG = "/usr/bin/ffmpeg"


def registry_directory() -> Path:
    """Where Playwright keeps its browsers and tools: $PLAYWRIGHT_BROWSERS_PATH, else
    $XDG_CACHE_HOME/ms-playwright, else ~/.cache/ms-playwright (Linux's rules)."""
    configured = os.environ.get("PLAYWRIGHT_BROWSERS_PATH")
    if configured and configured != "0":
        return Path(configured).expanduser()
    if configured == "0":
        import playwright

        return Path(playwright.__file__).parent / "driver" / "package" / ".local-browsers"
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "ms-playwright"


def ffmpeg_revision() -> str:
    """The ffmpeg revision this Playwright expects (from its browsers.json)."""
    import playwright

    manifest = Path(playwright.__file__).parent / "driver" / "package" / "browsers.json"
    browsers = json.loads(manifest.read_text(encoding="utf-8"))["browsers"]
    return str(next(b["revision"] for b in browsers if b["name"] == "ffmpeg"))


def playwright_ffmpeg_path() -> Path:
    """The ffmpeg executable Playwright runs to record videos."""
    name = {"Darwin": "ffmpeg-mac", "Windows": "ffmpeg-win64.exe"}.get(
        platform.system(), "ffmpeg-linux"
    )
    return registry_directory() / f"ffmpeg-{ffmpeg_revision()}" / name


def has_playwright_ffmpeg() -> bool:
    """Whether video recording can work on this machine."""
    path = playwright_ffmpeg_path()
    return path.exists() and os.access(path, os.X_OK)


def system_ffmpeg() -> str | None:
    """Debian's ffmpeg (or any ffmpeg on PATH)."""
    if os.access(DEBIAN_FFMPEG, os.X_OK):
        return DEBIAN_FFMPEG
    return shutil.which("ffmpeg")


def link_system_ffmpeg(source: str | None = None) -> Path:
    """Link the system's ffmpeg where Playwright expects its own; returns that path."""
    found = source or system_ffmpeg()
    if not found:
        raise FileNotFoundError("no ffmpeg found: install Debian's (apt-get install ffmpeg)")
    target = playwright_ffmpeg_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_symlink() or target.exists():
        target.unlink()
    target.symlink_to(found)
    return target


def missing_ffmpeg_message() -> str:
    """What to do when videos are asked for and Playwright has no ffmpeg."""
    return (
        f"--video needs ffmpeg at {playwright_ffmpeg_path()} (where Playwright looks). "
        "With Debian's ffmpeg: `apt-get install ffmpeg && "
        ".venv/bin/python -m simulator.harness.video` links /usr/bin/ffmpeg there "
        "(see docs/harness.md, 'Videos of failures')."
    )


def main(argv: list[str] | None = None) -> int:
    """`python -m simulator.harness.video [FFMPEG]`: link FFMPEG (default: Debian's)."""
    args = sys.argv[1:] if argv is None else argv
    try:
        target = link_system_ffmpeg(args[0] if args else None)
    except (FileNotFoundError, OSError) as exc:
        print(f"video: {exc}", file=sys.stderr)
        return 1
    print(f"video: {target} -> {os.readlink(target)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
