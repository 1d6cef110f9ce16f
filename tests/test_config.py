"""Configuration discovery, precedence, validation, per-path overrides, and inline directives."""

import json
import shutil
import textwrap
from pathlib import Path

import pytest

from inclusivelint.cli import main

HOUSE_RULE = Path(__file__).parent / "fixtures" / "house-rules" / "coded-culture" / "synergy.yaml"

AD = "Stop paying your dues.\nEach applicant signs his/her form.\n"


def run_json(argv, capsys):
    code = main([*argv, "--format", "json"])
    out = capsys.readouterr()
    return code, json.loads(out.out) if out.out.strip() else None, out.err


def rule_ids(doc):
    return sorted(f["rule_id"] for f in doc["findings"])


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "ad.md").write_text(AD)
    (tmp_path / "jobs").mkdir()
    (tmp_path / "jobs" / "ad.md").write_text(AD)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_pyproject_table_is_found_by_walking_up(project, capsys):
    (project / "pyproject.toml").write_text('[tool.inclusivelint]\nselect = ["paying-dues"]\n')
    code, doc, _ = run_json(["check", "docs/ad.md"], capsys)
    assert code == 1 and rule_ids(doc) == ["paying-dues"]


def test_yaml_config_and_command_line_precedence(project, capsys):
    (project / ".inclusivelint.yaml").write_text("select: [paying-dues]\nfail-on: error\n")
    code, doc, _ = run_json(["check", "docs/ad.md"], capsys)
    assert rule_ids(doc) == ["paying-dues"] and code == 0  # warning < error
    code, doc, _ = run_json(["check", "docs/ad.md", "--select", "he-or-she", "--fail-on", "suggestion"], capsys)
    assert rule_ids(doc) == ["he-or-she"] and code == 1


def test_explicit_config_and_isolated(project, capsys):
    (project / "strict.yaml").write_text("select: [he-or-she]\n")
    (project / ".inclusivelint.yaml").write_text("select: [paying-dues]\n")
    _, doc, _ = run_json(["check", "docs/ad.md", "--config", "strict.yaml"], capsys)
    assert rule_ids(doc) == ["he-or-she"]
    _, doc, _ = run_json(["check", "docs/ad.md", "--isolated", "--select", "paying-dues,he-or-she"], capsys)
    assert rule_ids(doc) == ["he-or-she", "paying-dues"]


def test_severity_allow_exclude_and_overrides(project, capsys):
    (project / ".inclusivelint.yaml").write_text(textwrap.dedent("""\
        select: [paying-dues, he-or-she]
        severity: {paying-dues: error}
        allow: [his/her]
        exclude: ["docs/skip/**"]
        overrides:
          - files: ["jobs/**"]
            allow: []
            severity: {he-or-she: error}
        """))
    (project / "docs" / "skip").mkdir()
    (project / "docs" / "skip" / "x.md").write_text(AD)
    _, doc, _ = run_json(["check", "."], capsys)
    by_path = {}
    for f in doc["findings"]:
        by_path.setdefault(f["path"], []).append((f["rule_id"], f["severity"]))
    assert by_path == {
        "docs/ad.md": [("paying-dues", "error")],
        "jobs/ad.md": [("paying-dues", "error"), ("he-or-she", "error")],
    }


@pytest.mark.parametrize("content, message", [
    ("selct: [x]\n", "selct: unknown key"),
    ("fail-on: fatal\n", "fail-on: expected one of suggestion, warning, error, got 'fatal'"),
    ("select: [no-such-rule]\n", "select: unknown rule or category 'no-such-rule'"),
    ("severity: {no-such-rule: error}\n", "severity.no-such-rule: unknown rule id"),
    ("include-code: maybe\n", "include-code: expected true or false"),
    ("select: [a\n", "invalid YAML"),
    ("overrides: [{allow: [x]}]\n", "overrides[0]: expected a map with 'files'"),
])
def test_invalid_config_names_file_key_and_expectation(project, capsys, content, message):
    (project / ".inclusivelint.yaml").write_text(content)
    assert main(["check", "docs/ad.md"]) == 2
    err = capsys.readouterr().err
    assert ".inclusivelint.yaml" in err and message in err
    assert "Traceback" not in err


def test_invalid_pyproject_key_is_prefixed(project, capsys):
    (project / "pyproject.toml").write_text("[tool.inclusivelint]\nfail_on = 'error'\n")
    assert main(["check", "docs/ad.md"]) == 2
    assert "tool.inclusivelint.fail_on: unknown key" in capsys.readouterr().err


def test_config_show_reports_origins(project, capsys):
    (project / ".inclusivelint.yaml").write_text("fail-on: warning\n")
    assert main(["config", "--show"]) == 0
    out = capsys.readouterr().out
    assert "fail-on: warning  # " in out and ".inclusivelint.yaml" in out
    assert "include-code: false  # default" in out


def _house_rules(project, config: str = "") -> Path:
    """The project's `house-rules/coded-culture/` folder holding the synergy rule, named in
    its `.inclusivelint.yaml` (with `config` after it)."""
    extra = project / "house-rules" / "coded-culture"
    extra.mkdir(parents=True)
    shutil.copy(HOUSE_RULE, extra / "synergy.yaml")
    (project / ".inclusivelint.yaml").write_text("extra-rules: [house-rules]\n" + config)
    return extra


@pytest.mark.slow
def test_extra_rules_directory_is_validated_and_used(project, capsys):
    extra = _house_rules(project, "select: [synergy]\n")
    (project / "docs" / "ad.md").write_text("Synergy matters.\n")
    _, doc, _ = run_json(["check", "docs/ad.md"], capsys)
    assert rule_ids(doc) == ["synergy"]
    (extra / "synergy.yaml").write_text("id: synergy\ncategory: coded-culture\n")
    assert main(["check", "docs/ad.md"]) == 2
    assert "synergy.yaml: severity: required key is missing" in capsys.readouterr().err


DIRECTIVE_DOC = """\
<!-- inclusivelint disable-next-line paying-dues -->
Stop paying your dues.

<!-- inclusivelint disable gendered -->
Each applicant signs his/her form. Pay your dues.
<!-- inclusivelint enable gendered -->

Each applicant signs his/her form.
<!-- inclusivelint disable-next-line he-or-she -->
Nothing to suppress here.
"""


def test_directives_suppress_and_unused_ones_are_reported(tmp_path, capsys):
    path = tmp_path / "d.md"
    path.write_text(DIRECTIVE_DOC)
    code, doc, _ = run_json(["check", str(path), "--isolated", "--select", "paying-dues,he-or-she",
                             "--warn-unused-ignores"], capsys)
    got = [(f["line"], f["rule_id"]) for f in doc["findings"]]
    assert got == [(5, "paying-dues"), (8, "he-or-she"), (9, "unused-directive")]
    _, doc, _ = run_json(["check", str(path), "--isolated", "--select", "paying-dues,he-or-she",
                          "--no-warn-unused-ignores"], capsys)
    assert [f["rule_id"] for f in doc["findings"]] == ["paying-dues", "he-or-she"]


def test_disable_file_and_code_directive(tmp_path, capsys):
    md = tmp_path / "f.md"
    md.write_text("<!-- inclusivelint disable-file -->\nPay your dues. Pay your dues.\n")
    code, doc, _ = run_json(["check", str(md), "--isolated", "--select", "paying-dues"], capsys)
    assert code == 0 and doc["findings"] == []
    py = tmp_path / "f.py"
    py.write_text("x = 1  # pay your dues  inclusivelint: disable-line\n# pay your dues\n")
    # Both ways: CI turns on --warn-unused-ignores, and a directive that had swallowed
    # the comment's own words ("pay your dues" before it) was reported as unused there.
    for warn in ("--warn-unused-ignores", "--no-warn-unused-ignores"):
        _, doc, err = run_json(["check", str(py), "--isolated", "--include-code", warn,
                                "--select", "paying-dues"], capsys)
        assert [(f["line"], f["rule_id"]) for f in doc["findings"]] == [(2, "paying-dues")], (warn, doc, err)


def test_code_directive_for_another_rule_leaves_the_comment_prose(tmp_path, capsys):
    py = tmp_path / "f.py"
    py.write_text("x = 1  # pay your dues  inclusivelint: disable-line he-or-she\n")
    _, doc, _ = run_json(["check", str(py), "--isolated", "--include-code", "--warn-unused-ignores",
                          "--select", "paying-dues,he-or-she"], capsys)
    got = [(f["rule_id"], f["start"], f["end"]) for f in doc["findings"]]
    text = py.read_text()
    assert [r for r, _, _ in got] == ["paying-dues", "unused-directive"]
    assert text[got[0][1]:got[0][2]] == "pay your dues"
    assert text[got[1][1]:got[1][2]] == "inclusivelint: disable-line he-or-she"


def test_source_files_need_include_code(tmp_path, capsys):
    (tmp_path / "a.py").write_text("# pay your dues\n")
    code, doc, _ = run_json(["check", str(tmp_path), "--isolated", "--select", "paying-dues"], capsys)
    assert doc["files"] == 0
    code, doc, _ = run_json(["check", str(tmp_path), "--isolated", "--include-code", "--select", "paying-dues"],
                            capsys)
    assert doc["files"] == 1 and len(doc["findings"]) == 1


@pytest.mark.slow
def test_rules_check_runs_the_examples_of_extra_rules(project, capsys):
    extra = _house_rules(project)
    assert main(["rules", "--check", "--category", "coded-culture"]) == 0
    out = capsys.readouterr()
    assert "every example behaves" in out.out + out.err
    assert main(["rules", "--format", "json"]) == 0
    assert "synergy" in {r["id"] for r in json.loads(capsys.readouterr().out)["rules"]}
    # An example that the rule's own pattern cannot flag is reported with its file and key.
    text = (extra / "synergy.yaml").read_text()
    broken = text.replace('flag: ["We love', 'flag: ["Teamwork [[matters]].", "We love', 1)
    assert broken != text
    (extra / "synergy.yaml").write_text(broken)
    assert main(["rules", "--check", "--isolated"]) == 0  # bundled rules only: all behave
    capsys.readouterr()
    assert main(["rules", "--check"]) == 1
    out = capsys.readouterr()
    assert "synergy.yaml: examples.flag[0]: expected ['matters'] to be flagged" in out.out
    assert "1 example misbehave" in out.err
