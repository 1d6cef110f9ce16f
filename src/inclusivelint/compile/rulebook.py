"""The loaded, compiled rule set, cached on disk between runs.

Parsing a few hundred YAML files and generating every inflection costs far more
than a pre-commit run can spare, so the result is kept in the one disk cache
(`cache`), keyed by a hash of the rule files, the compiler's own code and the
versions of the libraries that shape the compiled form. Loading only reads and
compiles: checking that the rules' examples behave is `verify`'s job.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Callable, Sequence

from inclusivelint import cache
from inclusivelint.compile.loader import (
    NAMES_FILE, SOURCES_FILE, RuleError, bundled_rules_dir, load_names, load_rules, load_sources,
    rule_files,
)
from inclusivelint.compile.compiler import Compiled, compile_rules
from inclusivelint.compile.rule import Rule, Source

_COMPILER_MODULES = ("rule.py", "loader.py", "fields.py", "patterns.py", "inflect.py", "compiler.py", "rulebook.py")


@dataclass
class Rulebook:
    rules: dict[str, Rule]
    sources: dict[str, Source]
    names: tuple[str, ...] = ()  # proper names every rule leaves alone (`names.yaml`)
    extra_ids: frozenset[str] = frozenset()  # the rules that came from extra directories
    # The matcher patterns (`compiled`): only building the matcher or the prefilter reads
    # them, and both are cached themselves, so they are cached apart from the rules and
    # read on first use (4.5 MB that a warm run never holds).
    _compiled: Compiled | None = field(default=None, repr=False, compare=False)
    _load_compiled: Callable[[], Compiled] | None = field(default=None, repr=False, compare=False)

    @property
    def compiled(self) -> Compiled:
        if self._compiled is None:
            self._compiled = self._load_compiled()
        return self._compiled

    def __getstate__(self):
        return {**self.__dict__, "_compiled": None, "_load_compiled": None}

    @property
    def categories(self) -> list[str]:
        return sorted({r.category for r in self.rules.values()})

    @cached_property
    def document_rules(self) -> frozenset[str]:
        """Rules that read the whole document (`document:`); they run only when asked for."""
        return frozenset(rid for rid, r in self.rules.items() if r.document is not None)


def fingerprint(dirs: Sequence[Path]) -> str:
    """A hash of everything the compiled rulebook depends on (computed without importing spaCy)."""
    parts: list[str | bytes] = [cache.library_stamp("spacy"), cache.library_stamp("lemminflect")]
    # The code that shapes the compiled form is part of the key too, so a changed
    # compiler never meets an old cache (in a source checkout as in a release).
    here = Path(__file__).resolve().parent
    parts += [(here / module).read_bytes() for module in _COMPILER_MODULES]
    for directory in dirs:
        parts.append(str(directory.resolve()))
        for path in rule_files(directory) + [directory / SOURCES_FILE, directory / NAMES_FILE]:
            if path.is_file():
                parts += [path.relative_to(directory).as_posix(), path.read_bytes()]
    return cache.digest(*parts)


def compile_rulebook(tokenizer, extra_dirs: Sequence[Path] = (), *, bundled: bool = True) -> Rulebook:
    names: list[str] = []
    if bundled:
        home = bundled_rules_dir()
        sources = load_sources(home / SOURCES_FILE, f"rules/{SOURCES_FILE}")
        rules = load_rules(home, sources, require_evidence=True)
        bundled_ids = [r.id for r in rules]
        names += load_names(home / NAMES_FILE, f"rules/{NAMES_FILE}")
    else:
        sources, rules, bundled_ids = {}, [], []
    for directory in extra_dirs:
        if not directory.is_dir():
            raise RuleError(str(directory), "", "extra rules directory does not exist")
        extra_sources = directory / SOURCES_FILE
        if extra_sources.is_file():
            sources = {**sources, **load_sources(extra_sources)}
        if (directory / NAMES_FILE).is_file():
            names += load_names(directory / NAMES_FILE)
        extra = load_rules(directory, sources, label=str(directory))
        known = {r.id for r in rules}
        for rule in extra:
            if rule.id in known:
                raise RuleError(rule.path, "id", f"{rule.id!r} is already a bundled rule id")
        rules.extend(extra)
    by_id = {r.id: r for r in rules}
    names = list(dict.fromkeys(names))
    return Rulebook(by_id, sources, tuple(names), frozenset(by_id) - frozenset(bundled_ids),
                    _compiled=compile_rules(rules, tokenizer, names))


def rule_dirs(extra_dirs: Sequence[Path] = (), *, bundled: bool = True) -> list[Path]:
    return [bundled_rules_dir(), *extra_dirs] if bundled else list(extra_dirs)


def load_rulebook(tokenizer, extra_dirs: Sequence[Path] = (), *, bundled: bool = True,
                  key: str | None = None) -> tuple[Rulebook, bool]:
    """The rulebook from the cache, or freshly compiled; and whether it was compiled now.
    `key` is the rule files' `fingerprint`, when the caller has already computed it."""
    fresh = []

    def build() -> Rulebook:
        fresh.append(True)
        return compile_rulebook(tokenizer, extra_dirs, bundled=bundled)

    try:
        key = key or fingerprint(rule_dirs(extra_dirs, bundled=bundled))
    except OSError:
        return build(), True
    book = cache.cached("rules", key, build, accept=lambda value: isinstance(value, Rulebook))
    if fresh:  # the rules' entry leaves the patterns out: they have an entry of their own
        cache.cached("compiled", key, lambda: book._compiled, accept=_is_compiled)
    elif book._compiled is None:
        book._load_compiled = lambda: cache.cached(
            "compiled", key, lambda: compile_rules(list(book.rules.values()), tokenizer, list(book.names)),
            accept=_is_compiled)
    return book, bool(fresh)


def _is_compiled(value) -> bool:
    return isinstance(value, Compiled)
