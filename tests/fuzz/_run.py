"""Running the command line in-process on fuzzed input, and the checks every run must pass."""

from __future__ import annotations

import contextlib
import io
import os
import re
import warnings
from pathlib import Path

from hypothesis import HealthCheck, settings

from drugtrends.cli import main
from tests.fuzz._cases import WARNINGS, exit_code

#: Deterministic, fast: no example database, derandomized, no deadline (shared machines).
FUZZ = settings(
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=False,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
        HealthCheck.function_scoped_fixture,
    ],
)

#: What an existing output file holds before each run: it must be unchanged after a failure.
OLD = b"previous output, must survive a failure\n"


def run_cli(argv: list[str], name: str = "") -> tuple[int, str, str]:
    """Run ``drugtrends ARGV`` in-process: (exit code, stdout, stderr).

    An exception escaping :func:`drugtrends.cli.main` (a traceback for the user) fails the
    test; ``SystemExit`` (argparse) gives its code.
    """
    out, err = io.StringIO(), io.StringIO()
    with (
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
        warnings.catch_warnings(record=True) as caught,
    ):
        warnings.simplefilter("always")
        try:
            rc = main(argv)
        except SystemExit as exc:
            rc = exc.code if isinstance(exc.code, int) else 1
    exit_code(name or argv[0], rc)
    for w in caught:  # what a user would see on stderr
        WARNINGS[f"{w.category.__name__}: {str(w.message)[:80]}"] += 1
    leaked = [w for w in caught if issubclass(w.category, RuntimeWarning)]
    assert not leaked, f"RuntimeWarning on stderr: {leaked[0].message}"
    return rc, out.getvalue(), err.getvalue()


def check_outcome(rc: int, stderr: str, outs: list[Path], *, usage_ok: bool = False) -> None:
    """Exit 0, or exit 1 (2 for usage errors when allowed) with a message and no traceback;
    after a failure every output file still holds :data:`OLD` and no temporary is left."""
    allowed = {0, 1, 2} if usage_ok else {0, 1}
    assert rc in allowed, f"exit code {rc}; stderr:\n{stderr}"
    assert "Traceback" not in stderr, stderr
    assert not re.search(r"\w+Warning: ", stderr), stderr  # RuntimeWarnings do not leak
    if rc != 0:
        assert stderr.strip(), "a failure without a message"
        assert "error" in stderr, stderr
        for out in outs:
            if out.is_file():
                assert out.read_bytes() == OLD, f"{out} was changed by a failed run"
    for out in outs:
        folder = out.parent
        if folder.is_dir():
            left = [n for n in os.listdir(folder) if n.endswith(".tmp")]
            assert not left, f"temporary files left: {left}"
