"""Write the CLI reference (Markdown) from the argparse parsers of ``drugtrends``.

The text is what ``drugtrends --help`` and ``drugtrends COMMAND --help`` print, at a fixed
width of 88 columns so that the page does not depend on the terminal. ``make docs`` runs
it (through ``docs/conf.py``); run it by hand to see the page::

    python scripts/gen_cli_docs.py docs/_generated/cli.md
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

WIDTH = 88


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:  # argparse keeps its subparsers here
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _help(parser: argparse.ArgumentParser) -> str:
    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = str(WIDTH)
    try:
        return parser.format_help().rstrip() + "\n"
    finally:
        if old is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = old


def cli_markdown() -> str:
    """The CLI reference page as Markdown: the main help, then one section per command."""
    from drugtrends.cli import build_parser

    parser = build_parser()
    commands = _subcommands(parser)
    out = [
        "# Command-line reference",
        "",
        "Generated from the argparse parsers by `scripts/gen_cli_docs.py` when the site is "
        "built: the text is exactly what `--help` prints.",
        "",
        "## drugtrends",
        "",
        "```text",
        _help(parser).rstrip(),
        "```",
        "",
    ]
    for name, sub in commands.items():
        out += [f"## drugtrends {name}", "", "```text", _help(sub).rstrip(), "```", ""]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    text = cli_markdown()
    if not args or args[0] == "-":
        sys.stdout.write(text)
        return 0
    target = Path(args[0])
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
