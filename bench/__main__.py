"""Run every benchmark, print a results table, end with one comparable summary line.

`python -m bench` (or `make bench`) runs them all; `python -m bench api scale` runs some.
A benchmark whose part is missing prints `skipped: <why>` in its row; the summary line
always comes last, with `n/a` where a figure could not be measured.
"""

from __future__ import annotations

import importlib
import os
import sys
import time
import traceback

from .common import Result, Skip

ORDER = ["servers", "api", "startup", "scale", "inproc", "durable", "journey", "suite"]
WIDTH = 62


def _num(summary: dict[str, float], key: str, digits: int = 1, unit: str = "") -> str:
    value = summary.get(key)
    if value is None or value != value:
        return "n/a"
    return f"{value:.{digits}f}{unit}"


def summary_line(s: dict[str, float]) -> str:
    """The one line `make bench` ends with, in the form issue 15 fixes."""
    return (
        f"bench: journey {_num(s, 'journey_x', unit='x')} floor, "
        f"api {_num(s, 'api_rps', 0)} rps {_num(s, 'api_share', 0, '%')} of ceiling "
        f"{_num(s, 'wiremock_x', unit='x')} wiremock {_num(s, 'moto_x', 0, 'x')} moto, "
        f"write {_num(s, 'write_share', 0, '%')} of read, "
        f"p99 {_num(s, 'api_p99')} ms, "
        f"start {_num(s, 'start_s')} s, "
        f"scale {_num(s, 'scale_x', unit='x')}, "
        f"mem {_num(s, 'mem_per_100k_mb', 0)} MB per 100k videos, "
        f"durable write {_num(s, 'durable_write_x', unit='x')} memory, "
        f"suite {_num(s, 'suite_s', 0)} s -n 2 peak {_num(s, 'suite_peak_gb')} GB, "
        f"inproc {_num(s, 'inproc_x', unit='x')} callback "
        f"{_num(s, 'inproc_faster', unit='x')} faster than http"
    )


def run_one(name: str) -> Result:
    """Run one benchmark module; a missing part or a crash becomes a 'skipped' row."""
    started = time.perf_counter()
    try:
        module = importlib.import_module(f"bench.{name}")
        result: Result = module.run()
    except Skip as exc:
        result = Result()
        result.add(name, f"skipped: {exc}")
    except Exception as exc:  # a benchmark must never stop the others
        result = Result()
        result.add(name, f"skipped: crashed with {type(exc).__name__}: {str(exc)[:160]}")
        if os.environ.get("BENCH_DEBUG"):
            traceback.print_exc()
    result.add(f"  ({name} took {time.perf_counter() - started:.0f} s)", "")
    return result


def main(argv: list[str]) -> int:
    """Run the named benchmarks (all by default) and print the table and summary."""
    names = argv or ORDER
    unknown = [n for n in names if n not in ORDER]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(ORDER)}")
        return 2
    print(f"{os.cpu_count()} CPUs, shared: figures are noisy, read the ratios.", flush=True)
    summary: dict[str, float] = {}
    print(f"{'benchmark':<{WIDTH}} result", flush=True)
    print("-" * (WIDTH + 50), flush=True)
    for name in names:
        result = run_one(name)
        for row in result.rows:
            print(f"{row.name:<{WIDTH}} {row.figures}".rstrip(), flush=True)
        summary.update(result.summary)
    print("-" * (WIDTH + 50))
    print(summary_line(summary), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
