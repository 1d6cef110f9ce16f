"""Read the bundled data files (word lists, check patterns) under `inclusivelint/data/`."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml


@lru_cache(maxsize=None)
def read(name: str) -> Any:
    """The parsed YAML of `data/<name>`; read once per process."""
    text = (resources.files("inclusivelint") / "data" / name).read_text(encoding="utf-8")
    return yaml.safe_load(text)
