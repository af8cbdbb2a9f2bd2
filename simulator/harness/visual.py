"""Visual comparisons (`--visual`): named checkpoints of the journey against baselines kept
in the repository, as Playwright Test's `toHaveScreenshot` does for JavaScript.

After each step of a checked scenario (tag `@journey` by default, `--visual-tags`), the
phone's screen is a checkpoint named after the screen the guide talks about ("TikTok
campaign details", "Flex offer", ...). It is shot as PNG with animations stopped, the caret
hidden and what changes from run to run masked (dates, times, ids, metrics: `MASKS`), and
compared with `<baselines>/<device>/<feature>/<scenario>/<NN>-<screen>.png` by pixelmatch
(the JavaScript original's port: the per-pixel `threshold` is perceptual, anti-aliasing is
ignored). More differing pixels than `--visual-tolerance` fails the step; the living guide
shows expected, actual and diff side by side. `--update-snapshots` writes the baselines.
"""

from __future__ import annotations

import io
import re
import time
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageChops

from .cucumber import slug
from .records import StepRecord, VisualCheck

# The screens the guide names, by the path that shows them (first match wins).
SCREENS: tuple[tuple[str, str], ...] = (
    (r"^/tto/invite/[^/]+$", "TikTok campaign details"),
    (r"^/tto/campaigns/[^/]+/upload$", "TikTok upload options"),
    (r"^/tto/campaigns/[^/]+/drafts$", "TikTok drafts"),
    (r"^/tto/campaigns/[^/]+/link$", "TikTok link existing post"),
    (r"^/tto/campaigns/[^/]+/compose$", "TikTok description and post"),
    (r"^/tto/videos/[^/]+$", "TikTok posted video"),
    (r"^/@[^/]+$", "TikTok profile"),
    (r"^/signin$", "Flex sign in"),
    (r"^/offers$", "Flex offers"),
    (r"^/offers/[^/]+$", "Flex offer"),
    (r"^/offers/[^/]+/deliverables/[^/]+/add$", "Flex recently published videos"),
    (r"^/offers/[^/]+/deliverables/[^/]+/details$", "Flex supporting assets"),
    (r"^/marketer/offers/[^/]+$", "Flex marketer's offer"),
)

# What changes between two runs with the same seed, painted over before comparing.
MASKS: tuple[str, ...] = (
    r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{1,2}(, \d{4})?\b",  # dates
    r"\b\d{4}-\d{2}-\d{2}\b",  # ISO dates
    r"\b\d{1,2}:\d{2}\b",  # times
    r"\b\d+ (seconds?|minutes?|hours?|days?) ago\b|\bjust now\b",
    r"\b\d{9,}\b",  # ids (TikTok's are 19 digits)
    r"\b[A-Za-z0-9+/_-]{24,}\b",  # codes and tokens (Spark Ads authorization codes)
    r"\b\d[\d.,]*[KMB]? (views|likes|comments|shares|followers|plays)\b",  # metrics
    r"\bhttps?://\S+",  # addresses (the apps' ports, ids)
)
MASK_SELECTORS = (
    "time",
    "video",
    "[data-volatile]",
    ".thumb",  # a video's thumbnail: its colours come from the video's id
    ".stats b",  # a video's metrics, which grow with the time since it was posted
    ".qr",  # the QR code of an address (port, ids)
)
MASK_COLOR = "#FF00FF"

_SCREEN_CSS = """*,*::before,*::after{caret-color:transparent!important;
transition:none!important;animation:none!important;scroll-behavior:auto!important}"""


def pytest_addoption(parser: pytest.Parser) -> None:
    """--visual and its settings."""
    group = parser.getgroup("tiktok-sim-visual", "visual comparisons (tiktok-sim)")
    group.addoption(
        "--visual",
        action="store_true",
        help="compare the journey's named checkpoints with the baselines in the repository",
    )
    group.addoption(
        "--update-snapshots",
        action="store_true",
        help="write the screens as the new baselines instead of comparing (with --visual)",
    )
    group.addoption(
        "--visual-baselines",
        default="e2e/baselines",
        help="folder of the baselines, from the project's root (default e2e/baselines)",
    )
    group.addoption(
        "--visual-tags",
        default="journey,visual",
        help="comma-separated tags of the scenarios whose screens are checkpoints (journey,visual)",
    )
    group.addoption(
        "--visual-tolerance",
        type=float,
        default=0.0,
        help="share of pixels that may differ before a checkpoint fails (default 0, as "
        "Playwright's toHaveScreenshot; pixelmatch already ignores anti-aliasing)",
    )
    group.addoption(
        "--visual-threshold",
        type=float,
        default=0.1,
        help="pixelmatch's per-pixel colour threshold, 0-1 (default 0.1)",
    )


def screen_name(path: str) -> str:
    """The guide's name for the screen at this path (the path itself when unnamed)."""
    for pattern, name in SCREENS:
        if re.search(pattern, path):
            return name
    return path.strip("/") or "home"


def _checked(request: pytest.FixtureRequest) -> bool:
    config = request.config
    if not config.getoption("--visual"):
        return False
    tags = {t.strip() for t in str(config.getoption("--visual-tags")).split(",") if t.strip()}
    return any(request.node.get_closest_marker(tag) for tag in tags)


@pytest.hookimpl
def pytest_tiktok_sim_step_recorded(
    request: pytest.FixtureRequest, record: StepRecord, page: Any
) -> None:
    """Compare the screen after a passed step with its baseline; a difference fails it."""
    if page is None or record["status"] != "passed" or not _checked(request):
        return
    if same_screen_as_before(request, record):
        return  # the step changed nothing on screen: the checkpoint before covers it
    started = time.perf_counter()
    check = compare_checkpoint(request, page, len(_steps(request)))
    check["seconds"] = round(time.perf_counter() - started, 3)
    record["visual"] = check
    if check["status"] == "failed":
        record["status"] = "failed"
        record["error"] = check["message"]
        raise AssertionError(check["message"])


def same_screen_as_before(request: pytest.FixtureRequest, record: StepRecord) -> bool:
    """The step changed nothing on screen (the harness kept the step before's screenshot)."""
    steps = _steps(request)
    return (
        len(steps) > 1
        and bool(record["screenshot"])
        and (record["screenshot"] == steps[-2]["screenshot"])
    )


def _steps(request: pytest.FixtureRequest) -> list[StepRecord]:
    from .plugin import STEPS_KEY

    steps: list[StepRecord] = request.node.stash.get(STEPS_KEY, [])
    return steps


def _folders(request: pytest.FixtureRequest) -> tuple[Path, Path, str]:
    config = request.config
    device = str(getattr(getattr(request.node, "callspec", None), "params", {}).get("device", ""))
    scenario = request.node.originalname.removeprefix("test_")
    feature = Path(str(request.node.path)).stem.removeprefix("test_")
    relative = Path(slug(device) or "no-device") / feature / scenario
    baselines = config.rootpath / str(config.getoption("--visual-baselines")) / relative
    guide = str(config.getoption("--living-guide") or "reports/living-guide.html")
    actual = Path(guide).parent.resolve() / "visual" / relative
    return baselines, actual, device


def compare_checkpoint(request: pytest.FixtureRequest, page: Any, number: int) -> VisualCheck:
    """Shoot the screen (masked, still) and compare it with its baseline."""
    from urllib.parse import urlparse

    name = screen_name(urlparse(page.url).path)
    baselines, actual_folder, device = _folders(request)
    file_name = f"{number:02d}-{slug(name)}.png"
    baseline = baselines / file_name
    shot = _shoot(page)
    config = request.config
    check = VisualCheck(
        checkpoint=f"{name} ({device})" if device else name,
        status="passed",
        baseline=str(baseline),
        actual=None,
        diff=None,
        ratio=0.0,
        message="",
    )
    if config.getoption("--update-snapshots"):
        baseline.parent.mkdir(parents=True, exist_ok=True)
        baseline.write_bytes(shot)
        check.update({"status": "written", "message": f"baseline written: {baseline}"})
        return check
    actual_path = actual_folder / file_name
    if not baseline.exists():
        actual_folder.mkdir(parents=True, exist_ok=True)
        actual_path.write_bytes(shot)
        check.update(
            {
                "status": "failed",
                "actual": str(actual_path),
                "message": f"no baseline for checkpoint {check['checkpoint']} at {baseline}: "
                "run with --visual --update-snapshots to write it",
            }
        )
        return check
    ratio, diff = compare_images(
        baseline.read_bytes(), shot, float(config.getoption("--visual-threshold"))
    )
    tolerance = float(config.getoption("--visual-tolerance"))
    check["ratio"] = round(ratio, 5)
    if ratio <= tolerance:
        check["message"] = f"{ratio:.2%} of pixels differ (tolerance {tolerance:.2%})"
        return check
    actual_folder.mkdir(parents=True, exist_ok=True)
    actual_path.write_bytes(shot)
    diff_path = actual_path.with_name(actual_path.stem + "-diff.png")
    if diff is not None:
        diff_path.write_bytes(diff)
    check.update(
        {
            "status": "failed",
            "actual": str(actual_path),
            "diff": str(diff_path) if diff is not None else None,
            "message": f"checkpoint {check['checkpoint']} differs from its baseline: "
            f"{ratio:.2%} of pixels (tolerance {tolerance:.2%}); --update-snapshots accepts it",
        }
    )
    return check


def _shoot(page: Any) -> bytes:
    masks = [page.locator(selector) for selector in MASK_SELECTORS]
    masks += [page.get_by_text(re.compile(pattern)) for pattern in MASKS]
    shot: bytes = page.screenshot(
        type="png",
        scale="css",
        animations="disabled",
        caret="hide",
        mask=masks,
        mask_color=MASK_COLOR,
        style=_SCREEN_CSS,
        timeout=10_000,
    )
    return shot


def compare_images(expected: bytes, actual: bytes, threshold: float) -> tuple[float, bytes | None]:
    """Share of pixels that differ, and pixelmatch's picture of them (None when equal)."""
    from pixelmatch.contrib.PIL import pixelmatch

    before = Image.open(io.BytesIO(expected)).convert("RGBA")
    after = Image.open(io.BytesIO(actual)).convert("RGBA")
    if before.size != after.size:  # a different layout height: compare on the larger canvas
        size = (max(before.width, after.width), max(before.height, after.height))
        before, after = _on_canvas(before, size), _on_canvas(after, size)
    # getbbox() of an RGBA image looks at the alpha channel only: compare every channel
    if ImageChops.difference(before, after).getbbox(alpha_only=False) is None:
        return 0.0, None  # the same pixels: no need for the slower perceptual comparison
    output = Image.new("RGBA", before.size)
    different = pixelmatch(before, after, output, threshold=threshold)
    buffer = io.BytesIO()
    output.save(buffer, format="PNG")
    return different / (before.width * before.height), buffer.getvalue()


def _on_canvas(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    canvas = Image.new("RGBA", size, (0, 0, 0, 0))
    canvas.paste(image, (0, 0))
    return canvas
