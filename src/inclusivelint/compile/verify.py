"""Rules are data and examples are tests: run each rule's examples and report misbehaviour.

A flag example must flag exactly its [[marked]] spans and, where it records a
`fixed` text, fixing it must give that text; a pass example must flag nothing.
Where a rule records `fixed:` texts (every bundled rule does; a house rule may),
each one-click suggestion, applied to each flag example, must give the recorded
text, and must change at least one of them (a suggestion that fits no example is
advice).
The test suite runs this rule by rule, `inclusivelint rules --check` runs it over
a rule set, and `engine.linter_for` runs it over a user's extra rules whenever
they were compiled afresh. Loading rules never runs it: it needs the engine.
"""

from __future__ import annotations

from typing import Iterable

from inclusivelint.fix.edits import apply_fixes, apply_suggestion, one_click
from inclusivelint.compile.loader import RuleError
from inclusivelint.compile.rule import Rule


def example_problems(linter, rule_id: str) -> list[tuple[str, str]]:
    """(key, problem) for each of the rule's examples that does not behave as marked."""
    rule = linter.rulebook.rules[rule_id]
    only = frozenset({rule_id})
    problems = []
    for kind, examples in (("flag", rule.flag_examples), ("pass", rule.pass_examples)):
        for i, ex in enumerate(examples):
            found = linter.lint(ex.text, input_format="text", only=only, directives=False, document=True)
            got = [(f.start, f.end) for f in found]
            if got != list(ex.spans):
                want = [ex.text[s:e] for s, e in ex.spans] or "nothing"
                seen = [ex.text[s:e] for s, e in got] or "nothing"
                problems.append((f"examples.{kind}[{i}]",
                                 f"expected {want} to be flagged in {ex.text!r}, found {seen}"))
            elif ex.fixed is not None:
                result = apply_fixes(ex.text, found, unsafe=True)
                if result != ex.fixed:
                    problems.append((f"examples.{kind}[{i}].fixed",
                                     f"expected the fix to give {ex.fixed!r}, got {result!r}"))
    if not problems and rule.fixed:
        problems += suggestion_problems(linter, rule)
    return problems


def suggestion_problems(linter, rule: Rule) -> list[tuple[str, str]]:
    """(key, problem) for each flag example x one-click suggestion whose text differs from
    the one recorded under `fixed:`, and for each one-click suggestion that fits no example."""
    recorded = {(example, suggestion): text for example, suggestion, text in rule.fixed}
    only = frozenset({rule.id})
    problems, used = [], set()
    for ex in rule.flag_examples:
        found = linter.lint(ex.text, input_format="text", only=only, directives=False)
        for suggestion in (one_click(found[0]) if found else ()):
            got = apply_suggestion(ex.text, found, suggestion)
            if got != ex.text:
                used.add(suggestion)
            want = recorded.get((ex.text, suggestion))
            if want is None:
                problems.append(("fixed", f"no text recorded for {ex.text!r} with {suggestion!r} "
                                          f"(it gives {got!r}; run bench/record_fixes.py)"))
            elif want != got:
                problems.append(("fixed", f"{ex.text!r} with {suggestion!r}: recorded {want!r}, got {got!r}"))
    for suggestion in rule.suggestions:
        if suggestion not in rule.advice and suggestion not in used:
            problems.append(("suggestions", f"{suggestion!r} replaces words in no flag example: "
                                            "make it fit one, or write it as {advice: ...}"))
    return problems


def problems(linter, rules: Iterable[Rule] | None = None) -> Iterable[RuleError]:
    """A `RuleError` for each misbehaving example of `rules` (default: the whole rule set)."""
    for rule in (linter.rulebook.rules.values() if rules is None else rules):
        for key, problem in example_problems(linter, rule.id):
            yield RuleError(rule.path, key, problem)


def first_problem(linter, rules: Iterable[Rule] | None = None) -> RuleError | None:
    return next(iter(problems(linter, rules)), None)
