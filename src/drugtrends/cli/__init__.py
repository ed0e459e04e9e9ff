"""The ``drugtrends`` command line.

Each subcommand lives in its own module of this package with two functions:
``register(subparsers)`` adds its parser (cheap: no heavy imports at module level) and
``run(args) -> int`` does the work. Errors that users can fix are raised as
:class:`CLIError` (or :class:`drugtrends.records.RecordsError`) and printed on stderr
without a traceback, with exit code 1.

Exit codes (shown in every ``--help``): 0 success, 1 a data or file error (a message on
stderr, no traceback, existing output files untouched), 2 a usage error (argparse).
Output targets are checked before any work with :func:`check_out`, interval levels with
:func:`check_levels`.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import tempfile
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path

__all__ = [
    "EXIT_CODES",
    "CLIError",
    "build_parser",
    "check_levels",
    "check_out",
    "error_message",
    "iso3",
    "main",
]

EXIT_CODES = (
    "exit codes: 0 success; 1 a data or file error (message on stderr, existing output "
    "untouched); 2 a usage error (bad or missing option)."
)

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


def check_out(
    path: str | Path,
    suffixes: Iterable[str] | None = None,
    *,
    flag: str = "--out",
    what: str = "",
) -> Path:
    """Check an output target before any work, so that a bad one fails at once, cleanly.

    The target must not be an existing folder, the path to it must not run through a
    file, and the nearest existing folder on the way must be writable (missing folders are
    created at write time). With ``suffixes``, the name must end in one of them (any case).

    Parameters
    ----------
    path : path-like
        The ``--out`` value.
    suffixes : iterable of str, optional
        Allowed suffixes, e.g. ``(".csv", ".nc")``.
    flag : str
        The option named in the message.
    what : str
        What the file is, for the suffix message (e.g. ``"the PDF report"``).

    Returns
    -------
    pathlib.Path

    Raises
    ------
    CLIError
        Naming the target and what is wrong with it.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> check_out(folder / "new" / "out.csv", (".csv",)).name
    'out.csv'
    >>> check_out(folder, (".csv",))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    drugtrends.cli.CLIError: --out ...: must end in .csv, not ''
    """
    path = Path(path)
    if suffixes is not None:
        suffixes = tuple(suffixes)
        if path.suffix.lower() not in suffixes:
            allowed = " or ".join(suffixes)
            for_what = f" ({what})" if what else ""
            raise CLIError(f"{flag} {path}: must end in {allowed}{for_what}, not {path.suffix!r}")
    if str(path) in ("", ".") or path.name in ("", ".", ".."):
        raise CLIError(f"{flag} {str(path)!r}: give a file name")
    if path.is_dir():
        raise CLIError(f"{flag} {path}: is an existing folder; give a file name inside it")
    if path.exists() and not path.is_file():
        raise CLIError(f"{flag} {path}: exists and is not a regular file")
    parent = path.parent
    while not parent.exists():
        if parent.is_symlink():  # a dangling link
            raise CLIError(f"{flag} {path}: {parent} is a broken link")
        if parent == parent.parent:
            break
        parent = parent.parent
    if not parent.is_dir():
        raise CLIError(f"{flag} {path}: {parent} is a file, not a folder; choose another path")
    try:  # os.access is wrong for root and on read-only mounts: try to create a file
        with tempfile.TemporaryFile(dir=parent):
            pass
    except OSError as err:
        reason = err.strerror or type(err).__name__
        raise CLIError(
            f"{flag} {path}: cannot write in {parent} ({reason}); choose a folder you can write to"
        ) from None
    return path


def check_levels(levels: Iterable[float], flag: str = "--levels") -> list[float]:
    """Interval levels in percent, checked and with duplicates merged (first kept).

    Two levels are duplicates when they need the same quantiles
    (:func:`drugtrends.rules.level_quantiles`), e.g. 80 and 80.00000000001.

    Raises
    ------
    CLIError
        For a level not strictly between 0 and 100 (or one that looks like a fraction).

    Examples
    --------
    >>> check_levels([80, 95, 80])
    [80.0, 95.0]
    """
    from drugtrends.rules import level_quantiles

    seen: dict[tuple[float, float], float] = {}
    for lv in levels:
        try:
            q = level_quantiles(lv)
        except ValueError as err:
            raise CLIError(f"{flag}: {err}") from None
        seen.setdefault(q, float(lv))
    if not seen:
        raise CLIError(f"{flag}: give at least one level")
    return list(seen.values())


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
        epilog=f"Run 'drugtrends COMMAND --help' for the options of one command. {EXIT_CODES}",
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
    for p in sub.choices.values():  # the exit codes end every command's --help
        raw = p.formatter_class is argparse.RawDescriptionHelpFormatter
        p.epilog = (
            f"{p.epilog}{chr(10) * 2 if raw else ' '}{EXIT_CODES}" if p.epilog else EXIT_CODES
        )
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
        with warnings.catch_warnings():
            # numerical RuntimeWarnings (overflow, all-NaN slices) are for library users;
            # the commands report what went wrong in their own words
            warnings.simplefilter("ignore", RuntimeWarning)
            code = int(args.run(args) or 0)
        sys.stdout.flush()  # a closed pipe shows here, not at interpreter exit
        return code
    except (CLIError, RecordsError) as err:
        print(f"drugtrends {args.command}: error: {error_message(err)}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        raise
    except OSError as err:  # a file-system failure while writing (disk full, ...)
        where = f" {err.filename}" if err.filename else ""
        reason = err.strerror or error_message(err)
        print(f"drugtrends {args.command}: error:{where}: {reason}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # pragma: no cover
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
