"""Time `inclusivelint insights` on the 1,709 real job ads, grouped by source.

    python bench/insights.py                       # -j 2, report to a temporary directory
    python bench/insights.py --out /tmp/ins --screenshot docs/insights.png

The ads are ../shared/eval/corpus/jobs/*/*.txt relative to the repository (see
SOURCES.md there; override with --root): Glassdoor data-science ads (2020) and
Google careers ads (2018). They are written to one JSON Lines file
({"id", "source", "text"}) and the whole command is timed in a subprocess,
start-up included: lint, analyse, measure, bootstrap, and write the HTML and
JSON reports. Target: under 60 s on 2 cores. With --screenshot, Debian's
chromium (headless) photographs the report.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "eval" / "corpus"
SOURCES = {"glassdoor_ds_2020": "Glassdoor data-science ads (2020)",
           "google_careers_2018": "Google careers ads (2018)"}
TARGET_SECONDS = 60.0


def write_records(corpus: Path, out: Path) -> int:
    n = 0
    with out.open("w", encoding="utf-8") as fh:
        for folder, name in SOURCES.items():
            for path in sorted((corpus / "jobs" / folder).glob("*.txt")):
                fh.write(json.dumps({"id": f"{folder}/{path.name}", "source": name,
                                     "text": path.read_text(encoding="utf-8")}) + "\n")
                n += 1
    return n


def screenshot(html: Path, png: Path) -> bool:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        print("no chromium: screenshot skipped", file=sys.stderr)
        return False
    png.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    "--window-size=1280,2600", f"--screenshot={png.resolve()}", html.resolve().as_uri()],
                   check=True, capture_output=True, timeout=180)
    return True


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, default=DEFAULT_CORPUS, help="the shared corpus folder")
    ap.add_argument("--jobs", "-j", type=int, default=2)
    ap.add_argument("--out", type=Path, default=None, help="keep the report here (default: a temporary folder)")
    ap.add_argument("--screenshot", type=Path, default=None, help="write a PNG of the report here")
    args = ap.parse_args(argv)
    out = args.out or Path(tempfile.mkdtemp(prefix="insights-bench-"))
    out.mkdir(parents=True, exist_ok=True)
    records = out / "ads.jsonl"
    n = write_records(args.root, records)
    if n == 0:
        print(f"no ads under {args.root / 'jobs'}", file=sys.stderr)
        return 2
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    cmd = [sys.executable, "-m", "inclusivelint", "insights", str(records), "--text-field", "text",
           "--id-field", "id", "--group-by", "source", "--profile", "job-ad", "-j", str(args.jobs),
           "--html", str(out / "report.html"), "--json", str(out / "report.json"),
           "--csv", str(out / "ads.csv"), "--isolated"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        print(proc.stderr, file=sys.stderr)
        return proc.returncode
    print(proc.stdout, end="")
    words = sum(len(json.loads(line)["text"].split()) for line in records.open(encoding="utf-8"))
    print(f"\n{n:,} ads, {words:,} words: {wall:.1f} s wall, {cpu:.1f} s CPU with -j {args.jobs} "
          f"(target < {TARGET_SECONDS:.0f} s): {'met' if wall < TARGET_SECONDS else 'MISSED'}")
    print(f"report: {out / 'report.html'} ({(out / 'report.html').stat().st_size / 1e6:.1f} MB)")
    if args.screenshot and screenshot(out / "report.html", args.screenshot):
        print(f"screenshot: {args.screenshot}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
