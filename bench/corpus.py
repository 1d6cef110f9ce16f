"""Flags on real text: how often the linter fires, which rules, and a sample to review.

    python bench/corpus.py                      # both corpora, summary
    python bench/corpus.py --sample 100 --seed 1 --out /tmp/sample.tsv
    python bench/corpus.py --corpus jobs --top 30

Reads ../shared/eval/corpus/ (relative to the repository; override with --root).
Words are whitespace-separated words of the raw files, as in the corpus's own
SOURCES.md. Nothing from the corpus is written into the repository.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

from inclusivelint.lint.engine import Linter

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "eval" / "corpus"
CORPORA = {"docs": ("docs", "*.md"), "jobs": ("jobs", "*.txt")}


def run(linter: Linter, folder: Path, glob: str, only=None):
    words = 0
    flags = []
    for path in sorted(folder.rglob(glob)):
        text = path.read_text(encoding="utf-8", errors="replace")
        words += len(text.split())
        for f in linter.lint(text, path=str(path), only=only):
            flags.append((path, text, f))
    return words, flags


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--corpus", choices=sorted(CORPORA), action="append")
    ap.add_argument("--select", action="append", default=None, help="rule ids or categories")
    ap.add_argument("--top", type=int, default=15)
    ap.add_argument("--sample", type=int, default=0, help="write N random flags per corpus for review")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=None, help="TSV file for the sample (default: stdout)")
    args = ap.parse_args(argv)
    if not args.root.is_dir():
        print(f"corpus not found at {args.root}; pass --root", file=sys.stderr)
        return 2
    linter = Linter()  # the tests check examples; measure what is there
    only = linter.selection(args.select) if args.select else None
    sample_rows = []
    for name in args.corpus or sorted(CORPORA):
        sub, glob = CORPORA[name]
        t0 = time.perf_counter()
        words, flags = run(linter, args.root / sub, glob, only)
        secs = time.perf_counter() - t0
        per10k = len(flags) / words * 10_000 if words else 0.0
        print(f"{name}: {words:,} words, {len(flags):,} flags, {per10k:.2f} flags per 10k words "
              f"({secs:.1f} s, {words / secs:,.0f} words/s)")
        by_rule = Counter(f.rule_id for _, _, f in flags)
        by_cat = Counter(f.category for _, _, f in flags)
        print("  by category: " + ", ".join(f"{c} {n}" for c, n in by_cat.most_common()))
        for rule_id, n in by_rule.most_common(args.top):
            print(f"  {n:5d}  {rule_id}")
        if args.sample:
            rng = random.Random(args.seed)
            for path, text, f in rng.sample(flags, min(args.sample, len(flags))):
                ctx = " ".join(text[max(0, f.start - 90):f.end + 90].split())
                sample_rows.append(f"{name}\t{path.relative_to(args.root)}:{f.line}\t{f.rule_id}\t"
                                   f"{' '.join(f.matched.split())}\t{ctx}")
    if sample_rows:
        body = "corpus\twhere\trule\tmatched\tcontext\n" + "\n".join(sample_rows) + "\n"
        if args.out:
            args.out.write_text(body, encoding="utf-8")
            print(f"sample of {len(sample_rows)} flags written to {args.out}")
        else:
            print(body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
