"""Writing files atomically: a temporary file beside the target, renamed at the end.

Every file drugtrends writes (netCDF Datasets, forecast and candidate CSVs, the PDF report)
goes through :func:`atomic_path`, so that a failure half-way never leaves a half-written
file, and an existing file at the target stays untouched unless the write succeeds.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

__all__ = ["atomic_path"]


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it onto ``path`` if the block succeeds.

    The parent folder is created when missing. The file gets the usual permissions (0666
    less the umask), not the 0600 of a temporary file. On any exception the temporary file
    is removed and ``path`` is left as it was.

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
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
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
