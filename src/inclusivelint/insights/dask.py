"""The insights aggregation on a Dask cluster (the dask extra), for sets that outgrow one machine.

    import dask.bag as db, json
    from inclusivelint.run.cluster import insights_bag
    result = insights_bag(db.read_text("reviews/*.jsonl").map(json.loads), "text",
                          profile="review", group_by=("team",))

Each partition is measured on a worker into a `Partial` (tallies, phrases, top
documents: small, whatever the partition's size) and the partials are merged in
a tree. A partition's bootstrap weights are seeded with its position, so the
same bag gives the same report.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Iterable, Sequence

from inclusivelint.run.batch import Record
from inclusivelint.config import LintOptions
from inclusivelint.insights import measures as M
from inclusivelint.insights.run import PROFILES, Job, Partial, finish, measure_record

_FAN_IN = 8


def _measure_partition(items: Iterable, job: Job, options: LintOptions, index: int) -> Partial:
    from inclusivelint.run.cluster import lint_kwargs

    linter = options.linter()
    job = replace(job, lint_kwargs=lint_kwargs(options, linter))
    partial = Partial(job.measures, job.profile, seed=(index,))
    for i, item in enumerate(items, 1):
        data = item if isinstance(item, dict) else None
        record = Record(i, i, data, None if data is not None else f"expected an object, found {type(item).__name__}")
        partial.add(measure_record(linter, (job, record)))
    partial.flush()
    return partial


def _merge(*partials: Partial) -> Partial:
    first, *rest = partials
    for p in rest:
        first.merge(p)
    return first


def insights_bag(bag, text_field: str, *, profile: str, options: LintOptions, id_field: str | None = None,
                 group_by: Sequence[str] = (), min_group: int = 5, excerpts: bool = True):
    """`Insights` for a bag of dicts (one per document), computed on the bag's scheduler."""
    import dask

    if profile not in PROFILES:
        raise ValueError(f"unknown insights profile {profile!r} (expected one of {', '.join(PROFILES)})")
    measures = M.measures_for(profile, M.categories_of(options.linter().rulebook))
    job = Job(text_field, id_field, tuple(group_by), profile, measures, {}, excerpts)
    level = [dask.delayed(_measure_partition)(part, job, options, i) for i, part in enumerate(bag.to_delayed())]
    if not level:
        return finish(Partial(measures, profile), min_group=min_group, excerpts=excerpts, group_by=group_by)
    while len(level) > 1:
        level = [dask.delayed(_merge)(*level[i:i + _FAN_IN]) for i in range(0, len(level), _FAN_IN)]
    (partial,) = dask.compute(level[0])
    return finish(partial, min_group=min_group, excerpts=excerpts, group_by=group_by)


def records_bag(path: str | Path, fmt: str, blocksize: str = "16MiB"):
    """A bag of dicts from a JSON Lines, CSV or Parquet file, read in partitions by the workers."""
    import json

    import dask.bag as db

    path = str(path)
    if fmt == "jsonl":
        return db.read_text(path, blocksize=blocksize).filter(lambda line: line.strip()).map(json.loads)
    import dask.dataframe as dd

    frame = dd.read_csv(path, dtype=str, blocksize=blocksize) if fmt == "csv" else dd.read_parquet(path)
    return frame.to_bag(format="dict")
