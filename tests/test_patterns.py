"""The pattern DSL, independent of spaCy."""

import pytest

from inclusivelint.compile import inflect
from inclusivelint.compile.patterns import PatternError, has_wildcard, parse, phrases


def expand(pattern):
    return set(phrases(parse(pattern, inflect.forms)))


def test_words_inflect_from_the_base_form():
    assert {"pay dues", "pays dues", "paid dues", "paying dues"} <= expand("pay dues")


def test_unknown_words_still_inflect():
    assert {"whitelist", "whitelists", "whitelisted", "whitelisting"} <= expand("whitelist")


def test_exact_and_part_of_speech():
    assert expand("=guys") == {"guys"}
    master = expand("master:noun")
    assert "masters" in master and "mastering" not in master


def test_optional_groups_and_macros():
    got = expand("pay [$poss] dues")
    assert {"pay dues", "pay your dues", "paid one's dues", "paying their dues"} <= got


def test_hyphen_joints():
    assert {"culture-fit", "culture fit", "culturefit", "culture fits"} <= expand("culture-fit")


def test_alternatives():
    assert expand("(it's|it is) just words") == {"it's just words", "it is just words"}


def test_wildcards_are_reported():
    assert has_wildcard(parse("looks like * material", inflect.forms))


@pytest.mark.parametrize("bad, why", [
    ("", "non-empty"),
    ("pay (your dues", "missing ')'"),
    ("pay your) dues", "unbalanced"),
    ("[your]", "optional"),
    ("pay $nope dues", "unknown macro"),
    ("(a|) b", "empty alternative"),
])
def test_bad_patterns(bad, why):
    with pytest.raises(PatternError, match=why.replace("(", r"\(").replace(")", r"\)")):
        parse(bad, inflect.forms)


def test_case_sensitive_words(linter):
    from inclusivelint.compile.compiler import compile_rules
    from inclusivelint.compile.rule import Context

    rule = linter.rulebook.rules["paying-dues"]
    import dataclasses

    cased = dataclasses.replace(rule, match=("pay !Dues",), unless=(Context("phrase", ("!PAY dues",)),))
    compiled = compile_rules([cased], linter.nlp.tokenizer)
    from inclusivelint.lint.matcher import RuleMatcher

    m = RuleMatcher(compiled, {cased.id: cased}, linter.nlp.vocab)
    found = lambda text: [(c.start, c.end) for c in m(linter.nlp.make_doc(text))]  # noqa: E731
    assert found("we pay Dues") == [(1, 3)]
    assert found("we pay dues") == []
    assert found("we PAY Dues") == []  # the exception is case-sensitive too
    assert found("we Pay Dues") == [(1, 3)]


def test_backslash_makes_brackets_part_of_a_word():
    from inclusivelint.compile.patterns import parse, phrases

    forms = lambda word, pos: [word]  # noqa: E731
    assert phrases(parse(r"\(s\)he will", forms)) == ["(s)he will"]
    assert phrases(parse(r"(his\(her\)|=s/he)", forms)) == ["his(her)", "s/he"]
    assert phrases(parse(r"a\b", forms)) == ["a\\b"]  # a lone backslash is just a character
