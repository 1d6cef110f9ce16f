"""Extract the sector ads whose texts can be rebuilt exactly, for `realads.py --sector DIR`.

    python bench/realads_extract.py DIR --clone Anirudh-bn/Web_Scraping=PATH \\
        --clone Tala-Ammoun/Job-Hive=PATH

Reads the per-ad table of bench/realads/sector-SOURCES.md and writes DIR/ads/NNN.txt for
the sources given as local git clones (bare or not), at the commit the table names:
the Cedars-Sinai CSV (title and location lines, then the description and the
qualifications after blank lines) and the Job-Hive SerpApi fixture (title, "company -
location", then the description; its JavaScript is evaluated by `node`). The other
sources' HTML conversions are not reproduced byte for byte, so their ads are left out;
`realads.py` verifies every span of the ads written against its sha.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SOURCES = Path(__file__).resolve().parent / "realads" / "sector-SOURCES.md"
_ROW = re.compile(r"^\| ads/(\d{3})\.txt \| ([\w.-]+/[\w.-]+) \| ([0-9a-f]{40}) \| ([^|]+?) \| ([^|]+?) \|")


def table() -> list[tuple[str, str, str, str, str]]:
    """(number, repository, commit, path, record) for each ad in sector-SOURCES.md."""
    return [m.groups() for m in map(_ROW.match, SOURCES.read_text(encoding="utf-8").splitlines()) if m]


def _show(clone: Path, commit: str, path: str) -> str:
    return subprocess.run(["git", "-C", str(clone), "show", f"{commit}:{path}"], check=True,
                          capture_output=True).stdout.decode("utf-8")


def _csv_ad(raw: str, record: str) -> str:
    row = list(csv.DictReader(io.StringIO(raw)))[int(re.search(r"0-based (\d+)", record).group(1))]
    return f"{row['title']}\n{row['location']}\n\n{row['description']}\n\n{row['qualifications']}"


def _serpapi_ads(raw: str) -> list[dict]:
    node = shutil.which("node")
    if node is None:
        raise SystemExit("realads_extract: the Job-Hive fixture is JavaScript; install node to read it")
    with tempfile.TemporaryDirectory() as tmp:
        module = Path(tmp) / "fixture.mjs"
        module.write_text(raw, encoding="utf-8")
        script = (f"import('{module.as_uri()}').then(m => process.stdout.write("
                  "JSON.stringify(m.jobSearch.jobs_results)))")
        out = subprocess.run([node, "-e", script], check=True, capture_output=True).stdout
    return json.loads(out)


def _serpapi_ad(jobs: list[dict], record: str) -> str:
    job = jobs[int(re.search(r"jobs_results\[(\d+)\]", record).group(1))]
    return f"{job['title']}\n{job['company_name']} - {job['location']}\n\n{job['description']}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the folder to write ads/NNN.txt into")
    parser.add_argument("--clone", action="append", default=[], metavar="OWNER/NAME=PATH",
                        help="a local git clone of one of the source repositories")
    args = parser.parse_args(argv)
    clones = dict(c.split("=", 1) for c in args.clone)
    (args.out / "ads").mkdir(parents=True, exist_ok=True)
    cache: dict[tuple[str, str, str], object] = {}
    written = 0
    for number, repo, commit, path, record in table():
        if repo not in clones:
            continue
        key = (repo, commit, path)
        if repo == "Anirudh-bn/Web_Scraping":
            raw = cache.setdefault(key, _show(Path(clones[repo]), commit, path))
            text = _csv_ad(raw, record)
        elif repo == "Tala-Ammoun/Job-Hive":
            if key not in cache:
                cache[key] = _serpapi_ads(_show(Path(clones[repo]), commit, path))
            text = _serpapi_ad(cache[key], record)
        else:
            continue  # its conversion from HTML is not reproduced exactly
        (args.out / "ads" / f"{number}.txt").write_text(text, encoding="utf-8")
        written += 1
    print(f"wrote {written} sector ads to {args.out / 'ads'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
