"""Suggestions against a blind judgement: how many one-click texts a careful editor rejected.

    PYTHONPATH=src python bench/judged.py [--corpus ../shared/eval/corpus] [--list]

`bench/judged/suggestions.jsonl` holds 1,457 texts that an editor who had not seen
the rules judged "ok" or "bad" (with why) in December 2026: every rule's flag
examples with each suggestion that was one-click then (`example`, `after`), and real
corpus sentences (by path and hash: the corpus is not copied here). This reports, for
the engine as it is now, how many judged-bad texts are still offered as one click
(must be 0; a judged-bad text about a quoted or mentioned word, `mention`, is a
matching problem and is counted apart) and how many judged-ok texts it still gives.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
JUDGED = ROOT / "bench" / "judged" / "suggestions.jsonl"
DEFAULT_CORPUS = ROOT.parent / "shared" / "eval" / "corpus"


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def load(path: Path = JUDGED) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def offered(linter, items: list[dict], corpus: Path | None) -> list[tuple[dict, bool]]:
    """Each judged item with whether the engine still offers that very text as one click."""
    from inclusivelint.fix.edits import Edit, apply_suggestion, edit_for, one_click, sentence_preview

    out = []
    by_file: dict[str, list[dict]] = {}
    for item in items:
        if "example" in item:
            found = linter.lint(item["example"], input_format="text", only=frozenset({item["rule"]}),
                                directives=False)
            still = bool(found) and item["suggestion"] in one_click(found[0]) and \
                apply_suggestion(item["example"], found, item["suggestion"]) == item["after"]
            out.append((item, still))
        elif corpus is not None:
            by_file.setdefault(item["path"], []).append(item)
    for rel, wanted in by_file.items():
        path = corpus / rel
        texts: set[tuple[str, str, str]] = set()
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            for f in linter.lint(text, path=str(path)):
                before = _sha(sentence_preview(text, Edit(f.start, f.end, text[f.start:f.end], f.rule_id)))
                for suggestion in one_click(f):
                    edit = edit_for(text, f, suggestion)
                    if edit is not None:
                        texts.add((f.rule_id, suggestion, before + _sha(sentence_preview(text, edit))))
        out += [(item, (item["rule"], item["suggestion"], item["before_sha"] + item["after_sha"]) in texts)
                for item in wanted]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--list", action="store_true", help="list the judged-bad texts still offered")
    args = ap.parse_args(argv)
    from inclusivelint.lint.engine import default_linter

    corpus = args.corpus if args.corpus.is_dir() else None
    items = load()
    results = offered(default_linter(), items, corpus)
    counts = Counter()
    for item, still in results:
        kind = "bad-mention" if item.get("mention") else item["verdict"]
        counts[kind, still] += 1
    judged = len(results)
    print(f"judged texts checked: {judged} of {len(items)}"
          + ("" if corpus else " (corpus absent: real sentences skipped)"))
    print(f"  judged ok, still offered:            {counts['ok', True]} of {counts['ok', True] + counts['ok', False]}")
    print(f"  judged bad, still offered:           {counts['bad', True]} of {counts['bad', True] + counts['bad', False]}"
          "   (must be 0)")
    print(f"  judged bad for quoting a word, still: {counts['bad-mention', True]} of "
          f"{counts['bad-mention', True] + counts['bad-mention', False]}   (a matching problem)")
    if args.list:
        for item, still in results:
            if still and item["verdict"] == "bad":
                print(f"  {item['rule']}: {item['suggestion']!r}: {item.get('after', item.get('path'))}  ({item['why']})")
    return 1 if counts["bad", True] else 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    raise SystemExit(main())
