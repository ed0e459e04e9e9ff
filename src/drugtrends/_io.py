"""Writing files safely.

:func:`atomic_path`: every file drugtrends writes (netCDF Datasets, forecast and candidate
CSVs, the PDF report) is written to a temporary file beside the target and renamed at the
end, so that a failure half-way never leaves a half-written file, and an existing file at
the target stays untouched unless the write succeeds. Temporaries left by a killed run
(``kill -9``) are removed on the next write of the same target.

:func:`spreadsheet_safe` / :func:`spreadsheet_safe_frame`: text cells that a spreadsheet
would run as a formula (``=cmd|' /C calc'!A0``, ``@SUM(A1)``, ``+1+2``) get a leading
apostrophe in CSV outputs.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

__all__ = ["FORMULA_CHARS", "atomic_path", "spreadsheet_safe", "spreadsheet_safe_frame"]

#: First characters that make a spreadsheet treat a cell as a formula (OWASP "CSV injection").
FORMULA_CHARS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")

_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def _tmp_pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"\.{re.escape(name)}\.(?:(\d+)-)?[A-Za-z0-9_]+\.tmp")


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # exists (another user's) or cannot tell: keep its file
    return True


def _remove_stale(path: Path) -> None:
    """Remove temporaries of ``path`` whose writing process is gone (a killed earlier run)."""
    pattern = _tmp_pattern(path.name)
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return
    for entry in entries:
        m = pattern.fullmatch(entry.name)
        if m is None or not entry.is_file(follow_symlinks=False):
            continue
        pid = m.group(1)
        if pid is not None and _pid_alive(int(pid)):
            continue  # another run is writing the same target right now
        with contextlib.suppress(OSError):
            os.unlink(entry.path)


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it onto ``path`` if the block succeeds.

    The parent folder is created when missing. The file gets the usual permissions (0666
    less the umask), not the 0600 of a temporary file. On any exception the temporary file
    is removed and ``path`` is left as it was. The temporary is named
    ``.NAME.PID-RANDOM.tmp``; those of a process that no longer runs (a run killed with
    ``kill -9``) are removed before writing.

    Parameters
    ----------
    path : path-like
        The file to write.

    Examples
    --------
    >>> import pandas as pd, tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "table.csv"
    >>> with atomic_path(out) as tmp:
    ...     pd.DataFrame({"a": [1]}).to_csv(tmp, index=False)
    >>> out.read_text()
    'a\\n1\\n'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale(path)
    while True:
        tmp = path.parent / f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # pragma: no cover - 32 random bits collided
            continue
        os.close(fd)
        break
    try:
        yield tmp
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def spreadsheet_safe(value: Any) -> Any:
    """Neutralize text that a spreadsheet would run as a formula: prefix it with ``'``.

    Text starting with ``=``, ``+``, ``-``, ``@``, a tab or a line break (or their
    full-width forms) gets a leading apostrophe, unless it is a plain number such as
    ``-12.5``. Anything that is not a ``str`` is returned as is.

    Parameters
    ----------
    value : object
        A cell value.

    Returns
    -------
    object
        The value, safe to write to a CSV file that may be opened in a spreadsheet.

    Examples
    --------
    >>> spreadsheet_safe("=cmd|' /C calc'!A0")
    "'=cmd|' /C calc'!A0"
    >>> spreadsheet_safe("@SUM(A1:A9)")
    "'@SUM(A1:A9)"
    >>> spreadsheet_safe("-12.5"), spreadsheet_safe("KAZ"), spreadsheet_safe(3.0)
    ('-12.5', 'KAZ', 3.0)
    """
    if not isinstance(value, str) or not value.startswith(FORMULA_CHARS):
        return value
    if _NUMBER.fullmatch(value):
        return value
    return "'" + value


def spreadsheet_safe_frame(frame: Any, columns: Iterable[str] | None = None) -> Any:
    """A copy of a DataFrame with :func:`spreadsheet_safe` applied to its text cells.

    Parameters
    ----------
    frame : pandas.DataFrame
    columns : iterable of str, optional
        The columns to neutralize; by default every column of object or string dtype.
        The index is neutralized too when it holds text.

    Examples
    --------
    >>> import pandas as pd
    >>> spreadsheet_safe_frame(pd.DataFrame({"id": ["=1+1", "a"], "x": [1, 2]}))["id"].tolist()
    ["'=1+1", 'a']
    """
    import pandas as pd

    out = frame.copy()
    if columns is None:
        columns = [
            c
            for c in out.columns
            if out[c].dtype == object or pd.api.types.is_string_dtype(out[c].dtype)
        ]
    for c in columns:
        out[c] = out[c].map(spreadsheet_safe)
    if isinstance(out.index, pd.MultiIndex):
        arrays = [out.index.get_level_values(i) for i in range(out.index.nlevels)]
        out.index = pd.MultiIndex.from_arrays(
            [a.map(spreadsheet_safe) if a.dtype == object else a for a in arrays],
            names=out.index.names,
        )
    elif out.index.dtype == object:
        out.index = out.index.map(spreadsheet_safe)
    return out
