"""Precision and recall on the labeled development set (tests/devset/*.yaml).

    python bench/devset.py              # overall, per category, per context
    python bench/devset.py --errors     # also list every false positive and false negative
    python bench/devset.py --set tests/heldout   # the held-out set, never used to tune rules

A snippet's gold spans are written `[[span|category]]`; `trap: true` snippets
must produce nothing. A finding is a true positive when it overlaps a gold span
(its category is checked separately and reported as a mismatch); a finding that
overlaps none is a false positive; a gold span no finding overlaps is a false
negative. The set was written independently of the rules, to measure them.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

from inclusivelint.lint.engine import Linter

DEVSET = Path(__file__).resolve().parents[1] / "tests" / "devset"
_MARK = re.compile(r"\[\[(.+?)\|([a-z-]+)\]\]", re.S)


@dataclass(frozen=True)
class Snippet:
    context: str
    text: str
    gold: tuple[tuple[int, int, str], ...]
    trap: bool


def load(directory: Path = DEVSET) -> list[Snippet]:
    out = []
    files = [directory] if directory.is_file() else sorted(directory.glob("*.yaml"))
    for path in files:
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")):
            raw = entry["text"]
            gold, parts, last = [], [], 0
            for m in _MARK.finditer(raw):
                parts.append(raw[last:m.start()])
                start = sum(map(len, parts))
                parts.append(m.group(1))
                gold.append((start, start + len(m.group(1)), m.group(2)))
                last = m.end()
            parts.append(raw[last:])
            context = entry.get("context", path.stem)
            out.append(Snippet(context, "".join(parts), tuple(gold), bool(entry.get("trap"))))
    return out


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def scores(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


def score(linter: Linter, snippets: list[Snippet]):
    overall, by_cat, by_ctx = Tally(), defaultdict(Tally), defaultdict(Tally)
    errors, mismatches = [], Counter()
    for snip in snippets:
        found = [f for f in linter.lint(snip.text, input_format="text") if f.rule_id != "unused-directive"]
        matched_gold = set()
        for f in found:
            hits = [g for g in snip.gold if f.start < g[1] and g[0] < f.end]
            if hits:
                for t in (overall, by_cat[f.category], by_ctx[snip.context]):
                    t.tp += 1
                matched_gold.update(hits)
                if all(g[2] != f.category for g in hits):
                    mismatches[(hits[0][2], f.category)] += 1
            else:
                for t in (overall, by_cat[f.category], by_ctx[snip.context]):
                    t.fp += 1
                errors.append(("FP", snip, f"{f.rule_id}: {snip.text[f.start:f.end]!r}"))
        for g in snip.gold:
            if g not in matched_gold:
                for t in (overall, by_cat[g[2]], by_ctx[snip.context]):
                    t.fn += 1
                errors.append(("FN", snip, f"{g[2]}: {snip.text[g[0]:g[1]]!r}"))
    return overall, by_cat, by_ctx, errors, mismatches


def _row(name: str, t: Tally) -> str:
    p, r, f = t.scores()
    return f"  {name:<16} P {p:.3f}  R {r:.3f}  F1 {f:.3f}   (tp {t.tp}, fp {t.fp}, fn {t.fn})"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--errors", action="store_true", help="list false positives and negatives")
    ap.add_argument("--set", type=Path, default=DEVSET, help="a folder or file of labeled snippets")
    args = ap.parse_args(argv)
    snippets = load(args.set)
    overall, by_cat, by_ctx, errors, mismatches = score(Linter(), snippets)
    traps = sum(s.trap for s in snippets)
    print(f"{len(snippets)} snippets ({traps} traps), {sum(len(s.gold) for s in snippets)} gold spans")
    print(_row("overall", overall))
    print("by category:")
    for cat in sorted(by_cat):
        print(_row(cat, by_cat[cat]))
    print("by context:")
    for ctx in sorted(by_ctx):
        print(_row(ctx, by_ctx[ctx]))
    if mismatches:
        print("category mismatches (gold -> found): " +
              ", ".join(f"{g}->{f} {n}" for (g, f), n in mismatches.most_common()))
    if args.errors:
        for kind, snip, what in errors:
            print(f"{kind} [{snip.context}] {what}  in {snip.text!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
