"""The guide map: which scenarios cover each step of the guide, read from docs/harness.md."""

from __future__ import annotations

import re
from dataclasses import dataclass

START, END = "<!-- guide-map:start -->", "<!-- guide-map:end -->"
_QUOTE = re.compile(r"\"([^\"]+)\"")
_REF = re.compile(r"`([^`]+\.feature)`:\s*([^;|]+)")


@dataclass(frozen=True)
class GuideRow:
    """One row of the map: a phrase quoted from the guide and the scenarios covering it."""

    number: str
    quote: str
    scenarios: tuple[tuple[str, str], ...]  # (feature file, scenario name)
    line: int


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u2019", "'")).strip().lower()


def guide_steps(guide_text: str) -> list[str]:
    """The steps of the guide a creator follows: its bullets, its important note, its tips."""
    steps = []
    for raw in guide_text.splitlines():
        line = raw.strip()
        if (
            line.startswith("\u2022")
            or line.startswith("Important note")
            or line.startswith("Pro tip")
        ):
            steps.append(line.lstrip("\u2022 ").strip())
    return steps


def read_map(markdown: str) -> list[GuideRow]:
    """The rows of the table between the guide-map markers."""
    rows: list[GuideRow] = []
    inside = False
    for number, raw in enumerate(markdown.splitlines(), start=1):
        if START in raw:
            inside = True
            continue
        if END in raw:
            break
        if not inside or not raw.startswith("|") or set(raw) <= set("|-: "):
            continue
        cells = [c.strip() for c in raw.strip().strip("|").split("|")]
        if len(cells) < 3 or cells[0] in ("#", ""):
            continue
        quote = _QUOTE.search(cells[1])
        refs = tuple((f.strip(), s.strip()) for f, s in _REF.findall(cells[2]))
        rows.append(GuideRow(cells[0], quote.group(1) if quote else "", refs, number))
    return rows


def coverage_problems(guide_text: str, markdown: str, scenarios: dict[str, set[str]]) -> list[str]:
    """Why the map does not cover the guide: a guide step without a row, a row without
    scenarios, a quote not in the guide, or a scenario that does not exist.

    `scenarios` maps a feature file name to the names of its scenarios."""
    problems: list[str] = []
    rows = read_map(markdown)
    if not rows:
        return [f"no guide map found between {START} and {END}"]
    guide = _norm(guide_text)
    for row in rows:
        where = f"docs/harness.md:{row.line}"
        if not row.quote or _norm(row.quote) not in guide:
            problems.append(f"{where}: the quote {row.quote!r} is not in the guide")
        if not row.scenarios:
            problems.append(f"{where}: guide step {row.number} has no scenario")
        for feature, name in row.scenarios:
            if name not in scenarios.get(feature, set()):
                problems.append(f"{where}: no scenario {name!r} in features/{feature}")
    for step in guide_steps(guide_text):
        if not any(r.quote and _norm(r.quote) in _norm(step) for r in rows if r.scenarios):
            problems.append(f"guide step not covered by any scenario: {step[:90]!r}")
    return problems
