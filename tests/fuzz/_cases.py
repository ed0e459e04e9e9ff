"""Generated cases per fuzz test (printed by ``conftest.pytest_terminal_summary``)."""

from __future__ import annotations

import collections

CASES: collections.Counter[str] = collections.Counter()
#: Warnings (other than RuntimeWarning, which fail the test) that reached the user.
WARNINGS: collections.Counter[str] = collections.Counter()
#: Exit codes per fuzz test, to see that both outcomes are reached.
EXITS: collections.Counter[tuple[str, int]] = collections.Counter()


def count(name: str) -> None:
    """Count one generated case of the fuzz test ``name``."""
    CASES[name] += 1


def exit_code(name: str, rc: int) -> None:
    """Count one exit code of the fuzz test ``name``."""
    EXITS[name, rc] += 1
