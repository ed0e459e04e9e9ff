"""An on-disk cache of built Datasets, keyed by a hash of the data (and of the code).

:func:`drugtrends.load_dataset` builds the shipped records into a Dataset: a few seconds
for every country. The result is kept in a cache folder, ``$DRUGTRENDS_CACHE_DIR`` or
``$XDG_CACHE_HOME/drugtrends`` (``~/.cache/drugtrends``), under a name holding the SHA-256 of
every data file (``indicators.csv``, ``sources.csv``, ``countries.csv``, ``records/*.csv``),
of the package version and of the modules that build it, so that a change to any of them
builds afresh. Files are written atomically (:func:`drugtrends._io.atomic_path`); a file
that cannot be read (cut short, corrupt, from another Python) is removed and rebuilt. A
cache folder that cannot be written is not an error: the Dataset is then built each time.
``DRUGTRENDS_CACHE_DIR=off`` turns the cache off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

__all__ = ["cache_dir", "cached", "data_key"]

T = TypeVar("T")

FORMAT = "1"  # bump when the pickled layout changes
_CODE = ("records.py", "dataset.py", "units.py", "_cache.py")


def cache_dir() -> Path | None:
    """The cache folder, or None when the cache is turned off.

    Examples
    --------
    >>> import os
    >>> os.environ["DRUGTRENDS_CACHE_DIR"] = "/tmp/dt-cache"
    >>> str(cache_dir())
    '/tmp/dt-cache'
    >>> del os.environ["DRUGTRENDS_CACHE_DIR"]
    """
    env = os.environ.get("DRUGTRENDS_CACHE_DIR")
    if env is not None:
        return None if env.strip().lower() in ("", "off", "0", "none") else Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "drugtrends"


def data_key(files: Iterable[Path], *extra: str) -> str:
    """SHA-256 over the names and bytes of ``files``, the version, the code and ``extra``.

    Examples
    --------
    >>> len(data_key([], "x"))
    64
    """
    from ._version import __version__

    h = hashlib.sha256()
    h.update(f"drugtrends {__version__} cache {FORMAT}\0".encode())
    here = Path(__file__).resolve().parent
    for name in _CODE:
        h.update(name.encode() + b"\0" + (here / name).read_bytes() + b"\0")
    for path in sorted(Path(f) for f in files):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for text in extra:
        h.update(text.encode() + b"\0")
    return h.hexdigest()


def cached(name: str, key: str, build: Callable[[], T]) -> T:
    """``build()``'s result, from the cache file ``<name>-<key>.pkl`` when it is there.

    A missing or unreadable file is (re)built and written atomically; a cache folder that
    cannot be written only means no cache.

    Examples
    --------
    >>> cached("demo", data_key([], "demo"), lambda: 42)  # doctest: +SKIP
    42
    """
    folder = cache_dir()
    if folder is None:
        return build()
    path = folder / f"{name}-{key[:32]}.pkl"
    try:
        with open(path, "rb") as fh:
            got = pickle.load(fh)
        if isinstance(got, tuple) and len(got) == 2 and got[0] == key:
            return got[1]
    except FileNotFoundError:
        pass
    except Exception:
        pass
    value = build()
    _store(folder, name, path, key, value)
    return value


def _store(folder: Path, name: str, path: Path, key: str, value: object) -> None:
    from ._io import atomic_path

    try:
        with atomic_path(path) as tmp, open(tmp, "wb") as fh:
            pickle.dump((key, value), fh, protocol=pickle.HIGHEST_PROTOCOL)
        # older builds of the same name are stale: keep the folder small
        for old in folder.glob(f"{name}-*.pkl"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        return
