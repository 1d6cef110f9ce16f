"""Lint at cluster scale with Dask (optional extra: ``pip install "inclusivelint[dask]"``).

    import dask.bag as db
    from inclusivelint.run.cluster import lint_bag, lint_dataframe

    findings = lint_bag(db.read_text("s3://ads/*.jsonl").map(json.loads), text_field="body")
    table = lint_dataframe(dd.read_parquet("ads/"), "body", id_column="ad_id")

`options=` takes the lint options of a configuration (`config.load(...).options()`),
so a cluster run applies exactly the settings `inclusivelint check` would.

Each worker process builds one `Linter` the first time it needs one (or when the
`WarmLinter` plugin is registered) and reuses it for every partition it is
given, so the rulebook is loaded once per worker, not once per task. Run
workers with one thread each: linting is CPU-bound Python, and threads would
only contend for the GIL.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from inclusivelint.config import LintOptions
from inclusivelint.lint.finding import Finding

try:  # a plugin class must be importable by name wherever it is unpickled
    from distributed.diagnostics.plugin import WorkerPlugin as _WorkerPlugin
except ImportError:  # pragma: no cover - dask[distributed] is an optional extra
    _WorkerPlugin = object

# Columns of `lint_dataframe`'s result, after the id column.
COLUMNS = ("rule_id", "category", "severity", "message", "start", "end", "line", "column",
           "end_line", "end_column", "matched", "suggestions")
_INT_COLUMNS = frozenset({"start", "end", "line", "column", "end_line", "end_column"})
SUGGESTION_SEPARATOR = " | "

def worker_linter(extra_rule_dirs: Sequence[str | Path] = ()):
    """This process's `Linter` for these extra rule directories (the engine's one cache)."""
    from inclusivelint.lint.engine import linter_for

    return linter_for(tuple(Path(p) for p in extra_rule_dirs))


class WarmLinter(_WorkerPlugin):
    """Builds each worker's `Linter` when the worker starts (`client.register_plugin(WarmLinter())`)."""

    name = "inclusivelint-linter"

    def __init__(self, extra_rule_dirs: Sequence[str | Path] = ()):
        self.extra_rule_dirs = tuple(str(p) for p in extra_rule_dirs)

    def setup(self, worker=None) -> None:
        worker_linter(self.extra_rule_dirs).load()


class _Job:
    """What each partition needs to lint its texts: the settings' lint options (picklable)."""

    def __init__(self, options: LintOptions):
        self.options = options

    def lint(self, text) -> list[Finding]:
        if not isinstance(text, str):
            return []
        linter = self.options.linter()
        return linter.lint(text, **lint_kwargs(self.options, linter))


@lru_cache(maxsize=32)
def lint_kwargs(options: LintOptions, linter) -> dict:
    """`Linter.lint` arguments for a text held in a table or bag (no file, no directives audit)."""
    kwargs = options.lint_kwargs(linter)
    del kwargs["warn_unused"]  # a text in a table is no file with directives to audit
    return kwargs


def _options(options: LintOptions | None, input_format: str, select, ignore, extra_rule_dirs) -> LintOptions:
    if options is not None:
        return options
    return LintOptions(input_format=input_format, select=tuple(select) if select else None,
                       ignore=tuple(ignore or ()), extra_rule_dirs=tuple(str(p) for p in extra_rule_dirs))


def insights_bag(bag, text_field: str, *, profile: str, id_field: str | None = None,
                 group_by: Sequence[str] = (), min_group: int = 5, excerpts: bool = True,
                 input_format: str = "text", select: Iterable[str] | None = None,
                 ignore: Iterable[str] | None = None, extra_rule_dirs: Sequence[str | Path] = (),
                 options: LintOptions | None = None):
    """`inclusivelint.insights.Insights` for a bag of dicts, one per document, grouped by the
    `group_by` keys: the same measures, tallies and report as `inclusivelint insights`."""
    from inclusivelint.insights.dask import insights_bag as run

    return run(bag, text_field, profile=profile, id_field=id_field, group_by=group_by, min_group=min_group,
               excerpts=excerpts, options=_options(options, input_format, select, ignore, extra_rule_dirs))


def _lint_partition(items: Iterable, job: _Job, text_field: str | None) -> list[list[Finding]]:
    if text_field is None:
        return [job.lint(item) for item in items]
    return [job.lint(item.get(text_field) if isinstance(item, dict) else None) for item in items]


def lint_bag(bag, text_field: str | None = None, *, input_format: str = "text",
             select: Iterable[str] | None = None, ignore: Iterable[str] | None = None,
             extra_rule_dirs: Sequence[str | Path] = (), options: LintOptions | None = None):
    """A bag with, for each element of `bag`, the list of its `Finding`s (same order and partitions).

    Elements are texts, or dicts whose `text_field` holds the text (a missing or
    non-string text gives no findings). `.flatten()` the result for one bag of findings,
    `.map(lambda fs: [f.as_dict() for f in fs])` for plain dicts.
    """
    job = _Job(_options(options, input_format, select, ignore, extra_rule_dirs))
    return bag.map_partitions(_lint_partition, job, text_field)


def _frame(rows: list[tuple], id_dtype):
    import pandas as pd

    frame = pd.DataFrame(rows, columns=("id",) + COLUMNS)
    types = {c: "int64" for c in _INT_COLUMNS}
    types["id"] = id_dtype
    for c in COLUMNS:
        if c not in _INT_COLUMNS:
            types[c] = "object"
    return frame.astype(types)


def _lint_frame(part, job: _Job, text_column: str, id_column: str | None, id_dtype):
    ids = part.index if id_column is None else part[id_column]
    rows = []
    for rid, text in zip(ids, part[text_column]):
        for f in job.lint(text):
            rows.append((rid, f.rule_id, f.category, str(f.severity), f.message, f.start, f.end,
                         f.line, f.column, f.end_line, f.end_column, f.matched,
                         SUGGESTION_SEPARATOR.join(f.suggestions)))
    return _frame(rows, id_dtype)


def lint_dataframe(ddf, text_column: str, id_column: str | None = None, *, input_format: str = "text",
                   select: Iterable[str] | None = None, ignore: Iterable[str] | None = None,
                   extra_rule_dirs: Sequence[str | Path] = (), options: LintOptions | None = None):
    """A Dask DataFrame with one row per finding in `ddf[text_column]`.

    Columns: `id` (the row's `id_column`, or its index label), then `COLUMNS`;
    `suggestions` is one string joined with " | ". Offsets index into each row's text.
    """
    job = _Job(_options(options, input_format, select, ignore, extra_rule_dirs))
    id_dtype = ddf.index.dtype if id_column is None else ddf[id_column].dtype
    meta = _frame([], id_dtype)
    return ddf.map_partitions(_lint_frame, job, text_column, id_column, id_dtype, meta=meta,
                              align_dataframes=False)
