"""Meta-tests on how rules are written: the pattern language does the work it can do.

The compiler generates every inflection of a base word, so a rule that also lists
"leads", "leading" and "led" next to "lead" only grows by hand and drifts. These
tests refuse such lists in `match` patterns and in `unless`/`requires` word lists.
"""

import re

import pytest
from lemminflect import getAllLemmas

from inclusivelint.inflect import forms
from inclusivelint.loader import bundled_rules_dir, load_rules, load_sources

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
