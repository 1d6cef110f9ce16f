"""Meta-tests on how rules are written: the pattern language does the work it can do.

The compiler generates every inflection of a base word, so a rule that also lists
"leads", "leading" and "led" next to "lead" only grows by hand and drifts. These
tests refuse such lists in `match` patterns and in `unless`/`requires` word lists.
"""

import re

import pytest
from lemminflect import getAllLemmas

from inclusivelint.compile.inflect import forms
from inclusivelint.compile.loader import bundled_rules_dir, load_rules, load_sources

RULES_DIR = bundled_rules_dir()
RULES = load_rules(RULES_DIR, load_sources(RULES_DIR / "sources.yaml"))
_TOKEN = re.compile(r"\s+|[()\[\]|]|\*\?|\*|(?:\\[()\[\]|]|\\|[^\s()\[\]|\\])+")
_BARE = re.compile(r"[a-z][a-z'-]*")  # a word the compiler inflects (no =, !, $ or capitals)


def _groups(pattern: str):
    """The alternatives of every (..) and [..] group of a pattern, as strings."""
    stack: list[list[list[str]]] = [[[]]]
    for tok in _TOKEN.findall(pattern):
        if tok.isspace():
            continue
        if tok in "([":
            stack.append([[]])
        elif tok in ")]" and len(stack) > 1:
            alts = stack.pop()
            yield [" ".join(a) for a in alts]
            stack[-1][-1].append("(group)")
        elif tok == "|":
            stack[-1].append([])
        else:
            stack[-1][-1].append(tok)


def hand_written_inflections(words) -> set[tuple[str, str]]:
    """(form, base) for each word that another word of the list already generates, when
    the word adds no real form of its own ("found" stays next to "find": "founded")."""
    words = {w for w in words if _BARE.fullmatch(w)}
    found = set()
    for w in words:
        for base in words - {w}:
            if w in forms(base) and all(f in forms(base) or not getAllLemmas(f) for f in forms(w)):
                found.add((w, base))
    return found


def _word_lists(rule):
    for pattern in rule.match:
        yield from _groups(pattern)
    for ctx in rule.unless + rule.requires:
        yield list(ctx.patterns)
        for pattern in ctx.patterns:
            yield from _groups(pattern)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_no_hand_written_inflections(rule):
    found = set().union(*(hand_written_inflections(words) for words in _word_lists(rule)))
    assert not found, (f"{rule.path}: the pattern language generates these from the base word; "
                       f"drop them: {sorted(found)}")


def test_the_check_finds_hand_written_inflections():
    assert hand_written_inflections(["lead", "leads", "leading", "led", "manage"]) == {
        ("leads", "lead"), ("leading", "lead"), ("led", "lead")}
    assert hand_written_inflections(["find", "found"]) == set()  # "found" brings "founded"
    assert list(_groups("(lead|leads) the [=guys|team]")) == [["lead", "leads"], ["=guys", "team"]]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_no_digits_or_punctuation_listed_by_hand(rule):
    """Numbers and punctuation have macros ($number, $year, $sep, $dash, $end, $quote, $percent):
    a rule that lists "3", "1943" or "," by hand is enumerating what the matcher can say."""
    listed = [p for ctx in rule.unless + rule.requires for p in ctx.patterns
              if not re.search(r"[A-Za-z]", p)]
    assert not listed, f"{rule.path}: use a macro instead of {listed}"


def test_number_and_punctuation_macros_match(tmp_path):
    from inclusivelint.lint.engine import Linter
    import yaml

    rule = {"id": "postman", "category": "gendered", "severity": "warning", "message": "m",
            "reason": "r", "sources": ["s"], "match": ["=postman"], "suggestions": ["a", "b"],
            "unless": [{"after": ["$number", "$sep"]}, {"near": ["$percent"], "window": 4}],
            "examples": {"flag": ["The [[postman]] came.", "A [[postman]] at 3 pm."],
                         "pass": ["Postman 10 is out.", "Postman, Jira and Git."]}}
    (tmp_path / "gendered").mkdir()
    (tmp_path / "gendered" / "postman.yaml").write_text(yaml.safe_dump(rule), encoding="utf-8")
    (tmp_path / "sources.yaml").write_text("s: {title: t, publisher: p, year: 2026}\n", encoding="utf-8")
    linter = Linter([tmp_path], bundled=False)
    found = lambda text: [f.matched for f in linter.lint(text)]  # noqa: E731
    assert found("Ask the postman about it.") == ["postman"]
    assert found("Postman 11 and Postman two ship today.") == []
    assert found("Use Postman, Newman or curl.") == []
    assert found("Postman use grew 40 % last year.") == []
    assert found("A postman knocked at 3 pm.") == ["postman"]  # the number is not right after it


def test_every_listed_name_holds_a_flagged_word():
    """`names.yaml` lists proper names that some rule would flag, and only those."""
    from spacy.attrs import LOWER

    from inclusivelint.compile.compiler import NAMES
    from inclusivelint.lint.engine import default_linter

    linter = default_linter()
    assert linter.rulebook.names, "rules/names.yaml lists no names"
    for name in linter.rulebook.names:
        doc = linter.nlp.make_doc(name)
        keys = {key for key, _, _ in linter.matcher.main.find(doc, doc.to_array(LOWER))}
        assert NAMES in keys, f"{name!r} is not matched as a name"
        assert keys - {NAMES}, f"{name!r}: no rule flags a word of it; it does not belong in names.yaml"
        assert linter.lint(f"We talked about {name} today.") == []


def test_names_are_matched_with_their_capitals():
    from inclusivelint.lint.engine import default_linter

    found = default_linter().lint("Rockstar Games is hiring a rockstar games designer.")
    assert [f.matched for f in found] == ["rockstar"]


def test_names_file_is_validated(tmp_path):
    from inclusivelint.errors import RuleError
    from inclusivelint.compile.loader import load_names

    bad = tmp_path / "names.yaml"
    bad.write_text("names: [rockstar games]\n")
    with pytest.raises(RuleError, match=r"names\[0\].*no capital letter"):
        load_names(bad)
    bad.write_text("names: [\"Rockstar (Games)\"]\n")
    with pytest.raises(RuleError, match="plain words"):
        load_names(bad)
