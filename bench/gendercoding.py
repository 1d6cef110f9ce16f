"""How many gender-coding verdicts change when words naming the job's own work are set apart.

Reads every ad under ../shared/eval/corpus/jobs/ (relative to the repository;
override with --root) and, for each, compares the verdict counting every coded
word (as before issue 12) with the verdict counting only the words that describe
the person or the culture (words of a family the title names are shown apart).

    python bench/gendercoding.py [--root DIR] [--examples N]

Prints the counts of old -> new verdicts, which families the changed ads set
apart, how many ads have a title the analysis recognised, and a few examples.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from inclusivelint.analysis.document import Document  # noqa: E402
from inclusivelint.analysis.gender import PER_WORDS, gender_coding, verdict_for  # noqa: E402

DEFAULT_JOBS = ROOT.parent / "shared" / "eval" / "corpus" / "jobs"


def previous_verdict(gc) -> str:
    """The verdict with the job-work words counted too (the rule before issue 12)."""
    m = gc.masculine + sum(c.count for c in gc.job_work if c.coding == "masculine")
    f = gc.feminine + sum(c.count for c in gc.job_work if c.coding == "feminine")
    return verdict_for(round((f - m) * PER_WORDS / max(gc.words, PER_WORDS), 2))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, default=DEFAULT_JOBS, help="folder of job ads (*.txt)")
    ap.add_argument("--examples", type=int, default=5)
    args = ap.parse_args(argv)
    paths = sorted(args.root.rglob("*.txt"))
    if not paths:
        print(f"no ads under {args.root}", file=sys.stderr)
        return 2
    before, after, moves, stems, titled = Counter(), Counter(), Counter(), Counter(), 0
    examples = []
    for path in paths:
        gc = gender_coding(Document(path.read_text(encoding="utf-8")))
        old = previous_verdict(gc)
        before[old] += 1
        after[gc.verdict] += 1
        titled += gc.job_title is not None
        if old != gc.verdict:
            moves[(old, gc.verdict)] += 1
            stems.update({c.stem for c in gc.job_work})
            if len(examples) < args.examples:
                words = ", ".join(f"{c.word} x{c.count}" for c in gc.job_work)
                examples.append(f"  {path.relative_to(args.root)}: \"{gc.job_title}\": {words}: "
                                f"{old} -> {gc.verdict}")
    changed = sum(moves.values())
    print(f"{len(paths)} ads; title recognised in {titled}; verdict changed in {changed}")
    print("verdicts before -> after:")
    for verdict in sorted(set(before) | set(after)):
        print(f"  {verdict:26} {before[verdict]:5} -> {after[verdict]:5}")
    print("changes:")
    for (old, new), n in moves.most_common():
        print(f"  {old} -> {new}: {n}")
    print("families set apart in the changed ads (an ad may set apart several):")
    for stem, n in stems.most_common():
        print(f"  {stem}: {n}")
    if examples:
        print("examples:")
        print("\n".join(examples))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
