"""The one disk cache: values that are slow to build, kept between runs.

The compiled rulebook, the word-form tables of the document analysis and the
words lemminflect knows (for the context checks) are all stored here, one pickle
per (kind, key) under the user's cache directory, where `key` is a hash of
everything the value depends on. A missing, stale, corrupt or unwritable cache is
never an error: the value is built again, and kept in memory for the rest of the
process when the directory cannot be written (a read-only install, a locked-down
CI runner).
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any, Callable, Iterable

from inclusivelint import __version__

# Bump when the layout of a cached value changes in a way its key does not show.
FORMAT = 3
KEEP = 8  # newest entries kept per kind (one per rule set or data file in use)

_memory: dict[str, Any] = {}


def cache_dir() -> Path | None:
    """Where inclusivelint caches; None when caching is switched off."""
    if os.environ.get("INCLUSIVELINT_NO_CACHE"):
        return None
    explicit = os.environ.get("INCLUSIVELINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "inclusivelint"


def digest(*parts: str | bytes) -> str:
    """A short hash of the parts, with the cache format and package version mixed in."""
    h = hashlib.sha256(f"{FORMAT}|{__version__}".encode())
    for part in parts:
        h.update(b"\x00")
        h.update(part.encode() if isinstance(part, str) else part)
    return h.hexdigest()[:32]


# The file of each library whose contents carry its version. Read as bytes, it keys a
# cached value as the version would, at a tenth of the cost of importlib.metadata
# (which scans every installed distribution) and without importing the library.
VERSION_FILES = {"spacy": "about.py", "lemminflect": "__init__.py"}


def library_stamp(package: str) -> bytes:
    """The contents of the file that carries `package`'s version (OSError if absent)."""
    from importlib.util import find_spec

    spec = find_spec(package)
    if spec is None or spec.origin is None:
        raise OSError(f"{package} is not installed")
    return Path(spec.origin).with_name(VERSION_FILES[package]).read_bytes()


def cached(kind: str, key: str, build: Callable[[], Any], *,
           accept: Callable[[Any], bool] = lambda value: True) -> Any:
    """The value stored for (`kind`, `key`), or `build()`'s, which is then stored.

    `accept` vets a value read back (a pickle of another layout is built again)."""
    name = f"{kind}-{key}"
    if name in _memory:
        return _memory[name]
    directory = cache_dir()
    path = directory / f"{name}.pickle" if directory is not None else None
    if path is not None:
        value = _read(path)
        if value is not None and accept(value):
            return value
    value = build()
    if path is None or not _write(path, value, kind):
        _memory[name] = value
    return value


def _read(path: Path) -> Any:
    # The collector would walk the half-read object graph again and again (thousands
    # of rule objects): nothing read here is garbage, so it waits until the end.
    enabled = gc.isenabled()
    gc.disable()
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)
    except Exception:  # any unreadable entry just means "build again"
        return None
    finally:
        if enabled:
            gc.enable()


def _write(path: Path, value: Any, kind: str) -> bool:
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{kind}-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except (OSError, pickle.PicklingError):
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        return False
    _prune(path.parent.glob(f"{kind}-*.pickle"), keep=path)
    return True


def _prune(entries: Iterable[Path], keep: Path) -> None:
    """Keep the newest few entries of one kind, drop the rest."""
    def mtime(p: Path) -> float:
        try:
            return p.stat().st_mtime
        except OSError:
            return 0.0

    for old in sorted(entries, key=mtime, reverse=True)[KEEP:]:
        if old != keep:
            try:
                old.unlink()
            except OSError:
                pass
