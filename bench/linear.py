"""Is the cost linear in the input? N and 4N of hostile text, timed in one run (issue 14).

    python bench/linear.py            # N = 600 units (about 50 kB); --units to change it

Each unit is dense with context-dependent candidates ("he" after a generic noun, "guys",
"crazy", "man" ...), the input that made matching quadratic. Printed per stage: seconds
(CPU) for N and 4N (best of 3) and their ratio; linear growth gives about 4, quadratic 16.
Stages: `Linter.lint` as text, Markdown and reST; the same as one long line; the web
API's `/api/lint` on flagged words (which stops rendering at 1,000 findings).
"""

from __future__ import annotations

import argparse
import time

UNIT = "Each user says he is one of the crazy guys, man. Add it to the whitelist, chairman.\n\n"
FLAGGED = "whitelist blacklist guys chairman crazy manpower "


def best(fn, runs: int = 3) -> float:
    out = float("inf")
    for _ in range(runs):
        start = time.process_time()  # CPU seconds: other processes' load does not count
        fn()
        out = min(out, time.process_time() - start)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=600)
    n = parser.parse_args().units

    from starlette.testclient import TestClient

    from inclusivelint.lint.engine import Linter
    from inclusivelint.web.app import create_app

    linter = Linter()
    client = TestClient(create_app(linter), base_url="http://127.0.0.1")
    stages = {
        "lint text": lambda k: linter.lint(UNIT * k, input_format="text"),
        "lint markdown": lambda k: linter.lint(UNIT * k, input_format="markdown"),
        "lint rst": lambda k: linter.lint(UNIT * k, input_format="rst"),
        "lint one line": lambda k: linter.lint(UNIT.replace("\n", " ") * k, input_format="text"),
        "web /api/lint": lambda k: client.post("/api/lint", json={"text": FLAGGED * (k * 2)}),
    }
    print(f"{'stage':16} {'N s':>8} {'4N s':>8} {'ratio':>6}")
    for name, run in stages.items():
        run(1)
        small, large = best(lambda: run(n)), best(lambda: run(4 * n))
        print(f"{name:16} {small:8.3f} {large:8.3f} {large / small:6.2f}")


if __name__ == "__main__":
    main()
