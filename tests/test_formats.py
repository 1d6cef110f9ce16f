"""Fixture documents in each input format: findings as snapshots, offsets exact.

Snapshots live in tests/snapshots/; regenerate them with
INCLUSIVELINT_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_formats.py
and review the diff like any other change.
"""

import difflib
import os
from pathlib import Path

import pytest

from inclusivelint.cli import main

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
SNAPSHOTS = HERE / "snapshots"
# Rules whose behaviour these fixtures pin down (stable ids, written for the engine tests).
RULES = "paying-dues,he-or-she,generic-pronoun"


def assert_snapshot(name: str, actual: str) -> None:
    path = SNAPSHOTS / name
    if os.environ.get("INCLUSIVELINT_UPDATE_SNAPSHOTS"):
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"no snapshot {path}; run with INCLUSIVELINT_UPDATE_SNAPSHOTS=1"
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                            "snapshot", "actual"))
        pytest.fail(f"output differs from {path.name}:\n{diff}")


@pytest.mark.parametrize("fixture", ["guide.md", "page.html", "handbook.rst", "notes.txt", "script.py"])
def test_fixture_report_snapshot(fixture, capsys, monkeypatch):
    monkeypatch.chdir(HERE)
    argv = ["check", f"fixtures/{fixture}", "--select", RULES, "--no-color", "--isolated",
            "--warn-unused-ignores"]
    if fixture.endswith(".py"):
        argv.append("--include-code")
    main(argv)
    assert_snapshot(fixture + ".txt", capsys.readouterr().out)


@pytest.mark.parametrize("fixture", ["guide.md", "page.html", "handbook.rst", "notes.txt", "script.py"])
def test_offsets_point_into_the_original_file(fixture, linter):
    text = (FIXTURES / fixture).read_text(encoding="utf-8")
    findings = linter.lint(text, path=fixture, only=linter.selection(RULES.split(",")))
    assert findings
    for f in findings:
        assert text[f.start:f.end] == f.matched
        line_start = text.rfind("\n", 0, f.start) + 1
        assert f.column == f.start - line_start + 1
        assert f.line == text.count("\n", 0, f.start) + 1


def test_markdown_skips_code_front_matter_urls_and_reads_alt_text(linter):
    text = (FIXTURES / "guide.md").read_text()
    got = [f.matched for f in linter.lint(text, path="guide.md", only=frozenset({"paying-dues"}))]
    assert got == ["pay **their** dues", "pays their dues", "paid\n  their dues", "pay your dues",
                   "paying your dues", "Paying your dues"]


@pytest.mark.parametrize("path", ["ad.txt", "ad.md"])
def test_a_list_marker_glued_to_its_word_is_read_apart(linter, path):
    text = ("Requirements:\n\n-Bachelor's degree in Finance required.\n\u2022Culture fit matters.\n"
            "*Must pay your dues.\nThe non-native-speaker clause and -5 C stay as written.\n"
            "Configure the build with cmake -G Ninja.\n")
    found = linter.lint(text, path=path, document=True)
    got = {f.rule_id: text[f.start:f.end] for f in found}
    assert got["req-degree-required"] == "Bachelor's degree"
    assert got["culture-fit"] == "Culture fit"
    assert got["paying-dues"] == "pay your dues"
    assert "ninja" not in got  # the flag's dash splits off, but the sentence still holds 'cmake'
    assert all(f.matched == text[f.start:f.end] for f in found)


def test_code_lints_comments_and_docstrings_only(linter):
    text = (FIXTURES / "script.py").read_text()
    found = linter.lint(text, path="script.py", only=linter.selection(RULES.split(",")))
    assert [f.matched for f in found] == ["pay their dues", "his/her"]


def test_rst_warning_does_not_hide_prose_after_it(linter):
    # docutils repeats the title inside its "underline too short" warning (wide
    # characters count double); that copy must not move the reader past later prose
    text = "日本 whitelist\n============\n\n> 日本 whitelist\n"
    found = linter.lint(text, path="doc.rst", only=frozenset({"whitelist"}))
    assert [text[f.start:f.end] for f in found] == ["whitelist", "whitelist"]
    assert [f.line for f in found] == [1, 4]
