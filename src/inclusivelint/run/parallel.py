"""Lint many files on several cores, yielding results in input order.

    for path, document, findings in lint_tasks([Task(p, {"path": p}) for p in paths], jobs=4):
        ...

Files are read and linted in worker processes (`concurrent.futures.ProcessPoolExecutor`),
a chunk of files per task, and come back as small picklable results: the
`Document` (or the `InputError` that replaced it) and a tuple of frozen
`Finding`s. Results are yielded in the order of `paths` whatever order the
workers finish in, so output is deterministic, and only a bounded window of
chunks is in flight, so memory does not grow with the number of files.

On Linux the pool forks: every worker inherits the parent's `Linter` (the
tokenizer, the compiled rulebook and the matchers) copy-on-write and builds
nothing. Where fork is unavailable, each worker's initializer builds its own
`Linter` once. With one job, or too little input to repay starting a pool,
everything runs in this process. Standard input ("-") is always read here.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple, Sequence

from inclusivelint.read import source
from inclusivelint.lint.finding import Finding
from inclusivelint.read.source import Document, InputError

# Below this much input a pool costs more than it saves (forking two workers
# takes ~50 ms; linting 512 KiB takes ~0.5 s on one core).
MIN_PARALLEL_BYTES = 512 * 1024
MAX_CHUNK = 32  # files per task: big enough to amortise a round trip, small enough to balance
CHUNKS_PER_JOB = 16  # chunks of about equal bytes per worker (-j 2 on the docs: 1.91x -> 1.99x)
MIN_CHUNK_BYTES = 64 * 1024
WINDOW_PER_JOB = 4  # chunks in flight per worker


class LintResult(NamedTuple):
    """One input file: its path as given, what was read, and what was found."""

    path: str
    document: Document | InputError
    findings: tuple[Finding, ...]


def default_jobs() -> int:
    """CPUs this process may run on (respects affinity masks and cgroups' cpusets)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


class Task(NamedTuple):
    """A file to read ("-" for standard input) and the keyword arguments of its `Linter.lint`
    call (including `path`, the name to report; default: the path read)."""

    path: str
    lint_kwargs: dict


def lint_tasks(tasks: Sequence[Task], *, jobs: int | None = None, linter=None,
               extra_rule_dirs: Sequence[Path] = ()) -> Iterator[LintResult]:
    """Read and lint each task's file, yielding a `LintResult` per task, in the order given.

    `jobs`: worker processes (default: the CPU count). `linter`: the `Linter` to use
    (default: the engine's cached one for `extra_rule_dirs`); forked workers share it.
    Each task carries its own `Linter.lint` arguments (per-path settings), which must
    be picklable."""
    tasks = [Task(*t) for t in tasks]
    jobs = default_jobs() if jobs is None else max(1, jobs)
    if linter is None:
        from inclusivelint.lint.engine import linter_for

        linter = linter_for(extra_rule_dirs)
    if jobs == 1 or len(tasks) < 2 or _total_bytes(t.path for t in tasks) < MIN_PARALLEL_BYTES:
        return (_lint_one(linter, task) for task in tasks)
    return _pooled(tasks, jobs, linter, tuple(extra_rule_dirs))


def _lint_one(linter, task: Task) -> LintResult:
    doc = source.read(task.path, task.lint_kwargs.get("input_format"))
    if isinstance(doc, InputError):
        return LintResult(task.path, doc, ())
    kwargs = task.lint_kwargs if "path" in task.lint_kwargs else {**task.lint_kwargs, "path": task.path}
    findings = linter.lint(doc.text, **kwargs)
    if doc.places is not None:
        from inclusivelint.read.word import locate

        findings = locate(findings, doc.places)
    return LintResult(task.path, doc, tuple(findings))


def _total_bytes(paths: Iterable[str]) -> int:
    total = 0
    for path in paths:
        total += _size(path)
        if total >= MIN_PARALLEL_BYTES:
            break
    return total


def task_chunks(tasks: Sequence[Task], jobs: int) -> list[list[Task] | Task]:
    """The tasks in order, grouped into chunks of about an equal number of bytes (files
    differ a hundredfold in size, so equal counts left one worker finishing alone):
    about CHUNKS_PER_JOB chunks per worker, at most MAX_CHUNK files each. Standard input
    stays a bare `Task`, to be read in this process in its place."""
    sizes = [_size(t.path) for t in tasks]
    budget = max(MIN_CHUNK_BYTES, sum(sizes) // (jobs * CHUNKS_PER_JOB))
    chunks: list[list[Task] | Task] = []
    current: list[Task] = []
    filled = 0
    for task, size in zip(tasks, sizes, strict=True):
        if task.path == source.STDIN:
            if current:
                chunks.append(current)
                current, filled = [], 0
            chunks.append(task)
            continue
        current.append(task)
        filled += size
        if len(current) >= MAX_CHUNK or filled >= budget:
            chunks.append(current)
            current, filled = [], 0
    if current:
        chunks.append(current)
    return chunks


def _size(path: str) -> int:
    """Bytes of a file to lint; 0 for standard input or a file that cannot be read (it
    becomes an error entry when read)."""
    if path == source.STDIN:
        return 0
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


# -- the pool ------------------------------------------------------------------

# The worker's Linter. Set in the parent just before forking, so that forked
# workers inherit it; built by `_init_worker` in spawned ones.
_worker_linter = None


def _init_worker(extra_rule_dirs: tuple[Path, ...]) -> None:
    global _worker_linter
    if _worker_linter is None:
        from inclusivelint.lint.engine import linter_for

        _worker_linter = linter_for(extra_rule_dirs)


def _lint_chunk(chunk: list[Task]) -> list[LintResult]:
    return [_lint_one(_worker_linter, task) for task in chunk]


def _map_chunk(func, chunk: list) -> list:
    return [func(_worker_linter, item) for item in chunk]


def _context():
    methods = multiprocessing.get_all_start_methods()
    if sys.platform.startswith("linux") and "fork" in methods:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def map_records(func, items: Iterable, *, jobs: int | None = None, linter=None,
                extra_rule_dirs: Sequence[Path] = (), chunk: int = MAX_CHUNK) -> Iterator:
    """`func(linter, item)` for each of `items` (any iterable, read lazily), yielding the
    results in input order; `func` must be a module-level function and its results
    picklable. With more than one job, chunks of `chunk` items run in worker processes
    that share `linter` as `lint_tasks` does, with a bounded window in flight, so
    memory does not grow with the number of items."""
    jobs = default_jobs() if jobs is None else max(1, jobs)
    if linter is None:
        from inclusivelint.lint.engine import linter_for

        linter = linter_for(extra_rule_dirs)
    if jobs == 1:
        return (func(linter, item) for item in items)
    work = ((_map_chunk, (func, c)) for c in _chunks(items, max(1, chunk)))
    return _in_pool(work, jobs, linter, tuple(extra_rule_dirs))


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _pooled(tasks: list[Task], jobs: int, linter,
            extra_rule_dirs: tuple[Path, ...]) -> Iterator[LintResult]:
    chunks = task_chunks(tasks, jobs)
    work = (([_lint_one(linter, c)], None) if isinstance(c, Task) else (_lint_chunk, (c,)) for c in chunks)
    yield from _in_pool(work, jobs, linter, extra_rule_dirs)


def _in_pool(work: Iterator[tuple], jobs: int, linter, extra_rule_dirs: tuple[Path, ...]) -> Iterator:
    """Run each `(fn, args)` of `work` in the pool (or take `(results, None)` as done here),
    yielding every result of every list in order, with `jobs * WINDOW_PER_JOB` in flight."""
    global _worker_linter
    ctx = _context()
    forked = ctx.get_start_method() == "fork"
    if forked:
        # Built here once, before forking, so the workers share it copy-on-write.
        _worker_linter = linter.load()
        # Everything built so far moves out of the collector's sight: a worker's
        # collections would otherwise walk (and so copy) every inherited page.
        gc.freeze()
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_init_worker,
                               initargs=(extra_rule_dirs,))
    try:
        pending: deque[Future | list] = deque()
        window = jobs * WINDOW_PER_JOB

        def submit_next() -> bool:
            job = next(work, None)
            if job is None:
                return False
            fn, args = job
            pending.append(fn if args is None else pool.submit(fn, *args))
            return True

        while len(pending) < window and submit_next():
            pass
        while pending:
            head = pending.popleft()
            yield from (head if isinstance(head, list) else head.result())
            submit_next()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        if forked:
            _worker_linter = None
            gc.unfreeze()
