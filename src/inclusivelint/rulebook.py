"""The loaded, compiled rule set, cached on disk between runs.

Parsing a few hundred YAML files and generating every inflection costs far more
than a pre-commit run can spare, so the result is pickled under the user's
cache directory, keyed by a hash of the rule files, the package version and the
versions of the libraries that shape the compiled form. A stale, corrupt or
unwritable cache is never an error: the rulebook is simply compiled again.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from . import __version__
from .loader import (
    SOURCES_FILE, RuleError, bundled_rules_dir, load_rules, load_sources, rule_files,
)
from .matcher import Compiled, compile_rules
from .rule import Rule, Source

_CACHE_FORMAT = 2
_COMPILER_MODULES = ("rule.py", "loader.py", "patterns.py", "inflect.py", "matcher.py", "rulebook.py")


@dataclass
class Rulebook:
    rules: dict[str, Rule]
    sources: dict[str, Source]
    compiled: Compiled

    @property
    def categories(self) -> list[str]:
        return sorted({r.category for r in self.rules.values()})


def cache_dir() -> Path | None:
    if os.environ.get("INCLUSIVELINT_NO_CACHE"):
        return None
    explicit = os.environ.get("INCLUSIVELINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "inclusivelint"


def fingerprint(dirs: Sequence[Path]) -> str:
    """A hash of everything the compiled rulebook depends on."""
    import spacy
    from importlib.metadata import version

    digest = hashlib.sha256()
    digest.update(f"{_CACHE_FORMAT}|{__version__}|{spacy.__version__}|{version('lemminflect')}".encode())
    # The code that shapes the compiled form is part of the key too, so a changed
    # compiler never meets an old cache (in a source checkout as in a release).
    here = Path(__file__).resolve().parent
    for module in _COMPILER_MODULES:
        digest.update((here / module).read_bytes())
    for directory in dirs:
        digest.update(str(directory.resolve()).encode())
        files = rule_files(directory) + [directory / SOURCES_FILE]
        for path in files:
            if path.is_file():
                digest.update(path.relative_to(directory).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


def _read_cache(path: Path) -> Rulebook | None:
    try:
        with path.open("rb") as fh:
            book = pickle.load(fh)
        return book if isinstance(book, Rulebook) else None
    except Exception:  # any unreadable cache just means "compile again"
        return None


def _write_cache(path: Path, book: Rulebook) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".rules-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(book, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        _prune(path.parent, keep=path)
    except OSError:
        try:
            os.unlink(tmp)  # type: ignore[possibly-undefined]
        except (OSError, UnboundLocalError):
            pass


def _prune(directory: Path, keep: Path, most: int = 8) -> None:
    """Keep the newest few compiled rulebooks (one per rule set in use), drop the rest."""
    caches = sorted(directory.glob("rules-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in caches[most:]:
        if old != keep:
            try:
                old.unlink()
            except OSError:
                pass


def compile_rulebook(tokenizer, extra_dirs: Sequence[Path] = ()) -> Rulebook:
    bundled = bundled_rules_dir()
    sources = load_sources(bundled / SOURCES_FILE, f"rules/{SOURCES_FILE}")
    rules = load_rules(bundled, sources, require_evidence=True)
    for directory in extra_dirs:
        if not directory.is_dir():
            raise RuleError(str(directory), "", "extra rules directory does not exist")
        extra_sources = directory / SOURCES_FILE
        if extra_sources.is_file():
            sources = {**sources, **load_sources(extra_sources)}
        extra = load_rules(directory, sources, label=str(directory))
        known = {r.id for r in rules}
        for rule in extra:
            if rule.id in known:
                raise RuleError(rule.path, "id", f"{rule.id!r} is already a bundled rule id")
        rules.extend(extra)
    by_id = {r.id: r for r in rules}
    return Rulebook(by_id, sources, compile_rules(rules, tokenizer))


def load_rulebook(tokenizer, extra_dirs: Sequence[Path] = (), verify=None, key: str | None = None) -> Rulebook:
    """The cached rulebook, or a fresh one; `verify(book)` vets a fresh one before it is cached.
    `key` is the rule files' `fingerprint`, when the caller has already computed it."""
    directory = cache_dir()
    dirs = [bundled_rules_dir(), *extra_dirs]
    path = None
    if directory is not None:
        try:
            path = directory / f"rules-{key or fingerprint(dirs)}.pickle"
        except OSError:
            path = None
        if path is not None and path.is_file():
            book = _read_cache(path)
            if book is not None:
                return book
    book = compile_rulebook(tokenizer, extra_dirs)
    if verify is not None:
        verify(book)
    if path is not None:
        _write_cache(path, book)
    return book
