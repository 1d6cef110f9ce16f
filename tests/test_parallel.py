"""Parallel linting: same results as one process, in input order, errors in place."""

import io
import sys
from pathlib import Path

import pytest

from inclusivelint.run import parallel
from inclusivelint.read.source import Document, InputError

PROSE = [
    "We're hiring a rockstar engineer who has paid their dues.\n",
    "# Title\n\nOnly whitelisted domains may send mail.\n\n```\npay your dues\n```\n",
    "Nothing to see here, just ordinary words.\n",
    "<p>Stop paying <em>your</em> dues.</p>\n",
]


def _tasks(paths):
    return [parallel.Task(p, {"path": p}) for p in paths]


@pytest.fixture()
def tree(tmp_path):
    paths = []
    for i in range(37):  # not a multiple of the chunk size
        ext = (".txt", ".md", ".txt", ".html")[i % 4]
        p = tmp_path / f"f{i:02d}{ext}"
        p.write_text(f"File {i}.\n\n" + PROSE[i % 4] * (1 + i % 3), encoding="utf-8")
        paths.append(str(p))
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9 rockstar\n")
    paths.insert(5, str(bad))
    paths.insert(20, str(tmp_path / "missing.txt"))
    return paths


def _plain(results):
    return [(r.path, r.document, r.findings) for r in results]


def test_pool_matches_sequential_in_input_order(tree, linter, monkeypatch):
    sequential = _plain(parallel.lint_tasks(_tasks(tree), jobs=1, linter=linter))
    monkeypatch.setattr(parallel, "MIN_PARALLEL_BYTES", 0)  # force the pool on small files
    pooled = _plain(parallel.lint_tasks(_tasks(tree), jobs=2, linter=linter))
    assert [p for p, _, _ in pooled] == tree
    assert pooled == sequential
    assert sum(len(f) for _, _, f in pooled) > 20
    assert isinstance(pooled[5][1], InputError) and pooled[5][1].line == 1
    assert isinstance(pooled[20][1], InputError) and pooled[20][2] == ()
    assert isinstance(pooled[0][1], Document)
    for _, doc, findings in pooled:
        for f in findings:
            assert doc.text[f.start:f.end] == f.matched


def test_pool_passes_options_and_reads_stdin_in_place(tree, linter, monkeypatch):
    monkeypatch.setattr(parallel, "MIN_PARALLEL_BYTES", 0)
    stdin = io.TextIOWrapper(io.BytesIO(b"A true rockstar.\n"), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    paths = tree[:9] + ["-"] + tree[9:]
    only = linter.selection(["rockstar"])
    tasks = [parallel.Task(p, {"path": "ad.txt" if p == "-" else p, "only": only, "input_format": "text"})
             for p in paths]
    results = list(parallel.lint_tasks(tasks, jobs=2, linter=linter))
    assert [r.path for r in results] == paths
    assert {f.rule_id for r in results for f in r.findings} == {"rockstar"}
    (stdin_finding,) = results[9].findings
    assert stdin_finding.path == "ad.txt" and stdin_finding.matched == "rockstar"
    md = next(r for r in results if r.path.endswith(".md"))
    assert md.findings == ()  # only rockstar was selected, and this file has none


def test_small_input_stays_in_process(tree, linter, monkeypatch):
    def no_pool(*args, **kwargs):
        raise AssertionError("a pool was started")

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", no_pool)
    assert len(list(parallel.lint_tasks(_tasks(tree[:3]), jobs=4, linter=linter))) == 3


def test_chunks_hold_about_equal_bytes_in_order(tmp_path, monkeypatch):
    monkeypatch.setattr(parallel, "MIN_CHUNK_BYTES", 1)
    sizes = [5000, 10, 10, 10, 10, 10, 4000, 10, 10, 10]
    paths = []
    for n, size in enumerate(sizes):
        path = tmp_path / f"{n}.txt"
        path.write_text("x" * size)
        paths.append(str(path))
    tasks = _tasks(paths[:5]) + [parallel.Task("-", {})] + _tasks(paths[5:])
    chunks = parallel.task_chunks(tasks, jobs=2)
    flat = [t for c in chunks for t in (c if isinstance(c, list) else [c])]
    assert flat == tasks  # every task once, in order
    assert parallel.Task("-", {}) in chunks  # standard input alone, read in the parent
    budget = sum(sizes) // (2 * parallel.CHUNKS_PER_JOB)
    for chunk in chunks:
        if isinstance(chunk, list):
            # A chunk closes as soon as it reaches the budget, so only its last file can pass it.
            assert sum(len(Path(t.path).read_text()) for t in chunk[:-1]) < budget
    assert [len(c) for c in chunks if isinstance(c, list)][0] == 1  # the big first file alone
    monkeypatch.setattr(parallel, "MIN_CHUNK_BYTES", 64 * 1024)  # small files: the count caps
    many = parallel.task_chunks(_tasks(paths[1:2]) * 100, jobs=2)
    assert max(len(c) for c in many) == parallel.MAX_CHUNK


def test_tasks_carry_their_own_settings(tree, linter, monkeypatch):
    monkeypatch.setattr(parallel, "MIN_PARALLEL_BYTES", 0)
    rockstar, dues = linter.selection(["rockstar"]), linter.selection(["paying-dues"])
    tasks = [parallel.Task(p, {"path": f"shown/{i}", "only": rockstar if i % 2 else dues})
             for i, p in enumerate(tree)]
    results = list(parallel.lint_tasks(tasks, jobs=2, linter=linter))
    assert [r.path for r in results] == tree
    for i, r in enumerate(results):
        assert {f.rule_id for f in r.findings} <= ({"rockstar"} if i % 2 else {"paying-dues"})
        assert all(f.path == f"shown/{i}" for f in r.findings)
    assert any(r.findings for r in results[::2]) and any(r.findings for r in results[1::2])
