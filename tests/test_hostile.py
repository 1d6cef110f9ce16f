"""Hostile input (issue 14): generated markup, encodings and file trees, and each case
the issue reported. Whatever comes in: no traceback, exit code 0, 1 or 2, offsets that
hold, fixes that are idempotent and touch no byte outside their edits, and no file left
truncated or as a temporary file."""

from __future__ import annotations

import json
import os
import stat
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inclusivelint.read import source
from inclusivelint.cli import main
from inclusivelint.fix.edits import apply_edits, plan

FLAGGED = ["whitelist", "blacklist", "chairman", "guys", "crazy", "manpower", "master branch", "he"]
WORDS = FLAGGED + ["the", "user", "logs", "in", "Add", "it", "to", "a", "list", "é", "日本", "🙂", "e\u0301", "."]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16-le", "utf-16-be"]
CHECK = ["check", "--isolated", "-j1", "--no-color"]
_settings = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                             HealthCheck.too_slow])

# -- strategies -----------------------------------------------------------------------------

sentence = st.lists(st.sampled_from(WORDS), min_size=1, max_size=12).map(" ".join)


@st.composite
def markup(draw) -> str:
    """A document mixing the constructs parsers trip on, nested to random depths."""
    blocks = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["quote", "list", "table", "fence", "html", "rst", "plain", "heading"]))
        text, depth = draw(sentence), draw(st.integers(1, 30))
        blocks.append({
            "quote": "> " * depth + text,
            "list": "\n".join("  " * i + "- " + text for i in range(min(depth, 8))) + "\n" + "- " * depth + text,
            "table": f"| {text} | x |\n|---|---|\n| y | {text} |",
            "fence": f"```\n{text}\n```\n{text}",
            "html": f"<div><p>{text}</p><!-- {text} --><script>{text}</script>" + "<b>" * depth + text,
            "rst": f".. note::\n\n   {text}\n\n.. code-block:: python\n\n   {text}\n\n" + "  " * depth + text,
            "plain": text,
            "heading": f"# {text}\n\n{text}\n{'=' * len(text)}",
        }[kind])
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return newline.join(b.replace("\n", newline) for b in blocks) + draw(st.sampled_from(["", newline]))


@st.composite
def tree(draw, root: Path) -> list[str]:
    """A directory of prose files in random encodings, with links in, out, dangling and looping."""
    made = []
    for i in range(draw(st.integers(0, 4))):
        folder = root / draw(st.sampled_from(["", "a", "a/b", "c"]))
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"f{i}{draw(st.sampled_from(['.md', '.txt', '.rst', '.html']))}"
        text = draw(markup()) * draw(st.sampled_from([1, 1, 40]))
        path.write_bytes(_encode(text, draw(st.sampled_from(ENCODINGS))))
        made.append(path)
    for j in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["loop", "file", "outside", "dangling", "self"]))
        link = root / f"link{j}" if kind != "file" else root / f"link{j}.md"
        target = {"loop": "..", "outside": str(root.parent), "dangling": "nowhere.md", "self": link.name,
                  "file": os.path.relpath(made[0], root) if made else "nowhere.md"}[kind]
        (root / "a").mkdir(exist_ok=True)
        (root / "a" / link.name if kind == "loop" else link).symlink_to(target)
    return [str(p) for p in made]


def _encode(text: str, encoding: str) -> bytes:
    if encoding.startswith("utf-16"):
        return ("\ufeff" + text).encode(encoding)
    return text.encode(encoding)


# -- properties -----------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "rst"])
@_settings
@given(text=markup())
def test_generated_markup_lints_with_exact_offsets(linter, fmt, text):
    for f in linter.lint(text, input_format=fmt):
        assert 0 <= f.start < f.end <= len(text) and text[f.start:f.end] == f.matched


@_settings
@given(text=markup(), encoding=st.sampled_from(ENCODINGS), suffix=st.sampled_from([".md", ".txt", ".rst", ".html"]))
def test_fix_keeps_encoding_touches_only_edits_and_is_idempotent(linter, capsys, text, encoding, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"doc{suffix}"
        original = _encode(text, encoding)
        path.write_bytes(original)
        doc = source.read(str(path))
        expected_text = apply_edits(doc.text, plan(doc.text, linter.lint(doc.text, path=str(path))))
        assert main(CHECK + ["--fix", str(path)]) in (0, 1)
        err = capsys.readouterr().err
        assert "Traceback" not in err and "internal error" not in err
        data = path.read_bytes()
        assert data == _encode(expected_text, encoding)  # same encoding and mark; only the edits differ
        assert main(CHECK + ["--fix", str(path)]) in (0, 1)  # a second run changes nothing
        assert path.read_bytes() == data
        assert "Fixed" not in capsys.readouterr().err
        assert sorted(os.listdir(tmp)) == [path.name]  # no temporary file left


@_settings
@given(data=st.data(), fix=st.booleans())
def test_generated_trees_never_crash(capsys, data, fix):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "root"
        root.mkdir()
        files = data.draw(tree(root))
        before = {p: os.lstat(p) for p in files}
        code = main(CHECK + ["--format", "json", *(["--fix"] if fix else []), str(root)])
        out, err = capsys.readouterr()
        assert code in (0, 1, 2) and "Traceback" not in err and "internal error" not in err
        report = json.loads(out)
        for f in report["findings"]:
            text = source.read(f["path"]).text
            assert text[f["start"]:f["end"]] == f["matched"] or fix
        for p in files:
            assert os.path.getsize(p) > 0 or before[p].st_size == 0  # nothing truncated
        leftovers = [n for _, _, names in os.walk(root) for n in names if n.endswith(".inclusivelint")]
        assert not leftovers
        for link in root.rglob("link*"):
            assert link.is_symlink()  # links stay links, fixed or not


# -- the cases, one by one --------------------------------------------------------------

def test_symlink_loop_is_named_and_the_files_still_linted(tmp_path, capsys):
    (tmp_path / "loop/a").mkdir(parents=True)
    (tmp_path / "loop/a/x.md").write_text("whitelist\n")
    (tmp_path / "loop/a/up").symlink_to("..")
    assert main(CHECK + ["--concise", str(tmp_path / "loop")]) == 1
    out, err = capsys.readouterr()
    assert out.count("x.md:1:1") == 1 and "in 1 of 1 file" in out
    assert f"warning: {tmp_path / 'loop/a/up'}: symbolic link loop: leads back to {tmp_path / 'loop'}" in err


def test_links_leaving_the_tree_are_skipped_unless_followed(tmp_path, capsys):
    (tmp_path / "out").mkdir()
    (tmp_path / "out/o.md").write_text("the whitelist\n")
    (tmp_path / "tree").mkdir()
    (tmp_path / "tree/t.md").write_text("fine\n")
    (tmp_path / "tree/l.md").symlink_to("../out/o.md")
    (tmp_path / "tree/o").symlink_to("../out")
    assert main(CHECK + [str(tmp_path / "tree")]) == 0
    err = capsys.readouterr().err
    assert "tree/l.md: symbolic link to" in err and "skipped (--follow-links lints it)" in err
    assert "tree/o: symbolic link to" in err
    assert main(CHECK + ["--follow-links", "--concise", str(tmp_path / "tree")]) == 1
    out = capsys.readouterr().out
    assert out.count(":1:5  warning  whitelist") == 1  # one file under two names is linted once


def test_followed_links_keep_the_gitignore_of_where_they_stand(tmp_path, capsys):
    (tmp_path / "repo/.git").mkdir(parents=True)
    (tmp_path / "repo/.gitignore").write_text("*.txt\n")
    (tmp_path / "out").mkdir()
    (tmp_path / "out/o.md").write_text("whitelist\n")
    (tmp_path / "out/o.txt").write_text("whitelist\n")
    (tmp_path / "repo/o").symlink_to("../out")
    assert main(CHECK + ["--follow-links", "--concise", str(tmp_path / "repo")]) == 1
    out = capsys.readouterr().out
    assert "o/o.md:1:1" in out and "o.txt" not in out


def test_unreadable_entries_are_errors_and_the_rest_is_linted(tmp_path, capsys):
    (tmp_path / "ok.md").write_text("whitelist\n")
    (tmp_path / "gone.md").symlink_to("nowhere.md")
    (tmp_path / "self").symlink_to("self")
    assert main(CHECK + ["--concise", str(tmp_path)]) == 2
    out, err = capsys.readouterr()
    assert "ok.md:1:1" in out
    assert f"error: {tmp_path / 'gone.md'}: broken symbolic link (-> nowhere.md)" in err
    assert f"warning: {tmp_path / 'self'}: symbolic link loop" in err


def test_unreadable_file_and_directory_are_named_even_for_root(tmp_path, capsys, monkeypatch):
    (tmp_path / "ok.md").write_text("whitelist\n")
    (tmp_path / "secret.md").write_text("x\n")
    (tmp_path / "locked").mkdir()
    real_scandir, real_read = os.scandir, Path.read_bytes

    def scandir(path):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    def read_bytes(self):
        if self.name == "secret.md":
            raise PermissionError(13, "Permission denied")
        return real_read(self)

    monkeypatch.setattr(source.os, "scandir", scandir)
    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    assert main(CHECK + ["--concise", str(tmp_path)]) == 2
    out, err = capsys.readouterr()
    assert "ok.md:1:1" in out
    assert f"error: {tmp_path / 'locked'}: cannot read directory: Permission denied" in err
    assert f"error: {tmp_path / 'secret.md'}: cannot read: Permission denied" in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file_and_directory_are_named(tmp_path, capsys):
    (tmp_path / "ok.md").write_text("whitelist\n")
    (tmp_path / "secret.md").write_text("x\n")
    (tmp_path / "locked").mkdir()
    os.chmod(tmp_path / "secret.md", 0)
    os.chmod(tmp_path / "locked", 0)
    try:
        assert main(CHECK + [str(tmp_path)]) == 2
        err = capsys.readouterr().err
        assert "secret.md: cannot read" in err and "locked: cannot read directory" in err
    finally:
        os.chmod(tmp_path / "locked", 0o755)


def test_a_directory_without_prose_files_says_so(tmp_path, capsys):
    (tmp_path / "a.py").write_text("x = 1\n")
    assert main(CHECK + [str(tmp_path)]) == 0
    assert f"warning: {tmp_path}: no prose files here" in capsys.readouterr().err


def test_fix_writes_through_a_symlink_and_keeps_mode(tmp_path, capsys):
    (tmp_path / "real").mkdir()
    (tmp_path / "d").mkdir()
    target = tmp_path / "real/t.md"
    target.write_text("Add it to the whitelist.\n")
    os.chmod(target, 0o640)
    (tmp_path / "d/l.md").symlink_to("../real/t.md")
    assert main(CHECK + ["--fix", str(tmp_path / "d/l.md")]) == 0
    assert (tmp_path / "d/l.md").is_symlink()
    assert target.read_text() == "Add it to the allowlist.\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(os.listdir(tmp_path / "real")) == ["t.md"]


def test_fix_keeps_hard_links(tmp_path, capsys):
    one, two = tmp_path / "h.md", tmp_path / "h2.md"
    one.write_text("Add it to the whitelist.\n")
    os.link(one, two)
    assert main(CHECK + ["--fix", str(one)]) == 0
    assert one.stat().st_ino == two.stat().st_ino and two.read_text() == "Add it to the allowlist.\n"
    assert sorted(os.listdir(tmp_path)) == ["h.md", "h2.md"]


def test_a_fix_over_changed_bytes_is_refused(tmp_path):
    path = tmp_path / "t.md"
    path.write_text("Add it to the whitelist.\n")
    doc = source.read(str(path))
    path.write_text("Someone else's edit.\n")  # another fixer (or an editor) got there first
    error = source.write(doc, "Add it to the allowlist.\n")
    assert error is not None and "changed since it was read" in error.message
    assert path.read_text() == "Someone else's edit.\n"


@pytest.mark.slow
def test_two_concurrent_fixers_lose_no_update(tmp_path):
    import subprocess
    import sys

    for i in range(6):
        (tmp_path / f"f{i}.md").write_text("Add it to the whitelist, guys.\n" * 50)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    cmd = [sys.executable, "-m", "inclusivelint"] + CHECK + ["--fix", "--concise", str(tmp_path)]
    runs = [subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    results = [(p.wait(timeout=120), p.stderr.read()) for p in runs]
    for code, err in results:
        assert code in (0, 1, 2) and "Traceback" not in err
    fixed = sum(int(err.split("Fixed ")[1].split()[0]) for _, err in results if "Fixed " in err)
    assert fixed == 6 * 50  # each edit written once: the later fixer refused changed files
    for i in range(6):
        assert (tmp_path / f"f{i}.md").read_text() == "Add it to the allowlist, guys.\n" * 50


def test_unparseable_configs_are_errors_with_file_and_line(tmp_path, capsys, monkeypatch):
    (tmp_path / ".inclusivelint.yaml").write_text("ignore: [whitelist]\n")  # a parent's config
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "a.md").write_text("whitelist\n")
    (sub / "pyproject.toml").write_text('[tool.inclusivelint]\nignore = ["guys"]\nthis is = not toml\n')
    assert main(["check", str(sub)]) == 2
    assert f"error: {sub / 'pyproject.toml'}:3: invalid TOML: Expected '='" in capsys.readouterr().err
    assert main(["config", "--show", str(sub)]) == 2
    (sub / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    (sub / ".inclusivelint.yaml").write_text("select: [a\n")
    assert main(["check", str(sub)]) == 2
    assert f"{sub / '.inclusivelint.yaml'}:2: invalid YAML" in capsys.readouterr().err


def test_markdown_nested_past_the_parser_limit_is_linted(linter):
    text = "> " * 25 + "whitelist here\n\n" + "- " * 25 + "blacklist\n\nok chairman\n"
    found = linter.lint(text, input_format="markdown")
    assert [(f.matched, f.line) for f in found] == [("whitelist", 1), ("blacklist", 3), ("chairman", 5)]


def test_long_rst_parsed_in_parts_places_prose_as_a_whole_parse(monkeypatch):
    from inclusivelint.read import rst

    unit = "Title\n=====\n\n" + "".join("  " * d + f"Level {d} words.\n\n" for d in range(12))
    unit += ".. code-block:: python\n\n   not_prose = 1\n\n   more = 2\n\n"
    src = unit * 30
    whole = [(s.start, s.end) for s in rst._doctree_segments(src)]
    monkeypatch.setattr(rst, "PART_CHARS", 700)
    parts = rst.rst_segments(src)
    assert [(s.start, s.end) for s in parts] == whole
    assert "not_prose" not in "".join(src[s.start:s.end] for s in parts)
    assert [s.block for s in parts] == sorted(s.block for s in parts)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16-le", "utf-16-be"])
def test_bom_encodings_are_read_and_written_back(tmp_path, capsys, encoding):
    path = tmp_path / "t.md"
    path.write_bytes(_encode("Été: add it to the whitelist.\r\n", encoding))
    assert main(CHECK + ["--fix", str(path)]) == 0
    assert path.read_bytes() == _encode("Été: add it to the allowlist.\r\n", encoding)


@pytest.mark.parametrize("data, message", [
    ("Café whitelist\n".encode("latin-1"), "cannot decode as UTF-8 (invalid continuation byte: byte 0xe9 at offset 3)"),
    ("whitelist\n".encode("utf-16-le"), "looks like a binary file (a NUL byte at offset 1;"),
    ("whitelist\n".encode("utf-32"), "UTF-32 text (byte-order mark at offset 0) is not supported"),
    (b"\xff\xfe" + "ok".encode("utf-16-le") + b"\x00\xd8", "cannot decode as UTF-16 LE (unexpected end of data"),
])
def test_other_encodings_are_named_with_the_byte_offset(tmp_path, capsys, data, message):
    (tmp_path / "bad.md").write_bytes(data)
    (tmp_path / "good.md").write_text("whitelist\n")
    assert main(CHECK + ["--concise", str(tmp_path)]) == 2
    out, err = capsys.readouterr()
    assert "good.md:1:1" in out and f"{tmp_path / 'bad.md'}" in err and message in err


def test_allow_accepts_words_inside_a_match(linter):
    text = "Hey guys, welcome."
    assert [f.matched for f in linter.lint(text)] == ["Hey guys"]
    assert linter.lint(text, allow=["guys"]) == [] and linter.lint(text, allow=["HEY  guys"]) == []
    assert [f.matched for f in linter.lint(text, allow=["guy"])] == ["Hey guys"]


def test_unknown_source_of_extra_rules_points_beside_them(tmp_path):
    from inclusivelint.lint.engine import Linter
    from inclusivelint.errors import RuleError

    rule = (Path(__file__).parent / "fixtures/extra-rules").rglob("*.yaml")
    src = next(p for p in rule if p.name != "sources.yaml")
    (tmp_path / src.parent.name).mkdir()
    text = src.read_text().replace("sources: [", "sources: [no-such-source, ", 1)
    (tmp_path / src.parent.name / src.name).write_text(text)
    with pytest.raises(RuleError, match=f"add it to {tmp_path}/sources.yaml, beside these rules"):
        Linter([tmp_path])


def test_a_bug_of_ours_is_one_line_and_exit_2(tmp_path, capsys, monkeypatch):
    from inclusivelint.run import runner

    monkeypatch.setattr(runner, "plan", lambda *a, **k: 1 / 0)
    (tmp_path / "a.md").write_text("x\n")
    assert main(CHECK + [str(tmp_path)]) == 2
    assert "internal error: ZeroDivisionError" in capsys.readouterr().err


# -- bounded cost ---------------------------------------------------------------------------------

def _seconds(fn) -> float:
    best = float("inf")
    for _ in range(2):
        start = time.process_time()  # CPU time: other processes' load does not count
        fn()
        best = min(best, time.process_time() - start)
    return best


@pytest.mark.parametrize("fmt", ["text", "markdown", "rst"])
@pytest.mark.slow
def test_lint_time_is_linear(linter, fmt):
    """N and 4N of context-dependent candidates in one run: quadratic growth gives ~16."""
    unit = "Each user says he is one of the crazy guys, man. Add it to the whitelist, chairman.\n\n"
    linter.lint(unit, input_format=fmt)
    small = _seconds(lambda: linter.lint(unit * 600, input_format=fmt))
    large = _seconds(lambda: linter.lint(unit * 2400, input_format=fmt))
    assert large / small < 6, (fmt, small, large)

