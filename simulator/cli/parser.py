"""The `tiktok-sim` command line: every subcommand, flag and help text, and `main`."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence

from ..core.errors import SimError
from ..core.tenants import DEFAULT_TENANT
from .client import (
    cmd_clock,
    cmd_faults,
    cmd_journal,
    cmd_reset,
    cmd_seed,
    cmd_snapshot,
    cmd_tenants,
)
from .common import DEFAULT_HOST, CliError
from .report import add_report_arguments, cmd_report
from .servers import cmd_flex, cmd_serve, cmd_up

Command = Callable[[argparse.Namespace], int]


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=32, width=100)


MAIN_EPILOG = """\
start the simulator:
  tiktok-sim up                          fake TikTok on :8600 and Flex on :8700, demo data
  tiktok-sim serve --port 9000 --seed-file scenario.yaml --state-file state.db
  tiktok-sim flex --tiktok-url http://127.0.0.1:9000

steer a running simulator (fake TikTok by default, --flex for Flex, --url for any):
  tiktok-sim tenants create t1 --dataset demo
  tiktok-sim reset --tenant t1
  tiktok-sim snapshot save baseline --tenant t1
  tiktok-sim snapshot fork baseline t2
  tiktok-sim clock advance 2h --tenant t1
  tiktok-sim faults add '/open_api/v1.3/tcm/*' --kind error --code 40100 --times 2
  tiktok-sim faults add tto_video_published --webhook duplicate
  tiktok-sim journal --path '/open_api/*'
  tiktok-sim journal verify --method POST --path /open_api/v1.3/tto/tcm/campaign/create/

environment:
  TIKTOK_SIM_PORT, FLEX_PORT   default ports (8600, 8700)
  SIM_CONTROL_TOKEN            require (servers) or send (client commands) a bearer token
  SIM_CONTROL_ALLOW_REMOTE     let /_sim answer non-loopback callers without a token
  SIM_CONTROL_HOSTS            host names /_sim answers to besides loopback and --public-url
  SIM_AUTO_TENANTS             let a request make the tenant it names (local use only)

Every control is described in docs/controls.md.
"""


def _server_options(parser: argparse.ArgumentParser, *, port_help: str | None = None) -> None:
    parser.add_argument(
        "--host", default=DEFAULT_HOST, help="interface to listen on (default %(default)s)"
    )
    if port_help:
        parser.add_argument("--port", type=int, help=port_help)
        parser.add_argument(
            "--public-url",
            metavar="URL",
            help="the URL others reach this app at, when not the one it listens on",
        )
    parser.add_argument(
        "--seed", type=int, default=0, help="seed for generated ids (default %(default)s)"
    )
    parser.add_argument(
        "--dataset",
        default="demo",
        choices=["demo", "empty"],
        help="data set for the default tenant (default %(default)s)",
    )
    parser.add_argument(
        "--seed-file", metavar="FILE", help="scenario (YAML or JSON) for the default tenant"
    )
    parser.add_argument(
        "--state-file",
        metavar="FILE",
        help=(
            "keep all state in FILE, an SQLite database, across restarts and crashes"
            " (every answered change is written before its answer)"
        ),
    )
    parser.add_argument(
        "--log-level",
        default="WARNING",
        choices=["DEBUG", "INFO", "WARNING", "ERROR"],
        help="how chatty the server is (default %(default)s)",
    )
    parser.add_argument(
        "--control-token",
        metavar="TOKEN",
        help="require 'Authorization: Bearer TOKEN' on /_sim, and let remote callers that send "
        "it in (or set SIM_CONTROL_TOKEN)",
    )
    parser.add_argument(
        "--allow-remote-control",
        action="store_true",
        help="let /_sim answer callers that are not on loopback, without a token "
        "(a trusted network only)",
    )


def _client_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    # On the top-level parser they set the defaults; on a subcommand they are SUPPRESSed
    # unless given, so `tiktok-sim --tenant t1 clock` and `tiktok-sim clock --tenant t1` agree.
    default = None if top else argparse.SUPPRESS
    switch_default = False if top else argparse.SUPPRESS
    group = parser.add_argument_group("which simulator")
    group.add_argument(
        "--url",
        default=default,
        help="the simulator's base URL (default http://127.0.0.1:8600, or $TIKTOK_SIM_PORT)",
    )
    group.add_argument(
        "--flex",
        action="store_true",
        default=switch_default,
        help="talk to Flex (http://127.0.0.1:8700, or $FLEX_PORT) instead of the fake TikTok",
    )
    group.add_argument(
        "--tenant", default=default, help=f"tenant to act on (default '{DEFAULT_TENANT}')"
    )
    group.add_argument(
        "--token", default=default, help="the control token to send (default $SIM_CONTROL_TOKEN)"
    )
    group.add_argument(
        "--json", action="store_true", default=switch_default, help="print the raw JSON answer"
    )


def _source_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dataset", help="a named data set: demo or empty")
    parser.add_argument("--file", help="a scenario file (YAML or JSON)")
    parser.add_argument("--faker-seed", type=int, help="a Faker-generated world from this seed")


def _actions(parser: argparse.ArgumentParser, default: str, *others: str) -> None:
    parser.add_argument(
        "action",
        nargs="?",
        default=default,
        choices=[default, *others],
        help=f"what to do (default {default})",
    )


def build_parser() -> argparse.ArgumentParser:
    """The whole command line, with examples in each --help."""
    parser = argparse.ArgumentParser(
        prog="tiktok-sim",
        description=(
            "A local fake of TikTok's Creator Marketplace and a fake partner platform (Flex),\n"
            "with controls for tests: tenants, snapshots, a virtual clock, faults, a journal."
        ),
        epilog=MAIN_EPILOG,
        formatter_class=_Formatter,
    )
    _client_options(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    clients: list[argparse.ArgumentParser] = []

    def add(
        name: str, func: Command, help_: str, *examples: str, client: bool = False
    ) -> argparse.ArgumentParser:
        epilog = "examples:\n" + "\n".join(f"  {line}" for line in examples)
        p = sub.add_parser(
            name, help=help_, description=help_, epilog=epilog, formatter_class=_Formatter
        )
        p.set_defaults(func=func)
        if client:
            clients.append(p)  # gets the "which simulator" options after its own
        return p

    p = add(
        "up",
        cmd_up,
        "start the fake TikTok and Flex (what `make serve` runs)",
        "tiktok-sim up",
        "TIKTOK_SIM_PORT=9600 FLEX_PORT=9700 tiktok-sim up",
        "tiktok-sim up --state-file .sim-state.db",
    )
    p.add_argument(
        "--tiktok-port", type=int, help="the fake TikTok's port (default $TIKTOK_SIM_PORT or 8600)"
    )
    p.add_argument("--flex-port", type=int, help="Flex's port (default $FLEX_PORT or 8700)")
    _server_options(p)

    p = add(
        "serve",
        cmd_serve,
        "start the fake TikTok only",
        "tiktok-sim serve",
        "tiktok-sim serve --port 9000 --dataset empty",
        "tiktok-sim serve --seed 7 --seed-file scenario.yaml --state-file state.db",
    )
    _server_options(p, port_help="port to listen on (default $TIKTOK_SIM_PORT or 8600)")

    p = add(
        "flex",
        cmd_flex,
        "start Flex only",
        "tiktok-sim flex --tiktok-url http://127.0.0.1:8600",
    )
    p.add_argument(
        "--tiktok-url",
        metavar="URL",
        help="where the fake TikTok (or TikTok) answers (default http://127.0.0.1:8600)",
    )
    _server_options(p, port_help="port to listen on (default $FLEX_PORT or 8700)")

    p = add(
        "tenants",
        cmd_tenants,
        "list, create or delete tenants, or show which tokens lead to one",
        "tiktok-sim tenants",
        "tiktok-sim tenants create t1 --dataset demo",
        "tiktok-sim tenants credentials t2",
        "tiktok-sim tenants delete t1",
        client=True,
    )
    _actions(p, "list", "create", "credentials", "delete")
    p.add_argument("id", nargs="?", help="tenant id (create, credentials, delete)")
    _source_options(p)

    p = add(
        "reset",
        cmd_reset,
        "reset one tenant (optionally reseeding it) or every tenant",
        "tiktok-sim reset --tenant t1",
        "tiktok-sim reset --tenant t1 --dataset demo",
        "tiktok-sim reset --all",
        client=True,
    )
    p.add_argument("--all", action="store_true", help="remove every tenant")
    _source_options(p)

    p = add(
        "seed",
        cmd_seed,
        "load a data set, a scenario file or a Faker-generated world into a tenant",
        "tiktok-sim seed --dataset demo --tenant t1",
        "tiktok-sim seed --file scenario.yaml",
        "tiktok-sim seed --faker-seed 42",
        client=True,
    )
    _source_options(p)

    p = add(
        "snapshot",
        cmd_snapshot,
        "list, save, restore, fork, delete, export or import snapshots of a tenant's state",
        "tiktok-sim snapshot save baseline --tenant t1",
        "tiktok-sim snapshot restore baseline --tenant t1",
        "tiktok-sim snapshot fork baseline t2",
        "tiktok-sim snapshot export --tenant t1 --out t1.json",
        "tiktok-sim snapshot import t1.json --tenant t3",
        "tiktok-sim snapshot list",
        client=True,
    )
    _actions(p, "list", "save", "restore", "fork", "delete", "export", "import")
    p.add_argument("name", nargs="?", help="snapshot name (import: the file)")
    p.add_argument("target", nargs="?", help="fork: the new tenant's id")
    p.add_argument("--out", help="export: write to this file instead of stdout")
    p.add_argument("--file", help="import: the file to read")

    p = add(
        "clock",
        cmd_clock,
        "show or move a tenant's virtual clock",
        "tiktok-sim clock",
        "tiktok-sim clock freeze",
        "tiktok-sim clock advance 2h",
        "tiktok-sim clock advance 1d --tenant t1",
        "tiktok-sim clock set 2024-05-01T09:00:00Z",
        client=True,
    )
    _actions(p, "show", "freeze", "unfreeze", "set", "advance")
    p.add_argument("value", nargs="?", help="set: ISO time; advance: a duration (90s, 2h, 1d)")

    p = add(
        "faults",
        cmd_faults,
        "list, add, remove or clear fault rules",
        "tiktok-sim faults",
        "tiktok-sim faults add '/open_api/v1.3/tcm/*' --code 40100 --times 2",
        "tiktok-sim faults add '/open_api/*' --kind error --status 503 --probability 0.3",
        "tiktok-sim faults add '/open_api/*' --kind latency --latency-ms 1500",
        "tiktok-sim faults add '/open_api/*' --kind drop --times 1",
        "tiktok-sim faults add tto_video_published --webhook duplicate",
        "tiktok-sim faults add '*' --webhook delay --delay 5m",
        "tiktok-sim faults remove 3",
        "tiktok-sim faults clear",
        client=True,
    )
    _actions(p, "list", "add", "remove", "clear")
    p.add_argument("path", nargs="?", help="add: path glob (or webhook event type); remove: id")
    p.add_argument(
        "--kind",
        default="error",
        choices=["error", "latency", "drop", "malformed"],
        help="what happens to a matching API call (default %(default)s)",
    )
    p.add_argument("--method", default="*", help="HTTP method to match (default any)")
    p.add_argument(
        "--status",
        type=int,
        help="HTTP status to answer (with --webhook fail: the status the delivery gets)",
    )
    p.add_argument("--code", help="TikTok error code to answer, e.g. 40100")
    p.add_argument("--message", help="error message to answer")
    p.add_argument("--latency-ms", type=int, help="milliseconds to wait before answering")
    p.add_argument("--times", type=int, help="fire on the next N matching calls only")
    p.add_argument(
        "--probability", type=float, help="fire on a matching call with this chance (0..1)"
    )
    p.add_argument("--seed", type=int, help="seed for --probability, so runs repeat")
    p.add_argument(
        "--webhook",
        choices=["delay", "duplicate", "reorder", "fail"],
        help="a webhook-delivery fault instead (PATH is then the event type glob)",
    )
    p.add_argument("--delay", help="webhook delay: a duration such as 30s or 5m")

    p = add(
        "journal",
        cmd_journal,
        "show, clear or verify the requests and webhooks a tenant saw",
        "tiktok-sim journal",
        "tiktok-sim journal --path '/open_api/*' --method GET",
        "tiktok-sim journal --kind webhook",
        "tiktok-sim journal --clear",
        "tiktok-sim journal verify --method POST --path /open_api/v1.3/subscription/subscribe/ \\",
        '    --times 1 --body \'{"subscribe_entity": "TCM_VIDEOS"}\'',
        client=True,
    )
    p.add_argument("verify", nargs="?", choices=["verify"], help="check a call was made")
    p.add_argument("--path", help="exact path, or a prefix ending in '*'")
    p.add_argument("--method", help="HTTP method to match")
    p.add_argument(
        "--kind", choices=["request", "webhook"], help="requests served or webhooks sent"
    )
    p.add_argument("--limit", type=int, help="only the last N entries")
    p.add_argument("--clear", action="store_true", help="forget every entry")
    p.add_argument("--times", type=int, help="verify: exactly this many matching calls")
    p.add_argument("--body", help="verify: JSON the request body must contain (subset)")

    p = add(
        "report",
        cmd_report,
        "merge the BDD reports of several shards (pytest-split groups, CI machines) into one",
        "tiktok-sim report merge reports/shard-1 reports/shard-2 --out reports/merged",
    )
    add_report_arguments(p)

    for p in clients:
        _client_options(p, top=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `tiktok-sim` console script."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=getattr(args, "log_level", "WARNING"), format="%(levelname)s %(name)s: %(message)s"
    )
    try:
        return int(args.func(args))
    except CliError as exc:
        print(f"tiktok-sim: {exc}", file=sys.stderr)
        return exc.exit_code
    except SimError as exc:
        print(f"tiktok-sim: {exc.message}", file=sys.stderr)
        return 1
