"""Start quiet, fail on what is new: `check --baseline`, `--write-baseline` and `--since REF`."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import inclusivelint
from inclusivelint.cli import main
from inclusivelint.vocab import OUTPUT_FORMATS

OLD = "# Team\n\nWe want a culture fit.\nNew hires pay their dues.\n"


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "team.md").write_text(OLD)
    return tmp_path


def _json(capsys, *argv):
    code = main(["check", *argv, "--format", "json"])
    out = capsys.readouterr()
    return code, json.loads(out.out) if out.out.strip() else None, out.err


def test_baseline_silences_old_findings_across_line_shifts_and_reports_new_ones(repo, capsys):
    assert main(["check", "docs", "--write-baseline", "baseline.json"]) == 0
    err = capsys.readouterr().err
    assert "Wrote a baseline of 2 findings in 1 of 1 files to baseline.json" in err
    stored = json.loads((repo / "baseline.json").read_text())
    assert {(e["path"], e["rule"], e["matched"], e["count"]) for e in stored["findings"]} == {
        ("docs/team.md", "culture-fit", "culture fit", 1), ("docs/team.md", "paying-dues", "pay their dues", 1)}
    assert "line" not in json.dumps(stored)
    assert _json(capsys, "docs", "--baseline", "baseline.json")[:2][0] == 0
    # New paragraphs above move the old findings down: still nothing new.
    text = "# Team\n\nA new intro.\n\nAnother one.\n" + OLD.removeprefix("# Team\n")
    (repo / "docs" / "team.md").write_text(text)
    code, data, _ = _json(capsys, "docs", "--baseline", "baseline.json")
    assert code == 0 and data["findings"] == []
    # A second "culture fit" with the same words around it: the count says it is new.
    (repo / "docs" / "team.md").write_text(text + "We want a culture fit.\n")
    code, data, _ = _json(capsys, "docs", "--baseline", "baseline.json")
    assert code == 1
    assert [(f["rule_id"], f["line"]) for f in data["findings"]] == [("culture-fit", 9)]
    text = (repo / "docs" / "team.md").read_text()
    f = data["findings"][0]
    assert text[f["start"]:f["end"]] == "culture fit"


def test_baseline_key_includes_the_words_around_the_match(repo, capsys):
    main(["check", "docs", "--write-baseline", "baseline.json"])
    (repo / "docs" / "team.md").write_text(OLD.replace("We want a culture fit.", "Hire for culture fit."))
    code, data, _ = _json(capsys, "docs", "--baseline", "baseline.json")
    assert code == 1 and [f["matched"] for f in data["findings"]] == ["culture fit"]


def test_baseline_paths_are_relative_to_the_baseline_file(repo, capsys, monkeypatch):
    main(["check", "docs/team.md", "--write-baseline", "baseline.json"])
    monkeypatch.chdir(repo / "docs")
    code, data, _ = _json(capsys, "team.md", "--baseline", "../baseline.json")
    assert code == 0 and data["findings"] == []


@pytest.mark.parametrize("fmt", OUTPUT_FORMATS)
def test_baseline_works_with_every_output_format(repo, capsys, fmt):
    main(["check", "docs", "--write-baseline", "baseline.json"])
    capsys.readouterr()
    assert main(["check", "docs", "--baseline", "baseline.json", "--format", fmt]) == 0
    assert "culture-fit" not in capsys.readouterr().out
    (repo / "docs" / "team.md").write_text(OLD + "\nThey want a culture fit too.\n")
    assert main(["check", "docs", "--baseline", "baseline.json", "--format", fmt]) == 1
    out = capsys.readouterr().out
    assert "culture-fit" in out and "paying-dues" not in out


@pytest.mark.parametrize("content, message", [
    (None, "baseline.json: cannot read the baseline"),
    ('{"version": 1,\n "findings": [}', "baseline.json:2: not valid JSON"),
    ('{"version": 1, "findings": [{"path": "a"}]}', "baseline.json: findings[0]: needs path, rule"),
    ('{"version": 7, "findings": []}', "baseline.json: version: expected 1"),
])
def test_a_bad_baseline_is_one_line_naming_the_file(repo, capsys, content, message):
    if content is not None:
        (repo / "baseline.json").write_text(content)
    assert main(["check", "docs", "--baseline", "baseline.json"]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_write_baseline_refuses_fix(repo, capsys):
    assert main(["check", "docs", "--write-baseline", "b.json", "--fix"]) == 2
    assert "cannot be combined with --fix" in capsys.readouterr().err
    assert not (repo / "b.json").exists()


# -- --since ---------------------------------------------------------------------

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def _git(repo, *args):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args], cwd=repo,
                   check=True, capture_output=True)


@pytest.fixture
def git_repo(repo):
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "old docs")
    return repo


@needs_git
def test_since_reports_only_changed_lines_staged_or_not_and_new_files(git_repo, capsys):
    team = git_repo / "docs" / "team.md"
    team.write_text("# Team\n\nWe want a culture fit.\nThe chairman agrees.\nNew hires pay their dues.\n")
    (git_repo / "docs" / "new.md").write_text("Stop paying your dues.\n")  # untracked
    code, data, _ = _json(capsys, "docs", "--since", "HEAD")
    assert code == 1
    assert sorted((f["path"], f["rule_id"]) for f in data["findings"]) == [
        ("docs/new.md", "paying-dues"), ("docs/team.md", "chairman")]
    _git(git_repo, "add", ".")  # staged: the same
    assert sorted(f["rule_id"] for f in _json(capsys, "docs", "--since", "HEAD")[1]["findings"]) == [
        "chairman", "paying-dues"]
    _git(git_repo, "commit", "-q", "-m", "more")  # committed: nothing changed since HEAD, two since main~1
    assert _json(capsys, "docs", "--since", "HEAD")[1]["findings"] == []
    assert len(_json(capsys, "docs", "--since", "main~1")[1]["findings"]) == 2


def test_git_diff_parsing_handles_quoted_names_spaces_and_deletions():
    from inclusivelint.filters.changes import parse_diff

    diff = ("diff --git a/x b/x\n--- a/docs/old.md\n+++ b/docs/old.md\n@@ -3 +3,2 @@\n-a\n+b\n+c\n"
            "@@ -10,2 +11,0 @@\n-gone\n-gone\n"
            '--- a/"caf\\303\\251.md"\n+++ "b/caf\\303\\251.md"\n@@ -0,0 +1 @@\n+new\n'
            "--- a/my notes.md\t\n+++ b/my notes.md\t\n@@ -5 +5 @@\n-x\n+y\n"
            "--- a/deleted.md\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n")
    assert parse_diff(diff) == {"docs/old.md": {3, 4}, "café.md": {1}, "my notes.md": {5}}


@needs_git
def test_since_asks_the_repository_of_the_paths(git_repo, tmp_path_factory, capsys, monkeypatch):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    monkeypatch.chdir(elsewhere)  # not a repository; the linted folder is in one
    (git_repo / "docs" / "team.md").write_text(OLD + "The chairman agrees.\n")
    code, data, _ = _json(capsys, str(git_repo / "docs"), "--since", "HEAD")
    assert [f["rule_id"] for f in data["findings"]] == ["chairman"]


@needs_git
def test_since_and_baseline_combine(git_repo, capsys):
    main(["check", "docs", "--write-baseline", "baseline.json"])
    (git_repo / "docs" / "team.md").write_text(OLD.replace("culture fit.", "culture fit!") + "The chairman.\n")
    code, data, _ = _json(capsys, "docs", "--since", "HEAD", "--baseline", "baseline.json")
    assert [f["rule_id"] for f in data["findings"]] == ["chairman"]


@needs_git
def test_since_errors_are_one_line(git_repo, tmp_path_factory, capsys, monkeypatch):
    assert main(["check", "docs", "--since", "no-such-branch"]) == 2
    assert "--since no-such-branch: not a commit, branch or tag" in capsys.readouterr().err
    outside = tmp_path_factory.mktemp("outside")
    (outside / "a.md").write_text("Stop paying your dues.\n")
    monkeypatch.chdir(outside)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(outside.parent))
    assert main(["check", "a.md", "--since", "HEAD"]) == 2
    err = capsys.readouterr().err
    assert "--since needs a git repository" in err and "Traceback" not in err


@needs_git
@pytest.mark.slow
@pytest.mark.parametrize("option", ["--since HEAD", "--baseline baseline.json"])
def test_since_and_baseline_from_a_pre_commit_hook(git_repo, option, capsys):
    """pre-commit runs the hook on the staged files from the repository root."""
    pytest.importorskip("pre_commit")
    assert main(["check", "docs", "--write-baseline", "baseline.json"]) == 0
    (git_repo / ".pre-commit-config.yaml").write_text(
        "repos:\n  - repo: local\n    hooks:\n      - id: inclusivelint\n        name: inclusivelint\n"
        f"        entry: {sys.executable} -m inclusivelint check --concise {option}\n"
        "        language: system\n        types_or: [markdown]\n")
    _git(git_repo, "add", ".pre-commit-config.yaml", "baseline.json")
    team = git_repo / "docs" / "team.md"
    team.write_text("# Team\n\nA fresh paragraph.\n" + OLD.removeprefix("# Team\n"))
    _git(git_repo, "add", ".")
    src = str(Path(inclusivelint.__file__).parents[1])  # this checkout, as the tests import it
    env = {**os.environ, "PRE_COMMIT_HOME": str(git_repo / ".pc-home"),
           "PYTHONPATH": os.pathsep.join(filter(None, [src, os.environ.get("PYTHONPATH")]))}
    run = [sys.executable, "-m", "pre_commit", "run", "--files", "docs/team.md"]
    ok = subprocess.run(run, cwd=git_repo, env=env, capture_output=True, text=True, timeout=300)
    assert ok.returncode == 0, ok.stdout + ok.stderr  # the old findings moved down, nothing new
    team.write_text(team.read_text() + "\nThe chairman agrees.\n")
    _git(git_repo, "add", ".")
    bad = subprocess.run(run, cwd=git_repo, env=env, capture_output=True, text=True, timeout=300)
    assert bad.returncode == 1
    assert "docs/team.md:8:5  warning  chairman" in bad.stdout and "culture-fit" not in bad.stdout
