"""Turn a labeller's quote-based labels into the offset labels of bench/realads/.

    python bench/realads_import.py LABELS.yaml bench/realads/dev-c.yaml --title "development part C"

A labeller writes `quote:` (verbatim, with `occurrence: N` for the N-th match) as
GUIDELINES.md asks; the project stores `start`/`end` offsets into the shared ad file
and the `sha` of the span instead, so no ad text enters the repository. Every quote
must be found; the output is then read back with `realads.load`, which checks each
span against its sha.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from realads import DEFAULT_CORPUS, LabelError, load, sha  # noqa: E402

HEADER = """\
# Real-ad labels, {title} ({count} ads){tune}.
# Real job ads from ../shared/eval/corpus/jobs/ (see its SOURCES.md), labeled by readers who
# had seen neither the rules nor the tool's output, following bench/realads/GUIDELINES.md.
# Spans are [start, end) character offsets into the ad file's UTF-8 text; `sha` is the first
# 8 hex digits of the SHA-1 of the labeled span, so a changed corpus is detected. The ad text
# itself is not stored here. Grades: clear | borderline. Traps must not be flagged.
"""


def _locate(text: str, quote: str, occurrence: int, where: str) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence):
        start = text.find(quote, start + 1)
        if start < 0:
            raise LabelError(f"{where}: {quote!r} does not occur {occurrence} time(s) in the ad")
    return start, start + len(quote)


def convert(labels: list[dict], corpus: Path) -> list[dict]:
    out = []
    for n, entry in enumerate(labels):
        where = f"[{n}] {entry.get('ad')}"
        text = (corpus / entry["ad"]).read_text(encoding="utf-8")
        ad = {"ad": entry["ad"], "sector": entry.get("sector", ""), "items": [], "traps": []}
        for kind in ("items", "traps"):
            for k, label in enumerate(entry.get(kind) or []):
                start, end = _locate(text, label["quote"], int(label.get("occurrence", 1)), f"{where} {kind}[{k}]")
                span = {"start": start, "end": end, "sha": sha(text[start:end])}
                if kind == "items":
                    span |= {"category": label["category"], "grade": label["grade"]}
                    if label.get("note"):
                        span["note"] = label["note"]
                else:
                    span["why"] = label.get("why", "")
                ad[kind].append(span)
        out.append(ad)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("labels", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--title", required=True, help='e.g. "development part C"')
    parser.add_argument("--held-out", action="store_true", help="say in the header that rules are never tuned on it")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args(argv)
    try:
        ads = convert(yaml.safe_load(args.labels.read_text(encoding="utf-8")) or [], args.corpus)
    except (LabelError, OSError, KeyError, ValueError) as exc:
        print(f"{args.labels}: {exc}", file=sys.stderr)
        return 1
    tune = ": never used to tune the rules" if args.held_out else ": rules may be tuned on these"
    header = HEADER.format(title=args.title, count=len(ads), tune=tune)
    args.output.write_text(header + yaml.safe_dump(ads, sort_keys=False, allow_unicode=True, width=100),
                           encoding="utf-8")
    load(args.output, args.corpus)  # every span read back against its sha
    print(f"{args.output}: {len(ads)} ads, {sum(len(a['items']) for a in ads)} items, "
          f"{sum(len(a['traps']) for a in ads)} traps")
    return 0


if __name__ == "__main__":
    sys.exit(main())
