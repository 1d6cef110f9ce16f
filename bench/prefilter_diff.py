"""Prefiltered and whole-text runs must find exactly the same: count the differences.

    python bench/prefilter_diff.py               # every file of ../shared/eval/corpus/
    python bench/prefilter_diff.py --every 20    # every 20th file (a quick look)

The candidate prefilter (`inclusivelint.lint.prefilter`) tokenizes and matches only
windows around possible candidates. This lints each corpus file twice, with the
prefilter and without it (`Linter(prefilter=False)`), and compares the findings
field by field (offsets, rule, message, everything). Prints the number of files that
differ, the first differences, and how much of the text the windows covered;
exits 1 when anything differs.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Iterable, Iterator

ROOT = Path(__file__).resolve().parents[1]
# A git worktree elsewhere can point at the corpus with INCLUSIVELINT_CORPUS.
DEFAULT_CORPUS = Path(os.environ.get("INCLUSIVELINT_CORPUS") or ROOT.parent / "shared" / "eval" / "corpus")
CORPORA = (("docs", "*.md"), ("jobs", "*.txt"))


def corpus_files(root: Path, every: int = 1) -> list[Path]:
    """The corpus files (docs Markdown, then job ads), every `every`-th of each."""
    out: list[Path] = []
    for sub, glob in CORPORA:
        out += sorted((root / sub).rglob(glob))[::every]
    return out


def differences(prefiltered, whole, documents: Iterable[tuple[str, str]]) -> Iterator[tuple[str, list, list]]:
    """(path, findings only the prefiltered run has, findings only the whole run has)
    for each document on which the two linters disagree."""
    for path, text in documents:
        a, b = prefiltered.lint(text, path=path), whole.lint(text, path=path)
        if a != b:
            yield path, [f for f in a if f not in b], [f for f in b if f not in a]


def coverage(linter, documents: Iterable[tuple[str, str]]) -> tuple[int, int, int, int]:
    """(documents, of them answered without spaCy, projected characters, of them in windows)."""
    from inclusivelint.read import regions
    from inclusivelint.read.projection import project

    docs = clean = chars = windowed = 0
    for path, text in documents:
        proj = project(text, regions.segments(text, regions.format_for_path(path), path)).text
        windows = linter.prefilter.windows(proj)
        docs += 1
        chars += len(proj)
        clean += windows == []
        windowed += len(proj) if windows is None else sum(b - a for a, b in windows)
    return docs, clean, chars, windowed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--every", type=int, default=1, help="check every n-th file only")
    ap.add_argument("--show", type=int, default=10, help="differences to print")
    args = ap.parse_args(argv)
    if not args.root.is_dir():
        print(f"corpus not found at {args.root}; pass --root", file=sys.stderr)
        return 2
    from inclusivelint.lint.engine import Linter

    prefiltered, whole = Linter(), Linter(prefilter=False)
    files = corpus_files(args.root, args.every)
    documents = [(str(p), p.read_text(encoding="utf-8", errors="replace")) for p in files]
    t0 = time.perf_counter()
    found = list(differences(prefiltered, whole, documents))
    seconds = time.perf_counter() - t0
    for path, only_pre, only_whole in found[:args.show]:
        print(f"{path}:")
        for f in only_pre:
            print(f"  only prefiltered: {f.rule_id} {f.start}-{f.end} {f.matched!r}")
        for f in only_whole:
            print(f"  only whole:       {f.rule_id} {f.start}-{f.end} {f.matched!r}")
    docs, clean, chars, windowed = coverage(prefiltered, documents)
    print(f"{len(found)} of {len(files)} files differ ({seconds:.0f} s); windows cover {windowed / chars:.0%} "
          f"of the projected text, {clean} files need no tokenizing at all")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
