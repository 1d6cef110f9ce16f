"""Record what every one-click suggestion does to every flag example, in the rule files.

    PYTHONPATH=src python bench/record_fixes.py [--only RULE ...] [--advice RULE=SUGGESTION ...]
                                                [--review review.tsv]

For each rule it (1) writes as advice every suggestion that holds a placeholder or
a note ("(name them)", "[the tools]", "…"), every one given with `--advice`, and
every one-click suggestion that replaces words in none of the flag examples; and
(2) makes advice of every one-click suggestion that reads badly in some flag
example, as far as a machine can tell (a word said twice, a wrong a/an, or, with
the trained spaCy pipeline installed, a first or last word tagged as another
part of speech than the words it replaces: "colleagues [is alcoholic]" -> "colleagues
person in recovery"); and (3) records, under a `fixed:` block at the end of the file, the text each flag
example becomes with each one-click suggestion, as `fix.apply_suggestion` gives it.
`tests/test_rule_examples.py` then checks those texts. The files are edited as
text: only the `suggestions:` line and the `fixed:` block change, every other line
stays byte for byte (and `fix:` becomes display-only where every suggestion
turned out to be advice). In a table file (`table:`, a family of rules) the row of
the rule is rewritten, and only that row. Read the recorded texts (`--review` writes them as a table)
and turn any that reads badly into a template or advice.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import yaml

from inclusivelint.fix.agreement import article_for
from inclusivelint.lint.engine import Linter
from inclusivelint.fix.edits import apply_suggestion, one_click
from inclusivelint.compile.fields import _PLACEHOLDER
from inclusivelint.compile.loader import rule_files
from inclusivelint.lint.trained import load as load_model

ROOT = Path(__file__).resolve().parents[1]
HEADER = "fixed:  # each flag example with each one-click suggestion (bench/record_fixes.py)\n"


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is a subset of it)."""
    return json.dumps(text, ensure_ascii=False)


def top_level_block(lines: list[str], key: str) -> tuple[int, int] | None:
    """Line range [a, b) of a top-level `key:` and its indented continuation."""
    for a, line in enumerate(lines):
        if line.startswith(f"{key}:"):
            b = a + 1
            while b < len(lines) and (lines[b].startswith((" ", "-", "\t")) or not lines[b].strip()):
                b += 1
            while b > a + 1 and not lines[b - 1].strip():
                b -= 1
            return a, b
    return None


def suggestion_line(texts: list[str], advice: set[str]) -> str:
    items = [f"{{advice: {q(t)}}}" if t in advice else q(t) for t in texts]
    return f"suggestions: [{', '.join(items)}]\n"


def rule_sources(rules_dir: Path) -> dict[str, tuple[Path, str | None]]:
    """Where each rule is written: its file, and its row id when the file is a table."""
    out: dict[str, tuple[Path, str | None]] = {}
    for path in rule_files(rules_dir):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and "table" in data:
            out.update({row["id"]: (path, row["id"]) for row in data["rows"]})
        else:
            out[path.stem] = (path, None)
    return out


def _row_span(lines: list[str], row_id: str) -> tuple[int, int]:
    """Line range [a, b) of the table row `- id: row_id` (up to the next row or the end)."""
    a = next(i for i, line in enumerate(lines) if line.rstrip() == f"  - id: {row_id}")
    b = a + 1
    while b < len(lines) and not lines[b].startswith("  - id: "):
        b += 1
    while b > a + 1 and not lines[b - 1].strip():
        b -= 1
    return a, b


def edit_row(path: Path, row_id: str, change) -> bool:
    """Rewrite one row of a table file with `change(row)` (which edits the row's dict and
    returns whether it changed anything); the other rows stay byte for byte."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    a, b = _row_span(lines, row_id)
    (row,) = yaml.safe_load("".join(line[2:] for line in lines[a:b]))
    if not change(row):
        return False
    if "fixed" in row:  # recorded texts stand before the examples, as in rule files
        row = {k: v for k, v in row.items() if k not in ("flag", "pass")} | \
              {k: row[k] for k in ("flag", "pass") if k in row}
    block = yaml.safe_dump([row], sort_keys=False, allow_unicode=True, width=100, default_flow_style=None)
    lines[a:b] = ["  " + line if line.strip() else line for line in block.splitlines(keepends=True)]
    path.write_text("".join(lines), encoding="utf-8")
    return True


def _advice_wanted(suggestions: list, extra: set[str]) -> tuple[list[str], set[str], set[str]]:
    """A suggestions list's texts, those already advice, and those that should be: the
    advice, every placeholder or note, and `extra`."""
    texts, advice = [], set()
    for item in suggestions:
        if isinstance(item, dict):
            advice.add(item["advice"])
            item = item["advice"]
        texts.append(item)
    return texts, advice, advice | {t for t in texts if _PLACEHOLDER.search(t)} | (extra & set(texts))


def _row_advice(row: dict, extra: set[str], table_fix: str) -> bool:
    texts, advice, wanted = _advice_wanted(row["suggestions"], extra)
    if wanted == advice:
        return False
    row["suggestions"] = [{"advice": t} if t in wanted else t for t in texts]
    row.pop("fixed", None)
    if all(t in wanted for t in texts) and row.get("fix", table_fix) != "display-only":
        row["fix"] = "display-only"
    return True


def mark_advice(path: Path, extra: set[str], row_id: str | None = None) -> bool:
    """Rewrite the suggestions line with placeholders and `extra` as advice; True if changed."""
    if row_id is not None:
        table_fix = yaml.safe_load(path.read_text(encoding="utf-8")).get("fix", "display-only")
        return edit_row(path, row_id, lambda row: _row_advice(row, extra, table_fix))
    source = path.read_text(encoding="utf-8")
    texts, advice, wanted = _advice_wanted(yaml.safe_load(source)["suggestions"], extra)
    if wanted == advice:
        return False
    lines = source.splitlines(keepends=True)
    a, b = top_level_block(lines, "suggestions")
    lines[a:b] = [suggestion_line(texts, wanted)]
    block = top_level_block(lines, "fixed")
    if block is not None:  # recorded again below; its old entries may name the new advice
        del lines[block[0]:block[1]]
    path.write_text("".join(lines), encoding="utf-8")
    if demote_fix(path):
        print(f"{path.stem}: fix: display-only (every suggestion is advice)", file=sys.stderr)
    return True


def write_fixed(path: Path, records: dict[str, dict[str, str]], row_id: str | None = None) -> None:
    if row_id is not None:
        def change(row: dict) -> bool:
            old = row.pop("fixed", None)
            if records:
                row["fixed"] = records
            return old != (records or None)

        edit_row(path, row_id, change)
        return
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    block = top_level_block(lines, "fixed")
    if block is not None:
        del lines[block[0]:block[1]]
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    if records:
        lines.append(HEADER)
        for example, by_suggestion in records.items():
            lines.append(f"  {q(example)}:\n")
            lines += [f"    {q(s)}: {q(t)}\n" for s, t in by_suggestion.items()]
    path.write_text("".join(lines), encoding="utf-8")


_CLASS = {"NOUN": "N", "PROPN": "N", "PRON": "N", "NUM": "N", "ADJ": "N", "VERB": "V", "AUX": "V"}


def changed_region(before: str, after: str) -> tuple[int, int, int]:
    """(start, end in before, end in after) of the words that differ."""
    i = 0
    while i < min(len(before), len(after)) and before[i] == after[i]:
        i += 1
    j = 0
    while j < min(len(before), len(after)) - i and before[-1 - j] == after[-1 - j]:
        j += 1
    while i > 0 and after[i - 1].isalnum():
        i -= 1
    return i, len(before) - j, len(after) - j


def _part(token) -> str:
    """A coarse part of speech: nouns, adjectives, participles and determiners alike (each
    can start, modify or head a noun phrase), verbs, and the rest by their own tag."""
    if token.tag_ in ("VBG", "VBN") or token.pos_ == "DET":
        return "N"  # "paying" / "building", "impaired" / "deaf", "the elderly" / "older people"
    return _CLASS.get(token.pos_, token.pos_)


def doubts(nlp, before: str, after: str) -> list[str]:
    """Why `after` may read badly: a word said twice, a wrong a/an, or a replacement whose
    first or last word plays another part (noun, verb ...) than the words it replaced."""
    if after == before:
        return []
    out = []
    words = re.findall(r"[\w’']+", after.lower())
    out += [f"twice: {a}" for a, b in zip(words, words[1:]) if a == b and a not in ("that", "had")]
    out += [f"article: {m.group(0)}" for m in re.finditer(r"\b(an?) ([A-Za-z]+)", after, re.I)
            if article_for(m.group(2)) != m.group(1).lower()]
    if nlp is not None:
        a, b_end, a_end = changed_region(before, after)
        old = [t for t in nlp(before) if a <= t.idx < b_end and not (t.is_punct or t.is_space)]
        new = [t for t in nlp(after) if a <= t.idx < a_end and not (t.is_punct or t.is_space)]
        for side in (0, -1):
            if not (old and new) or old[side].pos_ == "PROPN" and old[side].text[:1].isupper():
                continue  # a capitalised word tagged as a name says nothing of its part
            if _part(old[side]) != _part(new[side]):
                out.append(f"part: {old[side].text}/{old[side].pos_} -> {new[side].text}/{new[side].pos_}")
    return out


def demote_fix(path: Path) -> bool:
    """`fix: display-only` for a rule whose suggestions are all advice (nothing to apply)."""
    source = path.read_text(encoding="utf-8")
    data = yaml.safe_load(source)
    if data.get("fix", "display-only") == "display-only":
        return False
    if any(not isinstance(item, dict) for item in data["suggestions"]):
        return False
    lines = source.splitlines(keepends=True)
    a, b = top_level_block(lines, "fix")
    lines[a:b] = ["fix: display-only\n"]
    path.write_text("".join(lines), encoding="utf-8")
    return True


def record(linter: Linter, rule, nlp=None) -> tuple[dict[str, dict[str, str]], set[str]]:
    """The texts for each flag example x one-click suggestion, and the suggestions that fit none."""
    only = frozenset({rule.id})
    records: dict[str, dict[str, str]] = {}
    used: set[str] = set()
    doubtful: set[str] = set()
    for ex in rule.flag_examples:
        found = linter.lint(ex.text, input_format="text", only=only, directives=False)
        if not found:
            continue
        for suggestion in one_click(found[0]):
            got = apply_suggestion(ex.text, found, suggestion)
            records.setdefault(ex.text, {})[suggestion] = got
            if got != ex.text:
                used.add(suggestion)
            if doubts(nlp, ex.text, got):
                doubtful.add(suggestion)
    unused = ({s for s in rule.suggestions if s not in rule.advice} - used) | doubtful
    return records, unused


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rules", type=Path, default=ROOT / "rules")
    ap.add_argument("--only", nargs="*", default=None, help="rule ids (default: all)")
    ap.add_argument("--advice", action="append", default=[], metavar="RULE=SUGGESTION")
    ap.add_argument("--review", type=Path, help="write rule, suggestion, before, after as TSV")
    ap.add_argument("--keep-doubtful", action="store_true",
                    help="record suggestions whose text the tagger doubts instead of making them advice")
    args = ap.parse_args(argv)
    extra: dict[str, set[str]] = {}
    for item in args.advice:
        rule_id, _, suggestion = item.partition("=")
        extra.setdefault(rule_id, set()).add(suggestion)
    paths = rule_sources(args.rules)
    chosen = sorted(paths) if args.only is None else args.only
    for rule_id in chosen:
        mark_advice(paths[rule_id][0], extra.get(rule_id, set()), paths[rule_id][1])
        write_fixed(paths[rule_id][0], {}, paths[rule_id][1])  # recorded afresh below
    nlp = None if args.keep_doubtful else load_model("auto")
    for _ in range(3):  # a suggestion found to fit nothing becomes advice; then record again
        linter = Linter(())
        changed = False
        rows = []
        for rule_id in chosen:
            rule = linter.rulebook.rules[rule_id]
            records, unused = record(linter, rule, nlp)
            if unused:
                changed |= mark_advice(paths[rule_id][0], unused, paths[rule_id][1])
                continue
            write_fixed(paths[rule_id][0], records, paths[rule_id][1])
            rows += [(rule_id, s, ex, t) for ex, by in records.items() for s, t in by.items()]
        if not changed:
            break
    if args.review:
        with args.review.open("w", encoding="utf-8") as out:
            for row in rows:
                out.write("\t".join(x.replace("\t", " ").replace("\n", "⏎") for x in row) + "\n")
    print(f"recorded {len(rows)} texts for {len(chosen)} rules", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
