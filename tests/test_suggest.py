"""The one replacement engine: suggestions that read right in the sentence around them.

Unit cases are the broken texts of issue 13; the property tests run every fixable
rule's own flag examples, shuffled into random documents, through `--fix`.
"""

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from inclusivelint.fix.agreement import article_for
from inclusivelint.lint.finding import Finding, Severity
from inclusivelint.fix.edits import apply_edits, apply_fixes, edit_for, plan
from inclusivelint.compile.loader import RuleError, parse_rule

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def finding(text, phrase, suggestions, advice=(), fix="unsafe"):
    start = text.index(phrase)
    return Finding("r", "c", Severity.WARNING, "m", start, start + len(phrase), 1, 1, 1, 1, phrase,
                   tuple(suggestions), (), fix, advice=tuple(advice))


def applied(text, phrase, suggestion):
    edit = edit_for(text, finding(text, phrase, [suggestion, "other"]), suggestion)
    return None if edit is None else apply_edits(text, [edit])


@pytest.mark.parametrize("text, phrase, suggestion, expected", [
    # a subject already there
    ("We work hard, play hard, and ship.", "work hard, play hard", "we do great work together",
     "We do great work together, and ship."),
    # the determiner already there: one determiner, never "the the" / "our the"
    ("Ask the sales guys for numbers.", "sales guys", "the sales team", "Ask the sales teams for numbers."),
    ("Ask our sales guys.", "sales guys", "the sales team", "Ask our sales teams."),
    ("Hire a young team.", "young team", "a team that learns", "Hire a team that learns."),
    # a/an follows the new word
    ("Keep a whitelist.", "whitelist", "allowlist", "Keep an allowlist."),
    ("He is an AIDS patient.", "AIDS patient", "US resident", "He is a US resident."),
    # tense and number of the words replaced
    ("Everyone here paid their dues.", "paid their dues", "build experience", "Everyone here built experience."),
    ("Stop paying your dues.", "paying your dues", "learn the ropes", "Stop learning the ropes."),
    ("Several junkies slept.", "junkies", "person who uses drugs", "Several people who use drugs slept."),
    ("Two bathroom bills passed.", "bathroom bills", "restroom law", "Two restroom laws passed."),
    ("The show mocked transvestites.", "transvestites", "cross-dresser", "The show mocked cross-dressers."),
    ("Enter both maiden names.", "maiden names", "birth name", "Enter both birth names."),
    ("Workmen's compensation applies.", "Workmen", "worker", "Workers' compensation applies."),
    ("The Masters of Ceremonies spoke.", "Masters of Ceremonies", "host", "The hosts spoke."),
    # no word said twice at the edit
    ("Call a bail bondsman.", "bondsman", "bail agent", "Call a bail agent."),
    ("It is so simple your grandma could use it.", "your grandma could use", "anyone could use it",
     "It is so simple anyone could use it."),
    # the capital of a sentence start, not a capital mid-sentence
    ("Whitelists are old.", "Whitelists", "allowlist", "Allowlists are old."),
    ("Two Actresses were cast.", "Actresses", "actor", "Two actors were cast."),
    # templates over the matched words
    ("I'm so ADD today.", "I'm so ADD", "{1} {2} distracted", "I'm so distracted today."),
])
def test_a_suggestion_agrees_with_the_words_around_it(text, phrase, suggestion, expected):
    assert applied(text, phrase, suggestion) == expected


@pytest.mark.parametrize("text, phrase, suggestion", [
    ("Keep our whitelist of banks.", "whitelist", "allow"),              # a verb where a noun stands
    ("We're a young team of engineers.", "young team", "a team that enjoys things"),  # a clause mid-phrase
    ("You are a sales superstar who closes deals.", "superstar", "experienced"),  # an adjective with no noun
    ("Only whitelisted domains.", "whitelisted", "permit list"),        # a noun compound has no verb form
    ("A digital native who knows tools.", "digital native", "experienced with social platforms"),
])
def test_no_edit_where_the_suggestion_cannot_fit(text, phrase, suggestion):
    assert applied(text, phrase, suggestion) is None


def test_advice_is_never_applied():
    text = "We want a culture fit."
    f = finding(text, "culture fit", ["culture add", "values (name them)"], advice=["values (name them)"])
    assert edit_for(text, f, "values (name them)") is None
    assert edit_for(text, f, "culture add").replacement == "culture add"


@pytest.mark.parametrize("text, expected", [
    ("If a candidate is late, she has to pay her dues.", "If a candidate is late, they have to pay their dues."),
    ("Each user updates his settings and he logs out.", "Each user updates their settings and they log out."),
    ("Ask Sam.\nIf a candidate is late, she has to pay her dues.",
     "Ask Sam.\nIf a candidate is late, they have to pay their dues."),
])
def test_a_pronoun_fix_changes_every_pronoun_of_its_clause(text, expected):
    pronoun = re.search(r"\b(she|his)\b", text).group(0)
    assert apply_fixes(text, [finding(text, pronoun, ["they"])], unsafe=True) == expected


@pytest.mark.parametrize("text, pronoun", [
    ("Each user says she told him.", "she"),          # two people: leave both
    ("When Maria left, each user said she was kind.", "she"),  # a name in the clause
])
def test_a_pronoun_fix_changes_nothing_where_the_clause_is_mixed(text, pronoun):
    assert apply_fixes(text, [finding(text, pronoun, ["they"])], unsafe=True) == text


RULE = {
    "id": "x", "category": "gendered", "severity": "warning", "message": "m", "reason": "r",
    "sources": ["apa-bias-free"], "match": ["chairman"],
    "examples": {"flag": ["a [[chairman]]", "the [[chairman]]"], "pass": ["chair", "a chair"]},
}


def parse(**extra):
    from inclusivelint.compile.loader import SOURCES_FILE, bundled_rules_dir, load_sources

    sources = load_sources(bundled_rules_dir() / SOURCES_FILE)
    return parse_rule({**RULE, **extra}, "rules/gendered/x.yaml", sources=sources,
                      expected_id="x", expected_category="gendered")


def test_the_rule_format_says_which_suggestions_are_advice():
    rule = parse(suggestions=["chair", {"advice": "name the role (e.g. head of panel)"}])
    assert rule.suggestions == ("chair", "name the role (e.g. head of panel)")
    assert rule.advice == ("name the role (e.g. head of panel)",)


@pytest.mark.parametrize("suggestions, key", [
    (["chair", "name the role (e.g. head)"], "suggestions[1]"),   # a note that is not marked advice
    (["chair", "[the title]"], "suggestions[1]"),
    (["chair", "{x} chair"], "suggestions[1]"),                   # an unknown template slot
    (["chair", {"hint": "x"}], "suggestions[1]"),
])
def test_the_loader_refuses_a_placeholder_written_as_a_replacement(suggestions, key):
    with pytest.raises(RuleError) as err:
        parse(suggestions=suggestions)
    assert err.value.key == key


def test_the_loader_checks_recorded_fixes_name_an_example_and_a_one_click_suggestion():
    with pytest.raises(RuleError, match="not one of the flag examples"):
        parse(suggestions=["chair", "chairperson"], fixed={"no such example": {"chair": "x"}})
    with pytest.raises(RuleError, match="not one of the one-click"):
        parse(suggestions=["chair", {"advice": "ask"}], fixed={"a chairman": {"ask": "x"}})


# -- properties over random documents -------------------------------------------------
def _fixable_sentences():
    from inclusivelint.compile.loader import SOURCES_FILE, bundled_rules_dir, load_rules, load_sources

    folder = bundled_rules_dir()
    rules = load_rules(folder, load_sources(folder / SOURCES_FILE))
    return sorted({ex.text for r in rules if r.fix in ("safe", "unsafe") for ex in r.flag_examples})


SENTENCES = _fixable_sentences()
FILLER = ["The team ships on Fridays.", "Ask them about it.", "a", "An", "the", "It works."]
SEPARATORS = [" ", "\n", "\n\n", " a ", " the "]


def _shift(edits, pos):
    return pos + sum(len(e.replacement) - (e.end - e.start) for e in edits if e.end <= pos)


def _words(text):
    return re.findall(r"[A-Za-z’']+", text.lower())



def _article(word: str) -> str:
    return "a" if word in ("a", "an") else word

@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(st.lists(st.sampled_from(SENTENCES + FILLER), min_size=1, max_size=4), st.sampled_from(SEPARATORS))
def test_fixes_over_random_documents(linter, parts, sep):
    text = sep.join(parts)
    findings = linter.lint(text, input_format="text", directives=False)
    edits = plan(text, findings, unsafe=True)
    fixed = apply_edits(text, edits)
    pos = out = 0
    new_ranges = []
    for e in edits:
        # Text outside the edits is byte for byte what it was.
        assert fixed[out:out + e.start - pos] == text[pos:e.start]
        out += e.start - pos
        new_ranges.append((out, out + len(e.replacement)))
        out += len(e.replacement)
        pos = e.end
    assert fixed[out:] == text[pos:]
    for (a, b), e in zip(new_ranges, edits):
        # No word said twice where the edit meets the text (unless the text said it twice already).
        left, right = _words(fixed[max(0, a - 30):a]), _words(fixed[a:b])
        after = _words(fixed[b:b + 30])
        old_left, old_span = _words(text[max(0, e.start - 30):e.start]), _words(text[e.start:e.end])
        old_after = _words(text[e.end:e.end + 30])
        if left and right and left[-1] == right[0]:
            # only where the text said it twice already ("a An old wives' tale": a and an alike)
            assert [_article(w) for w in old_left[-1:]] == [_article(w) for w in old_span[:1]], (text, fixed)
        if right and after and right[-1] == after[0]:
            assert old_span[-1:] == old_after[:1], (text, fixed)
        # a/an agrees with the word after it, inside the edit or just before it.
        for m in re.finditer(r"\b(an?)(\s+)([A-Za-z][\w-]*)", fixed[max(0, a - 4):b + 30], re.I):
            if max(0, a - 4) + m.start(3) <= b and m.group(3).lower() not in ("a", "an", "the"):
                assert m.group(1).lower() == article_for(m.group(3)), (text, fixed)
    again = linter.lint(fixed, input_format="text", directives=False)
    for (a, b), e in zip(new_ranges, edits):
        # The fixed rule no longer fires on its replacement.
        assert not [f for f in again if f.rule_id == e.rule_id and f.start < b and a < f.end], (text, fixed)
    for f in findings:
        if any(e.start < f.end and f.start < e.end for e in edits):
            continue
        # Every finding the edits do not cover still fires, where the edits moved it.
        s, t = _shift(edits, f.start), _shift(edits, f.end)
        assert any(g.rule_id == f.rule_id and (g.start, g.end) == (s, t) for g in again), (text, fixed, f)
    # A second pass changes nothing the first one wrote. (It may fix something new: a fix
    # can make a later "he" generic - "A Career Girl ... He" -> "A professional ... He" -
    # which the generic-pronoun rule then rightly flags.)
    wanted = [f for f in findings if f.fix in ("safe", "unsafe") and edit_for(text, f) is not None]
    assume(len(wanted) == len(edits))
    for e in plan(fixed, again, unsafe=True):
        assert not any(e.start < b and a < e.end for a, b in new_ranges), (text, fixed, e)
        assert e.rule_id not in {d.rule_id for d in edits}, (text, fixed, e)


# -- the examples, end to end --------------------------------------------------
def test_pronouns_of_a_person_named_earlier_are_not_generic(linter):
    text = (EXAMPLES / "review.md").read_text(encoding="utf-8")
    assert not linter.lint(text, path="review.md", only=frozenset({"generic-pronoun"}))
    other = "Dana had a great year. She shipped the export.\n\nEveryone agrees she is a pleasure to work with."
    assert not linter.lint(other, only=frozenset({"generic-pronoun"}))
    generic = "Everyone agrees she is a pleasure to work with."
    assert [f.matched for f in linter.lint(generic, only=frozenset({"generic-pronoun"}))] == ["she"]


def test_a_fix_does_not_hide_another_finding(linter):
    text = "Keep our whitelist of partner banks and the fraud blacklist up to date."
    f = next(f for f in linter.lint(text) if f.rule_id == "whitelist")
    fixed = apply_edits(text, [edit_for(text, f, "allowlist")])
    assert "allowlist" in fixed
    assert [g.matched for g in linter.lint(fixed) if g.rule_id == "blacklist"] == ["blacklist"]


def test_no_rule_skips_a_match_near_a_replacement_its_category_suggests():
    """A rule that stands down near "allowlist" would stop flagging "blacklist" as soon as
    the "whitelist" beside it is fixed: a fix must never hide another finding."""
    from inclusivelint.compile.loader import SOURCES_FILE, bundled_rules_dir, load_rules, load_sources

    folder = bundled_rules_dir()
    rules = load_rules(folder, load_sources(folder / SOURCES_FILE))
    from lemminflect import getAllLemmas

    coined = {}  # replacement words of a category that are not ordinary English words
    for r in rules:
        for s in r.suggestions:
            if s not in r.advice and " " not in s and not getAllLemmas(s.lower()):
                coined.setdefault(r.category, set()).add(s.lower())
    bad = [(r.id, p) for r in rules for c in r.unless if c.kind == "near"
           for p in c.patterns
           if p.lower() in coined.get(r.category, ())
           or p.lower() in {s.lower() for s in r.suggestions if s not in r.advice}]
    assert not bad


def test_a_fix_needs_a_one_click_suggestion():
    with pytest.raises(RuleError, match="display-only"):
        parse(suggestions=[{"advice": "a"}, {"advice": "b"}], fix="unsafe")
    assert parse(suggestions=[{"advice": "a"}, "chair"], fix="unsafe").fix == "unsafe"


def test_the_recorder_edits_one_row_of_a_table_and_nothing_else(tmp_path):
    """bench/record_fixes.py rewrites only the row of the rule it records in a table file."""
    import importlib.util

    import yaml

    spec = importlib.util.spec_from_file_location("record_fixes", ROOT / "bench" / "record_fixes.py")
    record_fixes = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(record_fixes)
    table = ROOT / "rules" / "gendered" / "role-titles.yaml"
    copy = tmp_path / "gendered" / "role-titles.yaml"
    copy.parent.mkdir()
    copy.write_bytes(table.read_bytes())
    rows = yaml.safe_load(table.read_text(encoding="utf-8"))["rows"]
    # a row with a one-click suggestion, and the rows after it
    i, row = next((i, r) for i, r in enumerate(rows[:-1]) if any(isinstance(s, str) for s in r["suggestions"]))
    one_click = next(s for s in row["suggestions"] if isinstance(s, str))
    sources = record_fixes.rule_sources(tmp_path)
    assert sources[row["id"]] == (copy, row["id"]) and sources[rows[-1]["id"]] == (copy, rows[-1]["id"])
    before = copy.read_text(encoding="utf-8").splitlines(keepends=True)
    assert record_fixes.mark_advice(copy, {one_click}, row["id"])
    after = copy.read_text(encoding="utf-8").splitlines(keepends=True)
    a, b = record_fixes._row_span(before, row["id"])
    a2, b2 = record_fixes._row_span(after, row["id"])
    assert before[:a] == after[:a2] and before[b:] == after[b2:]  # every other row byte for byte
    changed = {r["id"]: r for r in yaml.safe_load("".join(after))["rows"]}[row["id"]]
    assert {"advice": one_click} in changed["suggestions"] and "fixed" not in changed


def test_a_preview_of_a_very_long_sentence_is_cut_at_words_around_the_edit():
    from inclusivelint.fix.edits import PREVIEW_REACH, Edit, sentence_preview

    text = "word " * 2000 + "the whitelist here " + "word " * 2000
    start = text.index("whitelist")
    shown = sentence_preview(text, Edit(start, start + len("whitelist"), "allowlist", "whitelist"))
    assert shown.startswith("… word") and shown.endswith("word …") and "the allowlist here" in shown
    assert len(shown) <= 2 * PREVIEW_REACH + len("allowlist") + 4
    short = "Keep the whitelist short. Next sentence."
    at = short.index("whitelist")
    assert sentence_preview(short, Edit(at, at + 9, "allowlist", "whitelist")) == "Keep the allowlist short."
