"""Real sentences with each one-click suggestion applied, as JSON Lines for a blind judge.

    PYTHONPATH=src python bench/suggestions.py [--root ../shared/eval/corpus] [--limit 400]
                                               [--files N] [--seed 13] [-o suggestions.jsonl]

Reads the real-text corpora (../shared/eval/corpus/, relative to the repository;
override with --root), lints every file, and for a seeded sample of findings
writes one line per one-click suggestion the engine can apply there:
{"rule", "suggestion", "path", "before", "after"}, where before/after are the
whole sentence (or line) around the finding, as `fix.sentence_preview` shows it
on the page. A judge who did not write the rules marks each "after" acceptable
or not; the judged file becomes a test set. Advice is never written here: it is
never applied.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

from inclusivelint.lint.engine import default_linter
from inclusivelint.fix.edits import Edit, edit_for, one_click, sentence_preview

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "eval" / "corpus"


def rows_for(path: Path, shown: str, linter) -> list[dict]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    out = []
    for f in linter.lint(text, path=str(path)):
        before = sentence_preview(text, Edit(f.start, f.end, text[f.start:f.end], f.rule_id))
        for suggestion in one_click(f):
            edit = edit_for(text, f, suggestion)
            if edit is not None:
                out.append({"rule": f.rule_id, "suggestion": suggestion, "path": shown,
                            "before": before, "after": sentence_preview(text, edit)})
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--root", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--limit", type=int, default=400, help="findings to sample (0: all)")
    ap.add_argument("--files", type=int, default=0, help="lint a seeded sample of this many files (0: all)")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("-o", "--output", type=Path, default=None, help="default: standard output")
    args = ap.parse_args(argv)
    if not args.root.is_dir():
        print(f"no corpus at {args.root} (use --root)", file=sys.stderr)
        return 2
    linter = default_linter()
    rows = []
    paths = sorted(p for p in args.root.rglob("*") if p.suffix in (".md", ".txt") and p.is_file())
    if args.files:
        paths = sorted(random.Random(args.seed).sample(paths, min(args.files, len(paths))))
    for path in paths:
        rows += rows_for(path, path.relative_to(args.root).as_posix(), linter)
    if args.limit:
        random.Random(args.seed).shuffle(rows)
        rows = sorted(rows[:args.limit], key=lambda r: (r["path"], r["rule"], r["suggestion"]))
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    if args.output is None:
        sys.stdout.write(lines)
    else:
        args.output.write_text(lines, encoding="utf-8")
    print(f"{len(rows)} suggestion texts", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
