"""Word-form tables built with lemminflect, kept in the one disk cache between runs.

Expanding the word lists into every inflection needs lemminflect's tables (about
half a second to load), so the result is cached (`inclusivelint.cache`), keyed by
the data file's contents and lemminflect's version.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any, Callable

from inclusivelint import cache


def cached(data_file: str, build: Callable[[], Any]) -> Any:
    """`build()`, cached for the current contents of `data/<data_file>`."""
    source = (resources.files("inclusivelint") / "data" / data_file).read_bytes()
    key = cache.digest(cache.library_stamp("lemminflect"), data_file, source)
    return cache.cached(f"forms-{Path(data_file).stem}", key, build)
