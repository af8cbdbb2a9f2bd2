"""Gherkin lint: parse errors, undefined and unused steps, unregistered tags, and the style
rules of the design (user's words, 3-7 steps a scenario), each pointing at file:line."""

from __future__ import annotations

import importlib
import inspect
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from pytest_bdd.exceptions import GherkinParseError
from pytest_bdd.parser import Feature, FeatureParser, ScenarioTemplate, Step
from pytest_bdd.steps import StepFunctionContext, step_function_context_registry

MIN_STEPS, MAX_STEPS = 3, 7
# Words that belong to the implementation, not to a creator: URLs, paths, selectors.
_TECHNICAL = re.compile(
    r"(https?://|www\.|/_sim|/open_api|/v2/|\bcss=|\bxpath\b|\bselector\b|\bendpoint\b"
    r"|\bdata-testid\b|\bclick\b|\bHTTP\b|\bJSON\b|\bAPI\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True, order=True)
class Problem:
    """One lint finding."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class StepDefinition:
    """A step definition found in the step library."""

    type: str | None
    pattern: str
    context: StepFunctionContext
    path: str
    line: int

    def matches(self, step: Step) -> bool:
        """Whether this definition would run `step`."""
        if self.type is not None and self.type != step.type:
            return False
        return bool(self.context.parser.is_matching(step.name))


def load_step_definitions(modules: Iterable[str], root: Path) -> list[StepDefinition]:
    """Import the step modules and list the definitions they registered."""
    names = set()
    for module in modules:
        names.add(importlib.import_module(module).__name__)
    found: list[StepDefinition] = []
    for context in list(step_function_context_registry.values()):
        func = context.step_func
        if not any(func.__module__ == n or func.__module__.startswith(n + ".") for n in names):
            continue
        try:
            source = inspect.getsourcefile(func) or "?"
            line = inspect.getsourcelines(func)[1]
        except (OSError, TypeError):
            source, line = "?", 0
        found.append(
            StepDefinition(
                type=context.type,
                pattern=str(context.parser.name),
                context=context,
                path=_relative(source, root),
                line=line,
            )
        )
    return sorted(found, key=lambda d: (d.path, d.line))


def _relative(path: str, root: Path) -> str:
    try:
        return os.path.relpath(path, root)
    except ValueError:
        return path


def parse_features(features_dir: Path, root: Path) -> tuple[list[Feature], list[Problem]]:
    """Parse every .feature under `features_dir`; parse errors become problems."""
    features: list[Feature] = []
    problems: list[Problem] = []
    for path in sorted(features_dir.rglob("*.feature")):
        try:
            features.append(
                FeatureParser(str(features_dir), str(path.relative_to(features_dir))).parse()
            )
        except GherkinParseError as exc:
            problems.append(Problem(_relative(str(path), root), int(exc.line or 0), exc.message))
    return features, problems


def _scenario_steps(scenario: ScenarioTemplate) -> list[Step]:
    """The scenario's steps, rendered with its first example row when it is an outline."""
    contexts = [ctx for example in scenario.examples for ctx in example.as_contexts()]
    if contexts:
        return list(scenario.render(contexts[0]).steps)
    return list(scenario.steps)


def lint(
    features_dir: Path,
    step_modules: Iterable[str],
    registered_tags: Mapping[str, str] | Iterable[str],
    root: Path | None = None,
) -> list[Problem]:
    """Every problem found in the features and the step library, sorted by file and line."""
    root = root or Path.cwd()
    features, problems = parse_features(features_dir, root)
    definitions = load_step_definitions(step_modules, root)
    used: set[int] = set()
    tags = set(registered_tags)
    for feature in features:
        path = _relative(feature.filename, root)
        problems += _check_tags(path, feature.line_number, feature.tags, tags)
        if not feature.scenarios:
            problems.append(Problem(path, feature.line_number, "feature has no scenarios"))
        for scenario in feature.scenarios.values():
            problems += _check_tags(path, scenario.line_number, scenario.tags, tags)
            steps = _scenario_steps(scenario)
            if not MIN_STEPS <= len(steps) <= MAX_STEPS:
                problems.append(
                    Problem(
                        path,
                        scenario.line_number,
                        f"scenario {scenario.name!r} has {len(steps)} steps "
                        f"(keep {MIN_STEPS}-{MAX_STEPS}, one behaviour each)",
                    )
                )
            for step in steps:
                matching = [i for i, d in enumerate(definitions) if d.matches(step)]
                if not matching:
                    problems.append(
                        Problem(
                            path, step.line_number, f"undefined step: {step.keyword} {step.name}"
                        )
                    )
                elif len(matching) > 1:
                    where = ", ".join(
                        f"{definitions[i].path}:{definitions[i].line}" for i in matching
                    )
                    problems.append(
                        Problem(path, step.line_number, f"ambiguous step {step.name!r}: {where}")
                    )
                used.update(matching)
                hit = _TECHNICAL.search(step.name)
                if hit:
                    problems.append(
                        Problem(
                            path,
                            step.line_number,
                            f"step speaks implementation ({hit.group(0)!r}); say it in a "
                            "creator's words",
                        )
                    )
    for index, definition in enumerate(definitions):
        if index not in used:
            problems.append(
                Problem(
                    definition.path,
                    definition.line,
                    f"unused step definition: {definition.type or 'step'} {definition.pattern!r}",
                )
            )
    return sorted(set(problems))


def _check_tags(path: str, line: int, tags: Iterable[str], registered: set[str]) -> list[Problem]:
    return [
        Problem(path, max(line - 1, 1), f"unregistered tag @{tag}")
        for tag in sorted(tags)
        if tag not in registered
    ]
