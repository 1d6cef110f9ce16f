"""The pipeline on small rules made here: offsets, inflection, case, markup, overlaps, mentions."""

import dataclasses

import pytest
import yaml

from inclusivelint import Finding, lint_text
from inclusivelint.lint.engine import Linter

SOURCES = {"test-source": {"title": "A source for tests", "publisher": "inclusivelint tests", "year": 2026}}
REASON = ("A rule written for the engine tests only: it exists so that these tests do not depend "
          "on the wording, contexts or ids of the bundled rules, which change as the catalogue grows.")


def rule(rule_id, match, *, flag, pass_, **extra):
    return {"id": rule_id, "category": "gatekeeping", "severity": "warning", "message": "“{match}”",
            "reason": REASON, "sources": ["test-source"], "match": match,
            "suggestions": ["one", "two"], "examples": {"flag": flag, "pass": pass_}, **extra}


RULES = [
    rule("dues", ["pay [$poss] dues"], unless=[{"near": ["union", "member", "members"], "window": 8}],
         flag=["Stop [[paying your dues]].", "She [[paid her dues]]."],
         pass_=["Union members pay dues.", "Members pay dues monthly."]),
    rule("generic-he", ["(=he|=him|=his|=she|=her)"],
         requires=[{"antecedent": ["=engineer", "=reviewer", "=user", "=contributor", "=anyone"], "window": 40}],
         flag=["Each user updates [[his]] settings.", "The reviewer approves when [[he]] is done."],
         pass_=["Maria said he left.", "He left early."]),
]


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    root = tmp_path_factory.mktemp("rules")
    (root / "sources.yaml").write_text(yaml.safe_dump(SOURCES), encoding="utf-8")
    (root / "gatekeeping").mkdir()
    for r in RULES:
        (root / "gatekeeping" / f"{r['id']}.yaml").write_text(yaml.safe_dump(r, allow_unicode=True), encoding="utf-8")
    return Linter([root], bundled=False)


@pytest.fixture
def flagged(small):
    def run(text, rule_id="dues", **kw):
        return [(f.rule_id, text[f.start:f.end]) for f in small.lint(text, only=frozenset({rule_id}), **kw)]
    return run


def test_only_the_rules_given_are_loaded(small):
    assert sorted(small.rulebook.rules) == ["dues", "generic-he"]


def test_public_api_lints_with_the_bundled_rules():
    (f,) = lint_text("Stop paying your dues and ship.", select=["gatekeeping"])
    assert isinstance(f, Finding) and f.matched == "paying your dues"


def test_findings_are_frozen_with_exact_offsets(small):
    text = "Intro.\n\nSome say you must PAY YOUR DUES first."
    (f,) = small.lint(text)
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
def test_inflection_case_apostrophes_and_line_breaks(flagged, text, phrase):
    assert flagged(text) == [("dues", phrase)]


def test_context_exception(flagged):
    assert flagged("Union members pay dues every month.") == []


def test_paragraph_breaks_stop_phrases(flagged):
    assert flagged("We pay\n\ndues.") == []


def test_markdown_skips_code_and_reads_through_emphasis(flagged):
    text = (
        "# Joining\n\nStop paying **your** dues.\n\n"
        "```\npay your dues\n```\n\n    pay your dues\n\n"
        "Run `pay your dues` or see [docs](https://x.test/pay-your-dues).\n"
    )
    got = flagged(text, path="guide.md")
    assert got == [("dues", "paying **your** dues")]


def test_markdown_tables_and_lists_keep_offsets(small):
    text = "| who | what |\n|---|---|\n| all | pay your dues |\n\n- item\n  - they paid their dues\n"
    found = small.lint(text, path="t.md")
    assert [text[f.start:f.end] for f in found] == [f.matched for f in found] == ["pay your dues", "paid their dues"]


def test_html_skips_code_and_script(flagged):
    text = "<p>Stop <em>paying your</em> dues.</p><code>pay your dues</code><script>pay dues</script>"
    assert flagged(text, path="a.html") == [("dues", "paying your</em> dues")]


def test_empty_and_whitespace_documents(small):
    assert small.lint("") == []
    assert small.lint("  \n\n \t") == []


@pytest.mark.parametrize("text, flagged_count", [
    ('Avoid the phrase "paying your dues" in reviews.', 0),
    ('Words like "pay your dues", "culture fit" and "paid his dues" gatekeep.', 0),
    ('Say "learn the ropes" instead of "paying your dues".', 0),
    ('We expect you to "pay your dues" here.', 1),  # scare quotes: still a use
    ('He said: we all pay our dues.', 1),
])
def test_mentions_are_not_uses(flagged, text, flagged_count):
    assert len(flagged(text)) == flagged_count


@pytest.mark.parametrize("text", [
    "Bad example: paying your dues. Good example: learning the ropes.",
    'Examples include "paying your dues" and similar phrases.',
])
def test_more_mentions(flagged, text):
    assert flagged(text) == []


@pytest.mark.parametrize("text, flagged", [
    ("Matt has been a contributor for years. In that time he has shipped a lot.", False),
    ("We want it easy for anyone to build. Lauren Tan followed, where she shared news.", False),
    ("When an engineer reaches Level 5, he is expected to mentor others.", True),
    ("The reviewer should approve it when he is satisfied.", True),
])
def test_generic_pronoun_context(small, text, flagged):
    assert bool(small.lint(text, only=frozenset({"generic-he"}))) is flagged


@pytest.mark.parametrize("text", [
    'See the essay on “paying your dues” and “culture fit” in hiring.',
    "Related: pay your dues.",
])
def test_word_lists_are_mentions(flagged, text):
    assert flagged(text) == []


def test_reciprocal_each_other_is_no_antecedent(flagged):
    text = "Objects pass messages to each other. To describe this, he coined a term."
    assert flagged(text, "generic-he") == []


def test_html_alt_and_title_text_is_prose_other_attributes_are_not(flagged):
    text = ('<img src="pay-your-dues.png" alt="Stop paying your dues">'
            '<a href="/pay-your-dues" title="they paid their dues">link</a><p class="pay your dues">x</p>')
    assert flagged(text, path="a.html") == [("dues", "paying your dues"), ("dues", "paid their dues")]


def test_matcher_tables_come_from_the_cache_with_matchers_of_their_own(tmp_path, monkeypatch):
    import pickle

    from inclusivelint import cache

    monkeypatch.setenv("INCLUSIVELINT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(cache, "_memory", {})
    text = "Each user says he added the chairman to the whitelist, guys."
    first = Linter()
    found = first.lint(text)
    assert list(tmp_path.glob("matcher-*.pickle"))
    monkeypatch.setattr(cache, "_memory", {})  # a new process: the tables are read from disk
    second = Linter()
    assert second.lint(text) == found and [f.rule_id for f in found]
    assert second.matcher.main.vocab is second.nlp.vocab and second.matcher.main.matchers is not first.matcher.main.matchers
    state = pickle.loads(pickle.dumps(second.matcher.main))
    assert not hasattr(state, "vocab") and state.single == second.matcher.main.single


def test_the_linters_english_tokenizes_as_spacy_blank_english(linter):
    # The linter builds spaCy's blank English without its config system (`engine._English`):
    # tokens and the lexical attributes rules match on must be spaCy's own.
    import spacy
    from hypothesis import given, strategies as st

    blank = spacy.blank("en")

    def seen(doc):
        return [(t.text, t.idx, t.whitespace_, t.lower_, t.norm_, t.is_stop, t.like_num, t.is_punct,
                 t.is_alpha, t.shape_) for t in doc]

    fixed = ["Don't email https://example.com/a-b?c=1 or e-mail me@x.org; he'll be there.",
             "A $10,000 bonus, 5+ years' experience, 3.5% raise, U.S.-based roles (9am-5pm).",
             "cannot gonna y'all I'm she's ’tis — “quoted” 'single' …ellipsis :) 😀 #tag @user",
             "State-of-the-art, well-being; C++/C# & Node.js; Mr. Smith vs. Dr. Jones, etc."]
    for text in fixed:
        assert seen(linter.nlp.make_doc(text)) == seen(blank.make_doc(text)), text

    @given(st.text(alphabet=st.sampled_from("aAé1 -'’.,:;!?()/#@$%&\n\t"), max_size=60))
    def same(text):
        assert seen(linter.nlp.make_doc(text)) == seen(blank.make_doc(text))

    same()
