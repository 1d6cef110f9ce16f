"""Word documents through `check` and `report`, on real .docx files written by python-docx;
and UTF-16 text files with a byte-order mark."""

import hashlib
import json

import pytest

from inclusivelint.read import source
from inclusivelint.cli import main

docx = pytest.importorskip("docx")


@pytest.fixture
def ad(tmp_path):
    """A job ad with a finding in each part: body, table (a merged cell too), header, footer, comment."""
    d = docx.Document()
    d.add_heading("Senior engineer", 1)
    p = d.add_paragraph("We want a ")
    p.add_run("rockstar").bold = True
    p.add_run(" who can work with the chairman.")
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Perks"
    table.cell(0, 1).text = "Young and energetic team"
    table.cell(1, 0).merge(table.cell(1, 1)).text = "Manpower planning"
    d.sections[0].header.paragraphs[0].text = "Acme: a culture fit"
    d.sections[0].footer.paragraphs[0].text = "Each applicant, he or she"
    d.add_comment(p.runs[1], text="Is ninja better?", author="Ann")
    path = tmp_path / "ad.docx"
    d.save(path)
    return path


def test_reads_every_part_one_paragraph_per_line(ad):
    doc = source.read(str(ad))
    lines = doc.text.split("\n")
    assert lines == ["Senior engineer", "We want a rockstar who can work with the chairman.", "Perks",
                     "Young and energetic team", "Manpower planning", "Acme: a culture fit",
                     "Each applicant, he or she", "Is ninja better?"]
    assert doc.places == ("body", "body", "table 1, row 1, cell 1", "table 1, row 1, cell 2",
                          "table 1, row 2, cell 1", "header", "footer", "comment 1 by Ann")
    assert not doc.writable


def test_json_locates_each_finding_by_paragraph_and_character(ad, capsys):
    assert main(["check", str(ad), "--format", "json", "--isolated"]) == 1
    found = json.loads(capsys.readouterr().out)["findings"]
    text = source.read(str(ad)).text
    paragraphs = text.split("\n")
    where = {}
    for f in found:
        assert text[f["start"]:f["end"]] == f["matched"]
        loc = f["location"]
        para = paragraphs[loc["paragraph"] - 1]
        assert para[loc["character"] - 1:][:len(f["matched"])] == f["matched"]
        where[f["rule_id"]] = (loc["paragraph"], loc["character"], loc["part"])
    assert where["rockstar"] == (2, 11, "body")
    assert where["chairman"] == (2, 42, "body")
    assert where["young-team"] == (4, 1, "table 1, row 1, cell 2")
    assert where["manpower"] == (5, 1, "table 1, row 2, cell 1")
    assert where["culture-fit"] == (6, 9, "header")
    assert where["he-or-she"] == (7, 17, "footer")
    assert where["ninja"] == (8, 4, "comment 1 by Ann")


def test_text_output_names_the_paragraph_and_part(ad, capsys):
    main(["check", str(ad), "--concise", "--isolated", "--select", "manpower"])
    assert f"{ad}:5:1 (paragraph 5, character 1: table 1, row 2, cell 1)  warning  manpower" \
        in capsys.readouterr().out


def test_fix_refuses_and_never_writes(ad, capsys):
    before = hashlib.sha256(ad.read_bytes()).hexdigest()
    assert main(["check", str(ad), "--fix", "--unsafe-fixes", "--isolated"]) == 2
    err = capsys.readouterr().err
    assert "Word documents are not fixed in place (nothing was written)" in err
    assert hashlib.sha256(ad.read_bytes()).hexdigest() == before
    assert main(["check", str(ad), "--diff", "--isolated"]) == 2
    assert hashlib.sha256(ad.read_bytes()).hexdigest() == before
    assert source.write(source.read(str(ad)), "x") is not None  # the writer refuses too
    assert hashlib.sha256(ad.read_bytes()).hexdigest() == before


def test_report_job_ad_profile(ad, capsys):
    assert main(["report", "--profile", "job-ad", str(ad), "--isolated", "--format", "json"]) == 1
    out = json.loads(capsys.readouterr().out)
    (document,) = out["documents"]
    assert document["path"] == str(ad) and document["analysis"]["profile"] == "job-ad"


def test_directories_include_word_files_and_broken_ones_are_errors(tmp_path, ad, capsys):
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "text.docx").write_text("plain text named .docx", encoding="utf-8")
    assert main(["check", str(tmp_path), "--concise", "--isolated"]) == 2
    captured = capsys.readouterr()
    assert "ad.docx:2:42" in captured.out
    assert "broken.docx: not a Word document" in captured.err
    assert "text.docx: not a Word document" in captured.err
    assert "Traceback" not in captured.err


def test_standard_input_as_docx(ad, monkeypatch, capsys):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ad.read_bytes())))
    assert main(["check", "-", "--input-format", "docx", "--concise", "--isolated", "--select", "chairman"]) == 1
    assert "-:2:42 (paragraph 2, character 42: body)" in capsys.readouterr().out


@pytest.mark.parametrize("encoding,mark", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")])
def test_utf16_with_bom_is_text_and_stays_utf16_when_fixed(tmp_path, encoding, mark, capsys):
    path = tmp_path / "notes.txt"
    path.write_bytes(mark + "The chairman signs.\r\nDone ✓\r\n".encode(encoding))
    doc = source.read(str(path))
    assert doc.text == "The chairman signs.\r\nDone ✓\r\n" and doc.encoding == encoding
    assert main(["check", str(path), "--isolated", "--concise"]) == 1
    assert f"{path}:1:5" in capsys.readouterr().out
    assert main(["check", str(path), "--isolated", "--fix"]) == 0
    assert path.read_bytes() == mark + "The chair signs.\r\nDone ✓\r\n".encode(encoding)


def test_utf16_that_does_not_decode_is_an_error(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"\xff\xfe" + "ok\n".encode("utf-16-le") + b"\x00\xd8")  # a lone surrogate
    error = source.read(str(path))
    assert isinstance(error, source.InputError) and "UTF-16 LE" in error.message and "offset 8" in error.message
