"""Word-form tables built with lemminflect, cached on disk between runs.

Expanding the word lists into every inflection needs lemminflect's tables
(about half a second to load), so the result is stored as JSON next to the
compiled rulebook, keyed by the data file, the package version and lemminflect's
version. A missing, stale, corrupt or unwritable cache only means building again.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from importlib import resources
from importlib.metadata import version
from pathlib import Path
from typing import Any, Callable

from .. import __version__

_FORMAT = 1


def _cache_dir() -> Path | None:
    from ..rulebook import cache_dir  # one definition of where inclusivelint caches

    return cache_dir()


def cached(data_file: str, build: Callable[[], Any]) -> Any:
    """`build()` (JSON-able), cached for the current contents of `data/<data_file>`."""
    try:
        directory = _cache_dir()
    except Exception:  # pragma: no cover - caching is an optimisation only
        directory = None
    if directory is None:
        return build()
    source = (resources.files("inclusivelint") / "data" / data_file).read_bytes()
    key = hashlib.sha256(
        f"{_FORMAT}|{__version__}|{version('lemminflect')}|{data_file}|".encode() + source
    ).hexdigest()[:24]
    path = directory / f"analysis-{Path(data_file).stem}-{key}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    value = build()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(value, fh, sort_keys=True)
        os.replace(tmp, path)
    except OSError:
        pass
    return value
