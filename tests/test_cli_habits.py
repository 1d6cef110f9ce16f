"""CLI habits users bring from ruff: --quiet, --exit-zero, --output-file, --show-fixes,
`init`, `config`, a progress bar on terminals only, `rules` with terms, did-you-mean."""

import json
from pathlib import Path

import pytest
import yaml

from inclusivelint import config
from inclusivelint.cli import main

ROOT = Path(__file__).resolve().parents[1]
TEXT = "# Team\n\nThe chairman said we want a culture fit.\n"


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("CI", "GITHUB_ACTIONS"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / "a.md").write_text(TEXT)
    return tmp_path


def test_quiet_prints_the_findings_and_nothing_else(here, capsys):
    assert main(["check", "a.md", "--concise", "--quiet"]) == 1
    out = capsys.readouterr()
    assert out.out.splitlines() == [
        "a.md:3:5  warning  chairman  “chairman” genders a role that anyone can hold; prefer “chair”",
        "a.md:3:29  warning  culture-fit  “culture fit” tends to reward people who resemble the current team"]
    (here / "ok.md").write_text("All good.\n")
    assert main(["check", "ok.md", "--quiet"]) == 0
    assert capsys.readouterr().out == ""


def test_exit_zero_keeps_errors(here, capsys):
    assert main(["check", "a.md", "--exit-zero"]) == 0
    assert "chairman" in capsys.readouterr().out
    assert main(["check", "a.md", "missing.md", "--exit-zero"]) == 2


def test_output_file_gets_the_report_without_colour(here, capsys):
    assert main(["check", "a.md", "-o", "report.json", "--format", "json"]) == 1
    assert capsys.readouterr().out == ""
    assert [f["rule_id"] for f in json.loads((here / "report.json").read_text())["findings"]] == [
        "chairman", "culture-fit"]
    assert main(["check", "a.md", "--output-file", "report.txt", "--color"]) == 1
    written = (here / "report.txt").read_text()
    assert "a.md:3:5" in written and "\x1b[" not in written
    assert main(["check", "a.md", "-o", "no/such/dir/r.txt"]) == 2
    assert "cannot write the report" in capsys.readouterr().err


def test_show_fixes_lists_what_fix_would_do_and_did(here, capsys):
    assert main(["check", "a.md", "--show-fixes", "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "Fixes that --fix would apply:\na.md:3:5  chairman  “chairman” → “chair”" in err
    assert (here / "a.md").read_text() == TEXT
    assert main(["check", "a.md", "--fix", "--show-fixes"]) == 1  # culture-fit has no automatic fix
    err = capsys.readouterr().err
    assert "Applied fixes:\na.md:3:5  chairman  “chairman” → “chair”" in err and "Fixed 1 problem." in err
    assert (here / "a.md").read_text() == TEXT.replace("chairman", "chair")


def test_init_writes_a_commented_starter_that_loads_and_never_overwrites(here, capsys):
    assert main(["init"]) == 0
    written = (here / ".inclusivelint.yaml").read_text()
    assert "Wrote .inclusivelint.yaml" in capsys.readouterr().err
    for key in config.SCHEMA:  # every setting is shown, so the starter stays complete
        assert f"# {key}:" in written or f"\n{key}:" in written, key
    assert set(yaml.safe_load(written)) == {"fail-on", "profile"}
    assert main(["config"]) == 0  # `config` with no flag shows it
    shown = capsys.readouterr().out
    assert ".inclusivelint.yaml" in shown.splitlines()[0]
    assert "fail-on: suggestion  # " in shown and "profile: docs  # " in shown
    (here / ".inclusivelint.yaml").write_text("fail-on: error\n")
    assert main(["init"]) == 2
    assert "already exists; not overwritten" in capsys.readouterr().err
    assert (here / ".inclusivelint.yaml").read_text() == "fail-on: error\n"


def test_every_commented_setting_in_the_starter_is_valid_when_uncommented(here, capsys):
    main(["init"])
    capsys.readouterr()
    lines = (here / ".inclusivelint.yaml").read_text().splitlines()
    uncommented = [ln[2:] if ln.startswith("# ") and (":" in ln.split()[1] or ln.startswith("#   "))
                   else ln for ln in lines]
    data = yaml.safe_load("\n".join(uncommented))
    assert set(data) == set(config.SCHEMA)
    (here / ".inclusivelint.yaml").write_text("\n".join(uncommented) + "\n")
    assert main(["check", "a.md", "--quiet"]) in (0, 1), capsys.readouterr().err


def _fake_terminal(monkeypatch, capsys):
    import sys

    from inclusivelint.commands import check

    monkeypatch.setattr(check, "PROGRESS_DELAY_SECONDS", 0)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)


def test_progress_bar_on_a_terminal_only(here, capsys, monkeypatch):
    for i in range(5):
        (here / f"doc{i}.md").write_text(TEXT)
    assert main(["check", ".", "--quiet"]) == 1  # not a terminal (captured)
    assert capsys.readouterr().err == ""
    _fake_terminal(monkeypatch, capsys)
    main(["check", "."])
    assert "checking" in capsys.readouterr().err
    main(["check", ".", "--quiet"])
    assert "checking" not in capsys.readouterr().err
    monkeypatch.setenv("CI", "true")
    main(["check", "."])
    assert "checking" not in capsys.readouterr().err


def test_rules_shows_each_term(capsys):
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    assert "“…”" not in out
    row = next(line for line in out.splitlines() if line.startswith("paying-dues "))
    assert "“paying your dues”" in row
    row = next(line for line in out.splitlines() if line.startswith("chairman "))
    assert "“chairman”" in row


@pytest.mark.parametrize("argv, hint", [
    (["check", "a.md", "--select", "paying-due"], "unknown rule or category 'paying-due'; did you mean 'paying-dues'?"),
    (["check", "a.md", "--ignore", "gendred"], "did you mean 'gendered', 'transgendered' or 'grandfathered'?"),
    (["explain", "chairmen"], "unknown rule 'chairmen'; did you mean 'chairman'"),
    (["rules", "--category", "ablist"], "unknown category 'ablist'; did you mean 'ableist' or 'ageist'?"),
    (["check", "a.md", "--select", "zzzz"], "unknown rule or category 'zzzz'; `inclusivelint rules` lists them"),
])
def test_did_you_mean(here, capsys, argv, hint):
    assert main(argv) == 2
    assert hint in capsys.readouterr().err


def test_did_you_mean_in_a_config_file(here, capsys):
    (here / ".inclusivelint.yaml").write_text("select: [paying-due]\n")
    assert main(["check", "a.md"]) == 2
    assert "select: unknown rule or category 'paying-due'; did you mean 'paying-dues'?" in capsys.readouterr().err


def test_pre_commit_hook_prints_the_short_form():
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["entry"].split()[:3] == ["inclusivelint", "check", "--concise"]


@pytest.mark.skipif(not hasattr(__import__("os"), "openpty"), reason="needs a pseudo-terminal")
@pytest.mark.slow
def test_progress_bar_on_a_real_terminal_and_never_in_a_pipe(here):
    """The console script with its standard error on a pseudo-terminal, then on a pipe
    (the bar's one-second delay is set to zero so a short run shows it)."""
    import fcntl
    import os
    import struct
    import subprocess
    import sys
    import termios

    import inclusivelint

    for i in range(5):
        (here / f"doc{i}.md").write_text(TEXT)
    script = ("import inclusivelint.commands.check as c; c.PROGRESS_DELAY_SECONDS = 0; "
              "from inclusivelint.cli import run; run()")
    src = str(Path(inclusivelint.__file__).resolve().parents[1])
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "GITHUB_ACTIONS")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [src, env.get("PYTHONPATH")]))

    def run(stderr_tty: bool, **extra):
        argv = [sys.executable, "-c", script, "check", ".", "--concise"]
        if not stderr_tty:
            return subprocess.run(argv, cwd=here, env={**env, **extra}, capture_output=True, text=True).stderr
        primary, secondary = os.openpty()
        # A new pseudo-terminal is 0 columns wide; give it a real terminal's size.
        fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        proc = subprocess.run(argv, cwd=here, env={**env, **extra}, stdout=subprocess.PIPE, stderr=secondary)
        os.close(secondary)
        chunks = []
        while True:
            try:
                chunk = os.read(primary, 4096)
            except OSError:  # EIO: the terminal's other end is closed
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(primary)
        assert proc.returncode == 1
        return b"".join(chunks).decode("utf-8", "replace")

    shown = run(True)
    assert "checking" in shown and "/6 " in shown  # six files: the bar counts them
    assert "checking" not in run(False)
    assert "checking" not in run(True, CI="true")
