"""How the peers' own test cases fare: alex/retext-equality and woke.

    python bench/peers.py

For every distinct peer term the peers expect to flag, whether inclusivelint
flags it in at least one of the peers' own sentences (overlapping the expected
span), and for the peers' expect-no-flag rows, how many we leave alone. Terms
we judge not exclusionary are listed, with the reason, in docs/catalog-notes/;
this script reports raw figures, before those judgements.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

from inclusivelint.lint.engine import Linter

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
FILES = ("peer_retext_equality.jsonl", "peer_woke_rules.jsonl")
# Outside the scope of the issue (profanity) or not ours to flag (retext's plain pronoun checks).
SKIP_SOURCES = ("retext-profanities",)


def main() -> int:
    linter = Linter()
    for name in FILES:
        path = EVAL / name
        if not path.is_file():
            print(f"{path} not found", file=sys.stderr)
            return 2
        rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
        rows = [r for r in rows if not any(s in r["source"] for s in SKIP_SOURCES)]
        terms = defaultdict(bool)
        false_ok = false_total = 0
        for r in rows:
            found = linter.lint(r["text"], input_format="text")
            if r["expect_flag"]:
                spans = r.get("expect_spans") or []
                hit = any(f.start < e and s < f.end for f in found for s, e in spans) if spans else bool(found)
                for term in r.get("expect_terms") or r["peer_rule"]:
                    terms[term.lower()] |= hit
            else:
                false_total += 1
                false_ok += not found
        flagged = sum(terms.values())
        print(f"{name}: {flagged}/{len(terms)} distinct expected terms flagged in the peer's own sentences "
              f"({flagged / len(terms):.0%}); {false_ok}/{false_total} expect-no-flag rows left alone")
    return 0


if __name__ == "__main__":
    sys.exit(main())
