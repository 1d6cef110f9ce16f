"""The rule catalogue table in the README, generated from the rule files.

    python bench/catalog.py            # rewrite the table between the README's markers
    python bench/catalog.py --check    # exit 1 if the README's table is out of date (used by the tests)
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

from inclusivelint.compile.loader import SOURCES_FILE, bundled_rules_dir, load_rules, load_sources

README = Path(__file__).resolve().parents[1] / "README.md"
START, END = "<!-- catalog:start -->", "<!-- catalog:end -->"


def table() -> str:
    rules_dir = bundled_rules_dir()
    rules = load_rules(rules_dir, load_sources(rules_dir / SOURCES_FILE))
    by_cat = defaultdict(list)
    for r in rules:
        by_cat[r.category].append(r)
    lines = ["| category | rules | error | warning | suggestion | autofix (safe / unsafe) | examples |",
             "| --- | ---: | ---: | ---: | ---: | ---: | --- |"]
    for cat in sorted(by_cat):
        rs = sorted(by_cat[cat], key=lambda r: r.id)
        sev = Counter(str(r.severity) for r in rs)
        fixes = Counter(r.fix for r in rs)
        sample = ", ".join(f"`{r.id}`" for r in rs[:6]) + (", …" if len(rs) > 6 else "")
        lines.append(f"| {cat} | {len(rs)} | {sev['error']} | {sev['warning']} | {sev['suggestion']} | "
                     f"{fixes['safe']} / {fixes['unsafe']} | {sample} |")
    total = Counter(str(r.severity) for r in rules)
    fixes = Counter(r.fix for r in rules)
    lines.append(f"| **all** | **{len(rules)}** | {total['error']} | {total['warning']} | "
                 f"{total['suggestion']} | {fixes['safe']} / {fixes['unsafe']} | "
                 "`inclusivelint rules` lists them all |")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args(argv)
    text = README.read_text(encoding="utf-8")
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    updated = f"{head}{START}\n{table()}\n{END}{tail}"
    if args.check:
        if updated != text:
            print("README's rule catalogue is out of date: run python bench/catalog.py", file=sys.stderr)
            return 1
        return 0
    README.write_text(updated, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
