"""Autofix: grammar, case and the user's file kept intact."""

import os
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inclusivelint.cli import main
from inclusivelint.lint.engine import linter_for
from inclusivelint.lint.finding import Finding, Severity
from inclusivelint.fix.edits import apply_fixes, plan

EXTRA = Path(__file__).parent / "fixtures" / "extra-rules"


def finding(text, phrase, suggestion, fix="safe", nth=0):
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return Finding("r", "c", Severity.WARNING, "m", start, start + len(phrase), 1, 1, 1, 1, phrase,
                   (suggestion,), (), fix)


@pytest.mark.parametrize("text, phrase, suggestion, expected", [
    ("We blacklisted it.", "blacklisted", "blocklist", "We blocklisted it."),
    ("The Chairmen met.", "Chairmen", "chair", "The chairs met."),  # a capital mid-sentence is not kept
    ("Stop whitelisting hosts.", "whitelisting", "allowlist", "Stop allowlisting hosts."),
    ("WHITELISTS ARE OLD.", "WHITELISTS", "allowlist", "ALLOWLISTS ARE OLD."),
    ("Ask a chairman.", "chairman", "chair", "Ask a chair."),
    ("Keep a whitelist.", "whitelist", "allowlist", "Keep an allowlist."),
    ("Keep A\nwhitelist.", "whitelist", "allowlist", "Keep An\nallowlist."),
    ("Use an blacklist.", "blacklist", "denylist", "Use a denylist."),
    ("More manpower.", "manpower", "workforce", "More workforce."),
])
def test_replacement_keeps_inflection_case_and_article(text, phrase, suggestion, expected):
    assert apply_fixes(text, [finding(text, phrase, suggestion)]) == expected


@pytest.mark.parametrize("text, phrase, expected", [
    ("Each user says he is ready.", "he", "Each user says they are ready."),
    ("If so, he always goes home.", "he", "If so, they always go home."),
    ("He was late; he has left.", "He", "They were late; he has left."),
    ("The user updates his settings.", "his", "The user updates their settings."),
    ("The choice is his.", "his", "The choice is theirs."),
    ("Give her the keys.", "her", "Give them the keys."),
    ("Ask her manager.", "her", "Ask their manager."),
    ("He's ready.", "He", "They're ready."),
])
def test_generic_pronouns_become_they_with_agreeing_verb(text, phrase, expected):
    assert apply_fixes(text, [finding(text, phrase, "they", "unsafe")], unsafe=True) == expected


def test_applicability():
    text = "blacklist chairman guys"
    fs = [finding(text, "blacklist", "denylist", "safe"), finding(text, "chairman", "chair", "unsafe"),
          finding(text, "guys", "everyone", "display-only")]
    assert apply_fixes(text, fs) == "denylist chairman guys"
    assert apply_fixes(text, fs, unsafe=True) == "denylist chair guys"


def test_overlapping_fixes_resolve_deterministically():
    text = "a big blacklist"
    fs = [finding(text, "big blacklist", "blocklist"), finding(text, "blacklist", "denylist")]
    assert [e.replacement for e in plan(text, fs)] == ["blocklist"]
    assert plan(text, fs) == plan(text, list(reversed(fs)))


@pytest.fixture
def linter():
    return linter_for((EXTRA,))


WORDS = ["the", "list", "black", "team", "Chairman", "blacklist", "Blacklisted", "BLACKLIST",
         "black-listed", "a", "an", "chairmen", "policy", "\n", "\n\n", "  ", "code", "é", "🙂", "\r\n"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=40))
def test_fixing_changes_only_flagged_spans_and_is_idempotent(linter, words):
    text = " ".join(words)
    only = frozenset({"test-denylist"})
    findings = linter.lint(text, only=only)
    edits = plan(text, findings)
    fixed = apply_fixes(text, findings)
    # Outside the edits, every character is where it was.
    pos, out = 0, 0
    for e in edits:
        assert fixed[out:out + e.start - pos] == text[pos:e.start]
        out += e.start - pos + len(e.replacement)
        pos = e.end
    assert fixed[out:] == text[pos:]
    # A second run finds nothing left to fix and changes nothing.
    again = linter.lint(fixed, only=only)
    assert apply_fixes(fixed, again) == fixed


def run(argv, capsys):
    code = main(argv)
    return code, capsys.readouterr()


def test_cli_fix_rewrites_only_the_spans_and_keeps_bom_crlf_and_mode(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".inclusivelint.yaml").write_text(f"extra-rules: [{EXTRA}]\nselect: [test-denylist]\n")
    path = tmp_path / "notes.md"
    original = "\ufeff# Notes\r\n\r\nAdd it to the blacklist.\r\n\r\n```\nblacklist()\n```\r\nno newline at end"
    path.write_bytes(original.encode("utf-8"))
    os.chmod(path, 0o640)
    code, out = run(["check", "notes.md", "--fix"], capsys)
    assert code == 0, out.out + out.err
    assert "Fixed 1 problem." in out.err
    assert path.read_bytes() == original.replace("the blacklist", "the denylist").encode("utf-8")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    before = path.read_bytes()
    code, out = run(["check", "notes.md", "--fix"], capsys)
    assert code == 0 and path.read_bytes() == before  # idempotent
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".inclusivelint")]


def test_cli_diff_changes_nothing(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".inclusivelint.yaml").write_text(f"extra-rules: [{EXTRA}]\nselect: [test-denylist]\n")
    path = tmp_path / "a.txt"
    path.write_text("Chairmen keep a blacklist.\n")
    code, out = run(["check", "a.txt", "--diff"], capsys)
    assert code == 1
    assert "-Chairmen keep a blacklist.\n+Denylists keep a denylist.\n" in out.out
    assert path.read_text() == "Chairmen keep a blacklist.\n"


def test_cli_fix_stdin_prints_fixed_text(tmp_path, capsys, monkeypatch):
    import io
    import sys

    monkeypatch.chdir(tmp_path)
    (tmp_path / ".inclusivelint.yaml").write_text(f"extra-rules: [{EXTRA}]\nselect: [test-denylist]\n")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"the blacklist\n")))
    code, out = run(["check", "-", "--fix"], capsys)
    assert out.out == "the denylist\n"


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else False,
                    reason="root can write read-only files")
def test_read_only_files_are_reported(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".inclusivelint.yaml").write_text(f"extra-rules: [{EXTRA}]\nselect: [test-denylist]\n")
    path = tmp_path / "ro.txt"
    path.write_text("the blacklist\n")
    os.chmod(path, 0o444)
    code, out = run(["check", "ro.txt", "--fix"], capsys)
    assert code == 2 and "ro.txt: read-only file: fixes not written" in out.err
    assert path.read_text() == "the blacklist\n"


def test_a_suggestion_with_its_own_article_replaces_ours():
    text = "We're a young team that ships."
    assert apply_fixes(text, [finding(text, "young team", "a team that enjoys learning")]) == \
        "We're a team that enjoys learning that ships."
    text = "An old-timer knows."
    assert apply_fixes(text, [finding(text, "old-timer", "a long-serving colleague")]) == \
        "A long-serving colleague knows."
