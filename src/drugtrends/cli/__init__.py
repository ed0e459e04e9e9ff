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
import os
import sys
from collections.abc import Sequence

__all__ = ["CLIError", "build_parser", "error_message", "iso3", "main"]

SUBCOMMANDS = ("build", "trend", "undercount", "forecast", "backtest", "report", "extract")


class CLIError(Exception):
    """A problem the user can fix; printed without a traceback."""


def iso3(text: str) -> str:
    """Argument type of ``--country``: an ISO 3166 alpha-3 code, any case (``kaz`` -> ``KAZ``).

    Examples
    --------
    >>> iso3(" kaz ")
    'KAZ'
    """
    return text.strip().upper()


def error_message(err: BaseException) -> str:
    """The plain message of an exception: ``str(KeyError("x"))`` is ``"'x'"``, this is ``x``.

    Examples
    --------
    >>> error_message(KeyError("no records for XYZ"))
    'no records for XYZ'
    >>> error_message(ValueError("bad"))
    'bad'
    """
    if isinstance(err, KeyError) and len(err.args) == 1 and isinstance(err.args[0], str):
        return err.args[0]
    return str(err)


def _stdout_closed() -> int:
    """Standard output was closed early (``drugtrends extract ... | head``): stop quietly.

    Python's advice (the "Note on SIGPIPE" in the :mod:`signal` docs): point standard output
    at devnull so that the flush at exit does not raise again, and exit with code 1.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # pragma: no cover - stdout without a file descriptor
        pass
    finally:
        os.close(devnull)
    return 1


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
    try:
        return _main(argv)
    except BrokenPipeError:
        return _stdout_closed()


def _main(argv: Sequence[str] | None) -> int:
    from drugtrends.records import RecordsError

    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit:  # --help, --version, usage errors: flush here so a closed pipe is seen
        sys.stdout.flush()
        raise
    try:
        code = int(args.run(args) or 0)
        sys.stdout.flush()  # a closed pipe shows here, not at interpreter exit
        return code
    except (CLIError, RecordsError) as err:
        print(f"drugtrends {args.command}: error: {error_message(err)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # pragma: no cover
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
