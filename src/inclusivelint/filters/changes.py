"""Fail on what is new: the lines changed since a git ref (`check --since REF`).

The changed lines come from `git diff -U0 REF` (the working tree, staged or not,
against REF); files git does not track yet count as changed throughout. A finding is
kept when any of its lines was added or changed.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from inclusivelint.errors import GitError
from inclusivelint.lint.finding import Finding

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
_GIT_CONFIG = ["-c", "core.quotepath=off", "-c", "diff.noprefix=false", "-c", "diff.mnemonicprefix=false"]


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", *_GIT_CONFIG, *args], cwd=cwd, capture_output=True, text=True,
                              encoding="utf-8", errors="surrogateescape")
    except FileNotFoundError:
        raise GitError("--since needs git, and git is not installed") from None


def _unquote(name: str) -> str:
    """A path as git prints it: C-quoted ("a\\303\\244.md") when it has odd characters."""
    name = name.rstrip("\t")
    if len(name) >= 2 and name[0] == name[-1] == '"':
        raw = name[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape")
        return raw.encode("latin-1").decode("utf-8", "replace")
    return name


def parse_diff(diff: str) -> dict[str, set[int]]:
    """Added or changed line numbers (in the new file) by path, from `git diff -U0` output."""
    lines: dict[str, set[int]] = {}
    current: set[int] | None = None
    for row in diff.splitlines():
        if row.startswith("+++ "):
            name = _unquote(row[4:])
            if name == "/dev/null":
                current = None
            else:
                current = lines.setdefault(name.removeprefix("b/"), set())
        elif row.startswith("@@") and current is not None:
            m = _HUNK.match(row)
            if m:
                first, count = int(m.group(1)), int(m.group(2) or 1)
                current.update(range(first, first + count))
    return lines


class Changes:
    """What changed since `ref` in the repository that holds `cwd`."""

    def __init__(self, ref: str, cwd: Path | None = None):
        cwd = Path.cwd() if cwd is None else cwd
        top = _git(["rev-parse", "--show-toplevel"], cwd)
        if top.returncode != 0:
            raise GitError(f"--since needs a git repository, and {cwd} is not inside one")
        self.root = Path(top.stdout.strip()).resolve()
        known = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"], cwd)
        if known.returncode != 0:
            raise GitError(f"--since {ref}: not a commit, branch or tag in {self.root}")
        diff = _git(["diff", "--no-ext-diff", "--no-color", "--no-textconv", "-U0",
                     "--src-prefix=a/", "--dst-prefix=b/", known.stdout.strip(), "--"], self.root)
        if diff.returncode != 0:
            raise GitError(f"--since {ref}: git diff failed: {diff.stderr.strip()}")
        self.lines = parse_diff(diff.stdout)
        untracked = _git(["ls-files", "-z", "--others", "--exclude-standard"], self.root)
        self.untracked = {name for name in untracked.stdout.split("\0") if name}

    def _repo_path(self, path: str | None) -> str | None:
        if not path or path == "-":
            return None
        try:
            return Path(path).resolve().relative_to(self.root).as_posix()
        except ValueError:  # outside the repository: git knows nothing of it
            return None

    def keep(self, findings: list[Finding]) -> list[Finding]:
        """The findings on lines that changed since the ref (one file's findings)."""
        if not findings:
            return findings
        name = self._repo_path(findings[0].path)
        if name is None:
            return []
        if name in self.untracked:
            return findings
        changed = self.lines.get(name)
        if not changed:
            return []
        return [f for f in findings if any(n in changed for n in range(f.line, f.end_line + 1))]
