"""The ``drugtrends`` command line.

Each subcommand lives in its own module of this package with two functions:
``register(subparsers)`` adds its parser (cheap: no heavy imports at module level) and
``run(args) -> int`` does the work. Errors that users can fix are raised as
:class:`CLIError` (or :class:`drugtrends.records.RecordsError`) and printed on stderr
without a traceback, with exit code 1.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

__all__ = ["CLIError", "build_parser", "main"]

SUBCOMMANDS = ("build", "trend", "undercount", "forecast", "backtest", "report", "extract")


class CLIError(Exception):
    """A problem the user can fix; printed without a traceback."""


def build_parser() -> argparse.ArgumentParser:
    from drugtrends import __version__

    parser = argparse.ArgumentParser(
        prog="drugtrends",
        description=(
            "Statistics and forecasts of yearly drug-control indicators from annual "
            "country reports (INCSR, UNODC, national reports)."
        ),
        epilog="Run 'drugtrends COMMAND --help' for the options of one command.",
    )
    parser.add_argument("--version", action="version", version=f"drugtrends {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in SUBCOMMANDS:
        try:
            module = importlib.import_module(f"drugtrends.cli.{name}")
        except ModuleNotFoundError as err:
            if err.name == f"drugtrends.cli.{name}":
                continue  # subcommand not part of this build
            raise
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``drugtrends`` command."""
    from drugtrends.records import RecordsError

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except (CLIError, RecordsError) as err:
        print(f"drugtrends {args.command}: error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # pragma: no cover
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
