"""Recall, precision and traps on the labelled real job ads (bench/realads/).

    python bench/realads.py                    # dev and held-out, per category
    python bench/realads.py --errors           # also list misses and false positives (dev only)
    python bench/realads.py --labels FILE      # one label file on its own (a new part, before tuning)
    python bench/realads.py --sector DIR       # also score sector.yaml on the ads extracted into DIR/ads/
                                               # (those present; each must fit its labels)

Labels are offsets into the shared jobs corpus (../shared/eval/corpus/jobs from the
repository root; override with --corpus), each checked against the sha of its span
(see bench/realads/GUIDELINES.md). Findings are those of `check` and of the job-ad
report together: the ordinary rules plus the document rules that `--profile job-ad`
turns on. An item is found when a finding overlaps it; a finding is right when it
overlaps a clear or borderline item; a trap is flagged when a finding overlaps it.
Tune rules on dev only: the held-out parts are scored, never read for tuning.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "bench" / "realads"
DEFAULT_CORPUS = ROOT.parent / "shared" / "eval" / "corpus" / "jobs"
PARTS = {
    "dev": ("dev-a.yaml", "dev-b.yaml", "dev-c.yaml", "dev-d.yaml", "dev-e.yaml", "dev-f.yaml",
            "dev-g.yaml", "dev-h.yaml"),  # G and H were held out, scored once, then moved here
    "held-out": ("heldout.yaml",),
    "held-out-2": ("heldout-2.yaml",),  # labeled after all of the tuning on dev parts C-H
    "held-out, both": ("heldout.yaml", "heldout-2.yaml"),
}
HELD_OUT = ("held-out", "held-out-2", "held-out, both")


class LabelError(ValueError):
    """A label that does not fit its ad: missing file, bad offsets or a changed span."""


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    category: str  # the item's category, or "trap"
    grade: str  # clear | borderline | trap
    note: str = ""


@dataclass(frozen=True)
class Ad:
    name: str
    text: str
    items: tuple[Span, ...]
    traps: tuple[Span, ...]


def sha(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def _span(entry: dict, text: str, where: str, *, trap: bool) -> Span:
    start, end = entry.get("start"), entry.get("end")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        raise LabelError(f"{where}: offsets {start}..{end} do not fit the ad ({len(text)} characters)")
    if sha(text[start:end]) != entry.get("sha"):
        raise LabelError(f"{where}: the span {text[start:end]!r} does not match sha {entry.get('sha')!r}"
                         " (the ad changed?)")
    if trap:
        return Span(start, end, "trap", "trap", entry.get("why", ""))
    if entry.get("grade") not in ("clear", "borderline"):
        raise LabelError(f"{where}: grade {entry.get('grade')!r} is not clear or borderline")
    return Span(start, end, entry["category"], entry["grade"], entry.get("note", ""))


def load(path: Path, corpus: Path, *, skip_missing: bool = False) -> list[Ad]:
    """The ads of one label file, each span verified against its ad's text. With
    `skip_missing`, an ad whose file is absent is left out (not one that does not fit)."""
    ads = []
    for n, entry in enumerate(yaml.safe_load(path.read_text(encoding="utf-8")) or []):
        where = f"{path.name}[{n}] {entry.get('ad')}"
        if skip_missing and not (corpus / str(entry.get("ad"))).is_file():
            continue
        try:
            text = (corpus / entry["ad"]).read_text(encoding="utf-8")
        except (OSError, KeyError) as exc:
            raise LabelError(f"{where}: cannot read the ad: {exc}") from None
        items = tuple(_span(i, text, f"{where} items[{k}]", trap=False) for k, i in enumerate(entry.get("items") or []))
        traps = tuple(_span(t, text, f"{where} traps[{k}]", trap=True) for k, t in enumerate(entry.get("traps") or []))
        ads.append(Ad(entry["ad"], text, items, traps))
    return ads


def findings_for(linter, text: str, path: str):
    """`check` findings and the job-ad report's findings, merged (each span once per rule)."""
    seen = {}
    for document in (False, True):
        for f in linter.lint(text, path=path, input_format="text", document=document):
            seen[(f.start, f.end, f.rule_id)] = f
    return sorted(seen.values(), key=lambda f: (f.start, f.end, f.rule_id))


def _overlaps(a_start, a_end, b_start, b_end) -> bool:
    return a_start < b_end and b_start < a_end


@dataclass
class Tally:
    clear: int = 0
    clear_found: int = 0
    borderline: int = 0
    borderline_found: int = 0
    findings: int = 0
    right: int = 0
    traps: int = 0
    traps_flagged: int = 0


def score(ads: list[Ad], linter, errors: list[str] | None = None) -> dict[str, Tally]:
    """Tallies per label category (recall) and per finding rule category (precision); key '' is all."""
    tally: dict[str, Tally] = defaultdict(Tally)
    for ad in ads:
        found = findings_for(linter, ad.text, ad.name)
        for item in ad.items:
            hit = any(_overlaps(f.start, f.end, item.start, item.end) for f in found)
            for key in ("", item.category):
                t = tally[key]
                if item.grade == "clear":
                    t.clear += 1
                    t.clear_found += hit
                else:
                    t.borderline += 1
                    t.borderline_found += hit
            if not hit and errors is not None:
                errors.append(f"MISS {item.grade:10} {item.category:20} {ad.name}: "
                              f"{' '.join(ad.text[item.start:item.end].split())[:90]!r}")
        for f in found:
            right = any(_overlaps(f.start, f.end, i.start, i.end) for i in ad.items)
            for key in ("", f"rule:{f.category}"):
                tally[key].findings += 1
                tally[key].right += right
            if not right and errors is not None:
                trap = any(_overlaps(f.start, f.end, t.start, t.end) for t in ad.traps)
                errors.append(f"{'TRAP' if trap else 'FP  '} {f.rule_id:31} {ad.name}: "
                              f"{' '.join(_line(ad.text, f.start, f.end).split())[:110]!r}")
        for trap in ad.traps:
            tally[""].traps += 1
            tally[""].traps_flagged += any(_overlaps(f.start, f.end, trap.start, trap.end) for f in found)
    return tally


def _line(text: str, start: int, end: int) -> str:
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    return text[a:b if b >= 0 else len(text)].replace(text[start:end], f"[[{text[start:end]}]]", 1)


def _ratio(n: int, d: int) -> str:
    return f"{n / d:.2f} ({n}/{d})" if d else "-"


def render(name: str, tally: dict[str, Tally]) -> str:
    total = tally[""]
    lines = [f"== {name} ==",
             f"  recall clear {_ratio(total.clear_found, total.clear)}   borderline "
             f"{_ratio(total.borderline_found, total.borderline)}   precision {_ratio(total.right, total.findings)}"
             f"   traps flagged {total.traps_flagged}/{total.traps}",
             f"  {'label category':22} {'recall clear':16} {'recall borderline':16}"]
    for key in sorted(k for k in tally if k and not k.startswith("rule:")):
        t = tally[key]
        lines.append(f"  {key:22} {_ratio(t.clear_found, t.clear):16} {_ratio(t.borderline_found, t.borderline):16}")
    lines.append(f"  {'rule category':22} precision")
    for key in sorted(k for k in tally if k.startswith("rule:")):
        lines.append(f"  {key[5:]:22} {_ratio(tally[key].right, tally[key].findings)}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="the shared jobs corpus folder")
    parser.add_argument("--sector", type=Path, default=None,
                        help="a folder holding the sector ads as ads/NNN.txt (see sector-SOURCES.md)")
    parser.add_argument("--errors", action="store_true", help="list misses and false positives (dev only)")
    parser.add_argument("--part", choices=sorted(PARTS), default=None, help="score one part only")
    parser.add_argument("--labels", type=Path, default=None,
                        help="score one label file of the jobs corpus on its own (e.g. a new dev part before tuning)")
    args = parser.parse_args(argv)
    from inclusivelint.lint.engine import default_linter

    linter = default_linter()
    parts = {name: [LABELS / f for f in files] for name, files in PARTS.items()
             if args.part in (None, name)}
    if args.labels is not None:
        parts = {args.labels.stem: [args.labels]}
    corpora = {name: args.corpus for name in parts}
    if args.part is not None or args.labels is not None:
        pass
    elif args.sector is not None and (args.sector / "ads").is_dir():
        parts["sector"], corpora["sector"] = [LABELS / "sector.yaml"], args.sector
    else:
        print("sector: skipped (its ad texts are not in the repository; extract them as "
              "bench/realads/sector-SOURCES.md says and pass --sector DIR)")
    try:
        for name, files in parts.items():
            ads = [ad for f in files for ad in load(f, corpora[name], skip_missing=name == "sector")]
            errors: list[str] | None = [] if args.errors and name not in (*HELD_OUT, "sector") else None
            total = sum(len(yaml.safe_load(f.read_text(encoding="utf-8")) or []) for f in files)
            shown = f"{name}: {len(ads)} ads" + (f" (of {total}; the rest not extracted)" if len(ads) < total else "")
            print(render(shown, score(ads, linter, errors)))
            if errors:
                print("\n".join(sorted(errors)))
    except LabelError as exc:
        print(f"realads: error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
