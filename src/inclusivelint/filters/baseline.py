"""Start quiet: a baseline of known findings, and runs that report only what is new.

A finding is remembered by its file, its rule, the words it matched and a few words
of context either side, never by its line number, so editing elsewhere in a file does
not make old findings new again. The same key repeated in a file is stored once with a
count: two old "culture fit"s in a paragraph stay quiet, a third one is reported.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections import Counter
from pathlib import Path
from typing import Iterable, NamedTuple

from inclusivelint.errors import BaselineError
from inclusivelint.lint.finding import Finding
from inclusivelint.read.lines import LineIndex

VERSION = 1
CONTEXT_WORDS = 3  # words of context kept either side of the match
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w[\w'’-]*")


class Key(NamedTuple):
    path: str
    rule: str
    matched: str
    context: str


def _squash(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def context(text: str, lines: LineIndex, f: Finding, words: int = CONTEXT_WORDS) -> str:
    """Up to `words` words before and after the match on its own lines, the match
    itself as "…"; punctuation and spacing are left out, so retyping them does not make
    an old finding new (empty for a file linted in chunks)."""
    if not text:
        return ""
    start, _ = lines.line_span(f.line, text)
    _, end = lines.line_span(f.end_line, text)
    before = _WORD.findall(text[start:f.start])[-words:] if words else []
    after = _WORD.findall(text[f.end:end])[:words] if words else []
    return " ".join([*before, "…", *after])


def relative(path: str | None, root: Path) -> str:
    """`path` as stored: relative to `root` (the baseline's folder) where it can be."""
    if not path or path == "-":
        return "-"
    real = Path(path).resolve()
    try:
        return real.relative_to(root).as_posix()
    except ValueError:
        return real.as_posix()


def keys(text: str, findings: Iterable[Finding], root: Path) -> list[Key]:
    lines = LineIndex(text)
    return [Key(relative(f.path, root), f.rule_id, _squash(f.matched), context(text, lines, f))
            for f in findings]


def write(path: Path, checked: Iterable[tuple[str, list[Finding]]]) -> int:
    """Write the baseline of every finding in `checked` ((text, findings) per file);
    returns how many findings it holds. The file is replaced atomically."""
    root = path.resolve().parent
    counts: Counter[Key] = Counter()
    for text, findings in checked:
        counts.update(keys(text, findings, root))
    entries = [{**key._asdict(), "count": n} for key, n in sorted(counts.items())]
    data = json.dumps({"version": VERSION, "tool": "inclusivelint", "findings": entries},
                      ensure_ascii=False, indent=2) + "\n"
    try:
        fd, tmp = tempfile.mkstemp(dir=root, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(data)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError as exc:
        raise BaselineError(str(path), "", f"cannot write the baseline: {exc.strerror or exc}") from None
    return sum(counts.values())


class Baseline:
    """The known findings; `new()` lets through only those beyond the baseline's counts."""

    def __init__(self, path: Path, counts: Counter[Key]):
        self.root = path.resolve().parent
        self.by_path: dict[str, Counter[Key]] = {}
        for key, n in counts.items():
            self.by_path.setdefault(key.path, Counter())[key] = n

    @classmethod
    def load(cls, path: Path) -> "Baseline":
        shown = str(path)
        try:
            raw = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise BaselineError(shown, "", f"cannot read the baseline: {exc.strerror or exc}") from None
        except UnicodeDecodeError:
            raise BaselineError(shown, "", "not a baseline: the file is not UTF-8 text") from None
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise BaselineError(shown, "", f"not valid JSON: {exc.msg}", line=exc.lineno) from None
        if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
            raise BaselineError(shown, "findings", "missing: write one with `check --write-baseline FILE`")
        if data.get("version") != VERSION:
            raise BaselineError(shown, "version", f"expected {VERSION}, found {data.get('version')!r}")
        counts: Counter[Key] = Counter()
        for i, entry in enumerate(data["findings"]):
            try:
                key = Key(*(entry[field] for field in Key._fields))
                count = entry.get("count", 1)
            except (KeyError, TypeError):
                raise BaselineError(shown, f"findings[{i}]",
                                    f"needs {', '.join(Key._fields)} and count") from None
            if not all(isinstance(v, str) for v in key) or not isinstance(count, int) or count < 1:
                raise BaselineError(shown, f"findings[{i}]", "fields must be strings and count a positive integer")
            counts[key] += count
        return cls(path, counts)

    def new(self, text: str, findings: list[Finding]) -> list[Finding]:
        """The findings of one file (its text and all its findings) that the baseline
        does not account for. Calling it again for the same file starts afresh."""
        out = []
        found = keys(text, findings, self.root)
        left = Counter(self.by_path.get(found[0].path, ())) if found else Counter()
        for f, key in zip(findings, found, strict=True):
            if left[key] > 0:
                left[key] -= 1
            else:
                out.append(f)
        return out
