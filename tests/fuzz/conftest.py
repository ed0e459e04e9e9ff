"""The fuzz suite of issue 15: the number of generated cases is printed at the end."""

from __future__ import annotations

import pytest

from tests.fuzz._cases import CASES, EXITS, WARNINGS


def pytest_terminal_summary(terminalreporter) -> None:
    if not CASES:
        return
    parts = ", ".join(f"{name} {n}" for name, n in sorted(CASES.items()))
    terminalreporter.write_line(f"fuzz: {sum(CASES.values())} generated cases ({parts})")
    codes = ", ".join(f"{name}: exit {rc} x{n}" for (name, rc), n in sorted(EXITS.items()))
    terminalreporter.write_line(f"fuzz exit codes: {codes}")
    for text, n in WARNINGS.most_common(5):
        terminalreporter.write_line(f"fuzz: warning shown x{n}: {text}")


@pytest.fixture(autouse=True, scope="session")
def _one_blas_thread():
    """One BLAS thread: the many tiny least-squares fits of the trend break scan run 5-40
    times slower with several threads on a shared machine."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - optional
        yield
        return
    with threadpool_limits(limits=1, user_api="blas"):
        yield
