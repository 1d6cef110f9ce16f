"""Huge files in chunks: exact offsets into the whole file, no cut inside a code block."""

import re

import pytest

from inclusivelint.read import stream
from inclusivelint.read.lines import LineIndex

PROSE = "Café “naïve” 😀 part {i}: we need a rockstar here,\nnot a hero.\n\n"
CODE = "```python\n" + "x = rockstar()  # whitelist\n\n" * 60 + "```\n\n"
COMMENT = "<!--\n\nA rockstar in a comment.\n\n-->\n\n"
FRONT = "---\ntitle: Big\n\nsummary: rockstar wanted\n---\n\n"


def _check_positions(text, findings):
    lines = LineIndex(text)
    for f in findings:
        assert text[f.start:f.end] == f.matched
        assert lines.position(f.start) == (f.line, f.column)
        assert lines.position(f.end) == (f.end_line, f.end_column)


@pytest.fixture(scope="module")
def big_markdown(tmp_path_factory):
    """~20 MB of Markdown: mostly fenced code (with blank lines inside), some prose."""
    path = tmp_path_factory.mktemp("big") / "big.md"
    units = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(FRONT)
        size = len(FRONT)
        while size < 20_000_000:
            block = PROSE.format(i=units) + CODE + (COMMENT if units % 7 == 0 else "")
            fh.write(block)
            size += len(block.encode("utf-8"))
            units += 1
    return path, units


@pytest.mark.slow
def test_big_markdown_offsets_are_exact(big_markdown, linter):
    path, units = big_markdown
    only = linter.selection(["rockstar"])
    findings = list(stream.lint_file(path, linter=linter, only=only, chunk_chars=256_000))
    text = path.read_text(encoding="utf-8")
    assert len(findings) == units  # one per prose paragraph; none in code, comments, front matter
    assert all(f.path == str(path) for f in findings)
    assert [f.start for f in findings] == sorted(f.start for f in findings)
    _check_positions(text, findings)
    for f in findings:
        assert text[f.start - 40:f.start].find("part") >= 0  # it is the prose occurrence
    assert len(text.encode("utf-8")) > len(text)  # so offsets are characters, not bytes


def test_chunks_end_at_paragraphs_outside_code(big_markdown):
    path, _ = big_markdown
    with path.open(encoding="utf-8", newline="") as fh:
        pieces = list(stream.chunks(fh, "markdown", 256_000))
    assert len(pieces) > 50
    offset = 0
    for piece in pieces:
        assert piece.offset == offset
        offset += len(piece.text)
        assert len(re.findall(r"^```", piece.text, re.M)) % 2 == 0
        assert piece.text.count("<!--") == piece.text.count("-->")
        assert piece.text.endswith("\n\n") or piece is pieces[-1]
        assert piece.column == 1
    assert pieces[0].text.startswith(FRONT)
    assert pieces[-1].line == 1 + sum(p.text.count("\n") for p in pieces[:-1])


def test_same_findings_as_whole_file(tmp_path, linter):
    text = "".join(
        f"Para {i}. We want a rockstar who paid their dues; whitelisted IPs,\r\n"
        f"and the master branch. Café {i}.\r\n\r\n" + ("```\nrockstar\n\nmaster\n```\n\n" if i % 3 else "")
        for i in range(400)
    )
    for name in ("doc.md", "doc.txt"):
        path = tmp_path / name
        path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))  # a BOM is not part of the text
        whole = linter.lint(text, path=str(path))
        assert len(whole) > 400
        assert list(stream.lint_file(path, linter=linter, chunk_chars=2_000)) == whole


def test_one_endless_line_is_cut_at_spaces(tmp_path, linter):
    text = "plain words " * 10_000 + "a rockstar " + "more words " * 10_000 + "a rockstar"
    path = tmp_path / "line.txt"
    path.write_text(text, encoding="utf-8")
    only = linter.selection(["rockstar"])
    findings = list(stream.lint_file(path, linter=linter, only=only, chunk_chars=5_000))
    assert [f.matched for f in findings] == ["rockstar", "rockstar"]
    assert all(f.line == 1 for f in findings)
    _check_positions(text, findings)


def test_bad_bytes_and_missing_file(tmp_path, linter):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"a rockstar\n\n" * 10 + b"caf\xe9\n")
    with pytest.raises(stream.StreamError, match="UTF-8"):
        list(stream.lint_file(path, linter=linter))
    with pytest.raises(stream.StreamError, match="cannot read"):
        list(stream.lint_file(tmp_path / "nope.txt", linter=linter))


def test_no_chunk_exceeds_the_limit(tmp_path):
    # Paragraph ends only every ~600k characters: forced cuts keep chunks under the limit.
    text = ("x" * 99 + "\n") * 6_000 + "\n" + ("y" * 99 + "\n") * 6_000
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    with path.open(encoding="utf-8", newline="") as fh:
        pieces = list(stream.chunks(fh, "text", 300_000))
    assert "".join(p.text for p in pieces) == text
    assert max(len(p.text) for p in pieces) <= stream.MAX_CHUNK_CHARS
    assert all(p.column == 1 for p in pieces)


def test_directives_reach_across_chunks(tmp_path, linter):
    para = "We want a rockstar here.\n\n"
    text = (para * 50 + "<!-- inclusivelint disable rockstar -->\n\n" + para * 300
            + "<!-- inclusivelint enable -->\n\n" + para * 50)
    path = tmp_path / "d.md"
    path.write_text(text, encoding="utf-8")
    only = linter.selection(["rockstar"])
    found = list(stream.lint_file(path, linter=linter, only=only, chunk_chars=1_000))
    assert found == linter.lint(text, path=str(path), only=only)
    assert len(found) == 100
    path.write_text(para * 300 + "<!-- inclusivelint disable-file rockstar -->\n", encoding="utf-8")
    assert list(stream.lint_file(path, linter=linter, only=only, chunk_chars=1_000)) == []
