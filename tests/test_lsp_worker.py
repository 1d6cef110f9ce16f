"""The language server's worker, without a client: positions in client units, the ignore
directive in each format's comment syntax, settings problems."""

import pytest

from inclusivelint.lint.directives import ignore_at
from inclusivelint.lsp import worker


def insert(text, insertions):
    for i in sorted(insertions, key=lambda i: i.offset, reverse=True):
        text = text[:i.offset] + i.text + text[i.offset:]
    return text


@pytest.mark.parametrize("encoding,column", [("utf-16", 4), ("utf-8", 7), ("utf-32", 3)])
def test_positions_count_the_clients_units(encoding, column):
    text = "a\r\nb\rc\n😀é ok chairman"
    pos = worker.Positions(text, encoding)
    at = text.index("ok")
    assert pos.to_client(at)[0] == 3
    assert pos.to_client(at) == (3, column)
    assert pos.to_offset(*pos.to_client(at)) == at
    assert pos.to_client(text.index("b")) == (1, 0) and pos.to_client(text.index("c")) == (2, 0)
    assert pos.to_offset(3, 999) == len(text) and pos.to_offset(9, 0) == len(text)


def test_ignore_in_markdown_html_and_text_is_an_html_comment_at_the_end_of_the_line(linter):
    text = "# T\r\n\r\nThe chairman said.\r\nNext line.\r\n"
    (i,) = ignore_at(text, "markdown", text.index("chairman"), "chairman")
    fixed = insert(text, [i])
    assert fixed == "# T\r\n\r\nThe chairman said. <!-- inclusivelint disable-line chairman -->\r\nNext line.\r\n"
    assert linter.lint(fixed, input_format="markdown") == []
    assert linter.lint(insert("The chairman.", ignore_at("The chairman.", "text", 5, "chairman")),
                       input_format="text") == []


def test_ignore_in_rest_goes_before_the_paragraph(linter):
    first = "Intro.\n\nThe chairman\nsaid so.\n"
    fixed = insert(first, ignore_at(first, "rst", first.index("chairman"), "chairman"))
    assert fixed == "Intro.\n\n.. inclusivelint: disable-next-line chairman\n\nThe chairman\nsaid so.\n"
    assert linter.lint(fixed, input_format="rst") == []
    inner = "Intro.\n\n  Some words and\n  the chairman\n  said so.\n\nThe chairman again.\n"
    fixed = insert(inner, ignore_at(inner, "rst", inner.index("chairman"), "chairman"))
    assert fixed == ("Intro.\n\n  .. inclusivelint: disable chairman\n\n  Some words and\n  the chairman\n"
                     "  said so.\n\n  .. inclusivelint: enable chairman\n\nThe chairman again.\n")
    assert [f.line for f in linter.lint(fixed, input_format="rst")] == [11]  # only the other paragraph


@pytest.mark.parametrize("path,marker", [("x.py", "#"), ("x.ts", "//"), ("x.rs", "//"), ("x.sh", "#")])
def test_ignore_in_code_is_a_line_comment_before(linter, path, marker):
    text = f"fn main() {{\n    {marker} the chairman decides\n}}\n"
    fixed = insert(text, ignore_at(text, "code", text.index("chairman"), "chairman", path))
    assert f"    {marker} inclusivelint: disable-next-line chairman\n    {marker} the chairman" in fixed
    assert linter.lint(fixed, path=path, input_format="code") == []


def test_a_settings_problem_is_reported_not_raised(tmp_path):
    (tmp_path / ".inclusivelint.yaml").write_text("select: [no-such-rule]\n", encoding="utf-8")
    path = tmp_path / "a.md"
    result = worker.lint(worker.DocRef(path.as_uri(), str(path), "markdown", "The chairman."))
    assert result.diagnostics == [] and "unknown rule or category 'no-such-rule'" in result.problem


def test_unknown_languages_are_left_alone(tmp_path):
    ref = worker.DocRef("untitled:1", None, "json", '{"role": "chairman"}', str(tmp_path))
    assert worker.lint(ref).diagnostics == []
    ref = ref._replace(language="markdown", text="The chairman.")
    assert [d.rule_id for d in worker.lint(ref).diagnostics] == ["chairman"]


@pytest.mark.slow
def test_house_rules_link_to_their_file(tmp_path):
    import shutil
    from pathlib import Path

    rules = tmp_path / "house" / "coded-culture"
    rules.mkdir(parents=True)
    shutil.copy(Path(__file__).parent / "fixtures" / "house-rules" / "coded-culture" / "synergy.yaml", rules)
    (tmp_path / ".inclusivelint.yaml").write_text("extra-rules: [house]\nselect: [synergy, chairman]\n",
                                                  encoding="utf-8")
    path = tmp_path / "a.md"
    result = worker.lint(worker.DocRef(path.as_uri(), str(path), "markdown", "The chairman wants synergy."))
    assert result.problem is None
    links = {d.rule_id: d.url for d in result.diagnostics}
    assert links["synergy"] == (rules / "synergy.yaml").resolve().as_uri()
    assert links["chairman"].endswith("/rules/gendered/chairman.yaml")


def test_without_the_lsp_extra_the_command_says_what_to_install(monkeypatch, capsys):
    import sys

    from inclusivelint.cli import main

    monkeypatch.setitem(sys.modules, "lsprotocol", None)
    monkeypatch.delitem(sys.modules, "inclusivelint.lsp.server", raising=False)
    assert main(["lsp"]) == 2
    assert 'pip install "inclusivelint[lsp]"' in capsys.readouterr().err
