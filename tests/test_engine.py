"""The pipeline through the Python API: offsets, inflection, case, markup, overlaps."""

import dataclasses

import pytest

from inclusivelint import Finding, lint_text


def flagged(text, **kw):
    return [(f.rule_id, text[f.start:f.end]) for f in lint_text(text, **kw)]


def test_findings_are_frozen_with_exact_offsets():
    text = "Intro.\n\nSome say you must PAY YOUR DUES first."
    (f,) = lint_text(text, select=["paying-dues"])
    assert isinstance(f, Finding)
    assert text[f.start:f.end] == f.matched == "PAY YOUR DUES"
    assert (f.line, f.column, f.end_line, f.end_column) == (3, 19, 3, 32)
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.start = 0  # type: ignore[misc]


@pytest.mark.parametrize("text, phrase", [
    ("He paid his dues.", "paid his dues"),
    ("She pays her dues.", "pays her dues"),
    ("paying one's dues", "paying one's dues"),
    ("paying one’s dues", "paying one’s dues"),
    ("they paid\ntheir   dues", "paid\ntheir   dues"),
])
def test_inflection_case_apostrophes_and_line_breaks(text, phrase):
    assert flagged(text, select=["paying-dues"]) == [("paying-dues", phrase)]


def test_context_exception():
    assert flagged("Union members pay dues every month.", select=["paying-dues"]) == []


def test_paragraph_breaks_stop_phrases():
    assert flagged("We pay\n\ndues.", select=["paying-dues"]) == []


def test_markdown_skips_code_and_reads_through_emphasis():
    text = (
        "# Joining\n\nStop paying **your** dues.\n\n"
        "```\npay your dues\n```\n\n    pay your dues\n\n"
        "Run `pay your dues` or see [docs](https://x.test/pay-your-dues).\n"
    )
    got = flagged(text, path="guide.md", select=["paying-dues"])
    assert got == [("paying-dues", "paying **your** dues")]


def test_markdown_tables_and_lists_keep_offsets():
    text = "| who | what |\n|---|---|\n| all | pay your dues |\n\n- item\n  - they paid their dues\n"
    for f in lint_text(text, path="t.md", select=["paying-dues"]):
        assert text[f.start:f.end] == f.matched
    assert len(lint_text(text, path="t.md", select=["paying-dues"])) == 2


def test_html_skips_code_and_script():
    text = "<p>Stop <em>paying your</em> dues.</p><code>pay your dues</code><script>pay dues</script>"
    got = flagged(text, path="a.html", select=["paying-dues"])
    assert got == [("paying-dues", "paying your</em> dues")]


def test_empty_and_whitespace_documents():
    assert lint_text("") == []
    assert lint_text("  \n\n \t") == []


@pytest.mark.parametrize("text, flagged_count", [
    ('Avoid the phrase "paying your dues" in reviews.', 0),
    ('Words like "pay your dues", "culture fit" and "paid his dues" gatekeep.', 0),
    ('Say "learn the ropes" instead of "paying your dues".', 0),
    ('We expect you to "pay your dues" here.', 1),  # scare quotes: still a use
    ('He said: we all pay our dues.', 1),
])
def test_mentions_are_not_uses(text, flagged_count):
    assert len(lint_text(text, select=["paying-dues"])) == flagged_count


@pytest.mark.parametrize("text", [
    "Bad example: paying your dues. Good example: learning the ropes.",
    'Examples include "paying your dues" and similar phrases.',
])
def test_more_mentions(text):
    assert lint_text(text, select=["paying-dues"]) == []


@pytest.mark.parametrize("text, flagged", [
    ("Matt has been a contributor for years. In that time he has shipped a lot.", False),
    ("We want it easy for anyone to build. Lauren Tan followed, where she shared news.", False),
    ("When an engineer reaches Level 5, he is expected to mentor others.", True),
    ("The reviewer should approve it when he is satisfied.", True),
])
def test_generic_pronoun_context(text, flagged):
    assert bool(lint_text(text, select=["generic-pronoun"])) is flagged


@pytest.mark.parametrize("text", [
    'See the essay on “paying your dues” and “culture fit” in hiring.',
    "Related: pay your dues.",
])
def test_word_lists_are_mentions(text):
    assert lint_text(text, select=["paying-dues"]) == []


def test_reciprocal_each_other_is_no_antecedent():
    text = "Objects pass messages to each other. To describe this, he coined a term."
    assert lint_text(text, select=["generic-pronoun"]) == []


def test_html_alt_and_title_text_is_prose_other_attributes_are_not():
    text = ('<img src="pay-your-dues.png" alt="Stop paying your dues">'
            '<a href="/pay-your-dues" title="they paid their dues">link</a><p class="pay your dues">x</p>')
    got = flagged(text, path="a.html", select=["paying-dues"])
    assert got == [("paying-dues", "paying your dues"), ("paying-dues", "paid their dues")]
