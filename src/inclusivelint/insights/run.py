"""Stream a file of records through the linter and the analyses into group tallies.

    result = run_insights("ads.jsonl", text_field="body", group_by=("department",), profile="job-ad")

Records are read one at a time (`batch.read_records`: JSON Lines, CSV, Parquet),
linted and measured on `jobs` cores (`parallel.map_records`), and folded into a
`Partial`: the bootstrap tallies per group value, the flagged phrases per group
value, and the few documents with the most findings. Memory grows with the
number of groups and distinct flagged phrases, not with the number of documents.
Only a document's measures, its flagged phrases and (unless `excerpts` is false)
short excerpts around its findings ever leave the worker that read it.
"""

from __future__ import annotations

import csv
import heapq
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Iterable, Iterator, Sequence

import numpy as np

from inclusivelint.run.batch import Record, format_for_path, read_records, record_id, record_text
from inclusivelint.errors import BatchError
from inclusivelint.vocab import INSIGHT_PROFILES as PROFILES, RECORD_FORMATS
from inclusivelint.insights import measures as M
from inclusivelint.insights.aggregate import Accumulator, Aggregates, aggregate

TOP_DOCUMENTS = 20
EXCERPT_CONTEXT = 60  # characters either side of a finding
EXCERPT_WINDOWS = 3
BLOCK = 256  # documents per bootstrap block
NO_GROUP = "all documents"
MISSING = "(no value)"
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Job:
    """What each worker needs to measure a record (picklable)."""

    text_field: str
    id_field: str | None
    group_by: tuple[str, ...]
    profile: str
    measures: tuple[M.Measure, ...]
    lint_kwargs: dict
    excerpts: bool = True


@dataclass(frozen=True)
class DocResult:
    number: int
    id: object
    group: str
    error: str | None
    words: int = 0
    values: dict | None = None  # measure id -> (numerator, denominator)
    phrases: tuple = ()  # (rule id, category, phrase)
    excerpt: tuple = ()  # windows, each a tuple of (text, flagged) pieces

    @property
    def findings(self) -> int:
        return len(self.phrases)


def group_key(data: dict | None, group_by: Sequence[str]) -> str:
    if not group_by:
        return NO_GROUP
    if data is None:
        return MISSING
    parts = []
    for f in group_by:
        v = data.get(f)
        parts.append(MISSING if v is None or v == "" else str(v))
    return " / ".join(parts)


def excerpt(text: str, spans: Iterable[tuple[int, int]], context: int = EXCERPT_CONTEXT,
            windows: int = EXCERPT_WINDOWS) -> tuple:
    """Up to `windows` short windows of `text` around the spans, each a tuple of
    (text, flagged) pieces; nothing else of the text."""
    spans = sorted(spans)
    merged: list[list] = []
    for start, end in spans:
        lo, hi = max(0, start - context), min(len(text), end + context)
        if merged and lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
            merged[-1][2].append((start, end))
        else:
            merged.append([lo, hi, [(start, end)]])
    out = []
    for lo, hi, marks in merged[:windows]:
        pieces, pos = [], lo
        for start, end in marks:
            start = max(start, pos)
            if end <= start:
                continue
            if start > pos:
                pieces.append((_squash(text[pos:start]), False))
            pieces.append((text[start:end], True))
            pos = end
        if hi > pos:
            pieces.append((_squash(text[pos:hi]), False))
        if pieces and not pieces[0][1]:
            pieces[0] = (pieces[0][0].lstrip(), False)
        if pieces and not pieces[-1][1]:
            pieces[-1] = (pieces[-1][0].rstrip(), False)
        out.append(tuple(pieces))
    return tuple(out)


def _squash(text: str) -> str:
    """Whitespace runs (line breaks included) as single spaces."""
    return _SPACES.sub(" ", text)


def measure_record(linter, item: tuple[Job, Record]) -> DocResult:
    """Lint, analyse and measure one record (runs in a worker)."""
    from inclusivelint.analysis import analyze

    job, record = item
    rid = record_id(record, job.id_field)
    key = group_key(record.data, job.group_by)
    text, problem = record_text(record, text_field=job.text_field, id_field=job.id_field)
    if text is None:
        return DocResult(record.number, rid, key, f"line {record.line}: {problem}")
    findings = linter.lint(text, **job.lint_kwargs)
    summary = analyze(text, findings, profile=job.profile)
    values = M.measure(text, findings, summary, job.measures)
    shown = excerpt(text, ((f.start, f.end) for f in findings)) if job.excerpts and findings else ()
    return DocResult(record.number, rid, key, None, summary.words, values, tuple(M.phrases(findings)), shown)


class _Ranked:
    """A document in the heap of those with the most findings (ties: the earlier record)."""

    __slots__ = ("key", "doc")

    def __init__(self, doc: DocResult):
        self.key = (doc.findings, -doc.number, str(doc.id))
        self.doc = doc

    def __lt__(self, other: "_Ranked") -> bool:
        return self.key < other.key


@dataclass
class Partial:
    """Everything kept of the documents seen so far; partials of different workers or
    partitions `merge`."""

    measures: tuple[M.Measure, ...]
    profile: str
    seed: tuple[int, ...] = (0,)
    accumulator: Accumulator = None
    phrases: dict = field(default_factory=dict)  # group value -> Counter of (rule, category, phrase)
    phrase_docs: dict = field(default_factory=dict)  # group value -> Counter: documents with it
    top: list = field(default_factory=list)  # heap of _Ranked: the documents with most findings
    records: int = 0
    errors: int = 0
    error_examples: list = field(default_factory=list)
    _block: list = field(default_factory=list)

    def __post_init__(self):
        if self.accumulator is None:
            _, edges = M.DISTRIBUTION[self.profile]
            from inclusivelint.insights.aggregate import SEED

            self.accumulator = Accumulator(len(self.measures), seed=(SEED, *self.seed), bins=edges)

    def add(self, doc: DocResult) -> None:
        self.records += 1
        if doc.error is not None:
            self.errors += 1
            if len(self.error_examples) < 5:
                self.error_examples.append(f"record {doc.number}: {doc.error}")
            return
        self._block.append(doc)
        counts = Counter(doc.phrases)
        self.phrases.setdefault(doc.group, Counter()).update(counts)
        self.phrase_docs.setdefault(doc.group, Counter()).update(counts.keys())
        self._rank(_Ranked(doc))
        if len(self._block) >= BLOCK:
            self.flush()

    def _rank(self, entry: "_Ranked") -> None:
        if len(self.top) < TOP_DOCUMENTS:
            heapq.heappush(self.top, entry)
        elif self.top[0] < entry:
            heapq.heapreplace(self.top, entry)

    def flush(self) -> None:
        if not self._block:
            return
        ids = [m.id for m in self.measures]
        num = np.array([[d.values[i][0] for i in ids] for d in self._block], dtype=float)
        den = np.array([[d.values[i][1] for i in ids] for d in self._block], dtype=float)
        which = ids.index(M.DISTRIBUTION[self.profile][0])
        m = self.measures[which]
        dist = np.array([np.nan if v is None else v for v in
                         (M.value(d.values[m.id], m) for d in self._block)], dtype=float)
        self.accumulator.add([d.group for d in self._block], num, den, dist)
        self._block = []

    def merge(self, other: "Partial") -> "Partial":
        self.flush()
        other.flush()
        self.accumulator.merge(other.accumulator)
        for mine, theirs in ((self.phrases, other.phrases), (self.phrase_docs, other.phrase_docs)):
            for k, c in theirs.items():
                mine.setdefault(k, Counter()).update(c)
        for entry in other.top:
            self._rank(entry)
        self.records += other.records
        self.errors += other.errors
        self.error_examples = (self.error_examples + other.error_examples)[:5]
        return self


@dataclass
class Insights:
    """The outcome of a run: what the report, the JSON and the summary line show."""

    profile: str
    aggregates: Aggregates
    phrases: list[dict]  # top flagged phrases, with counts per shown group
    documents: list[DocResult]  # most findings first
    records: int
    errors: int
    error_examples: list[str]
    min_group: int
    excerpts: bool
    group_by: tuple[str, ...]

    def as_dict(self) -> dict:
        return {"profile": self.profile, "records": self.records, "errors": self.errors,
                "min_group": self.min_group, "group_by": list(self.group_by),
                **self.aggregates.as_dict(), "top_phrases": self.phrases}


def finish(partial: Partial, *, min_group: int, excerpts: bool, group_by: Sequence[str],
           top_phrases: int = 25) -> Insights:
    partial.flush()
    agg = aggregate(partial.measures, partial.accumulator, min_group)
    agg.bins = list(M.DISTRIBUTION[partial.profile][1])
    per_group: dict[str, Counter] = {}
    docs_per: dict[str, Counter] = {}
    for key, counter in partial.phrases.items():
        name = agg.groups.name_of.get(key)
        if name is not None:
            per_group.setdefault(name, Counter()).update(counter)
            docs_per.setdefault(name, Counter()).update(partial.phrase_docs[key])
    total: Counter = sum(per_group.values(), Counter())
    documents: Counter = sum(docs_per.values(), Counter())
    if excerpts:
        phrases = [{"rule_id": rule, "category": category, "phrase": phrase, "count": n,
                    "documents": documents[(rule, category, phrase)],
                    "by_group": {g: per_group[g][(rule, category, phrase)] for g in agg.groups.names}}
                   for (rule, category, phrase), n in total.most_common(top_phrases)]
    else:  # one row per rule: no words of any document
        by_rule: Counter = Counter()
        for (rule, category, _), n in total.items():
            by_rule[(rule, category)] += n
        phrases = [{"rule_id": r, "category": c, "phrase": None, "count": n,
                    "by_group": {g: sum(v for k, v in per_group[g].items() if k[0] == r) for g in agg.groups.names}}
                   for (r, c), n in by_rule.most_common(top_phrases)]
    # Documents of withheld groups are left out here too, as they are everywhere else.
    top = [r.doc for r in sorted(partial.top, reverse=True) if r.doc.group in agg.groups.name_of]
    return Insights(partial.profile, agg, phrases, top, partial.records, partial.errors,
                    partial.error_examples, min_group, excerpts, tuple(group_by))


def records_of(path: Path, fmt: str | None) -> Iterator[Record]:
    fmt = fmt or format_for_path(path)
    if fmt not in RECORD_FORMATS:
        raise BatchError(f"unknown format {fmt!r} (expected one of {', '.join(RECORD_FORMATS)})")
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise BatchError(f"{path}: cannot read: {exc.strerror or exc}") from None
    with fh:
        yield from read_records(fh, fmt)


def run_insights(input_path, *, text_field: str, profile: str, id_field: str | None = None,
                 group_by: Sequence[str] = (), fmt: str | None = None, jobs: int = 1,
                 min_group: int = 5, excerpts: bool = True, csv_out: str | Path | None = None,
                 linter=None, lint_kwargs: dict | None = None) -> Insights:
    """Measure every record of `input_path` and aggregate by `group_by` (see module doc).
    `csv_out` receives one row per document (id and measures; no text, no group value).
    `lint_kwargs` go to `Linter.lint` (default: those of `LintOptions(profile=profile)`)."""
    from inclusivelint.run.parallel import map_records

    if profile not in PROFILES:
        raise BatchError(f"unknown insights profile {profile!r} (expected one of {', '.join(PROFILES)})")
    if linter is None:
        from inclusivelint.lint.engine import default_linter

        linter = default_linter()
    if lint_kwargs is None:  # the settings' defaults for this profile, as `check --profile` has them
        from inclusivelint.run.cluster import lint_kwargs as table_kwargs
        from inclusivelint.config import LintOptions

        lint_kwargs = table_kwargs(LintOptions(profile=profile), linter)
    measures = M.measures_for(profile, M.categories_of(linter.rulebook))
    job = Job(text_field, id_field, tuple(group_by), profile, measures, dict(lint_kwargs), excerpts)
    partial = Partial(measures, profile)
    items = ((job, r) for r in records_of(Path(input_path), fmt))
    out: IO[str] | None = open(csv_out, "w", newline="", encoding="utf-8") if csv_out else None
    try:
        writer = _csv_writer(out, measures) if out else None
        for doc in map_records(measure_record, items, jobs=jobs, linter=linter):
            partial.add(doc)
            if writer is not None:
                writer(doc)
    finally:
        if out is not None:
            out.close()
    return finish(partial, min_group=min_group, excerpts=excerpts, group_by=group_by)


def _csv_writer(out: IO[str], measures: Sequence[M.Measure]):
    w = csv.writer(out)
    w.writerow(["record", "id", "words", "findings", "error"] + [m.id for m in measures])

    def write(doc: DocResult) -> None:
        row = [doc.number, "" if doc.id is None else doc.id, doc.words, doc.findings, doc.error or ""]
        if doc.values is not None:
            row += ["" if (v := M.value(doc.values[m.id], m)) is None else round(v, 4) for m in measures]
        w.writerow(row)

    return write
