"""`tiktok-sim report merge`: one living guide and one Cucumber JSON from several shards."""

from __future__ import annotations

import argparse
from pathlib import Path

from .common import CliError


def cmd_report(args: argparse.Namespace) -> int:
    """Merge the shards' report folders into one."""
    from ..harness.merge import MergeError, merge_reports  # the harness only when asked

    try:
        written = merge_reports([Path(d) for d in args.dirs], Path(args.out))
    except MergeError as exc:
        raise CliError(str(exc)) from exc
    for path in written:
        print(path)
    return 0


def add_report_arguments(parser: argparse.ArgumentParser) -> None:
    """`report merge DIR... [--out DIR]`."""
    parser.add_argument("action", choices=["merge"], help="what to do with the reports")
    parser.add_argument(
        "dirs", nargs="+", metavar="DIR", help="a shard's report folder (its --living-guide's)"
    )
    parser.add_argument(
        "--out", default="reports/merged", help="where the merged reports go (%(default)s)"
    )
