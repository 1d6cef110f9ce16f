"""Rules are data, examples are tests: every rule's flag and pass examples, one test per rule."""


import pytest

from inclusivelint.compile.loader import SOURCES_FILE, bundled_rules_dir, load_rules, load_sources
from inclusivelint.compile.rule import CATEGORIES
from inclusivelint.compile.verify import example_problems

RULES_DIR = bundled_rules_dir()
SOURCES = load_sources(RULES_DIR / SOURCES_FILE)
RULES = load_rules(RULES_DIR, SOURCES)


@pytest.mark.parametrize("rule_id", [r.id for r in RULES])
def test_examples_behave_as_marked(linter, rule_id):
    assert example_problems(linter, rule_id) == []


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_is_complete(rule):
    # What the loader does not refuse but the catalogue promises: enough examples and
    # alternatives, and a reason that is a paragraph, not a label.
    assert len(rule.flag_examples) >= 2 and len(rule.pass_examples) >= 2
    assert len(rule.suggestions) >= 2
    assert len(rule.reason.split()) >= 25


def test_every_category_folder_is_known():
    folders = {p.name for p in RULES_DIR.iterdir() if p.is_dir()}
    assert folders <= set(CATEGORIES)


def _cited_in(value) -> set[str]:
    if isinstance(value, dict):
        found = set(value.get("sources") or ()) if isinstance(value.get("sources"), list) else set()
        return found.union(*(_cited_in(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(_cited_in(v) for v in value))
    return set()


def test_every_registered_source_is_cited():
    """The registry holds no dead entries: each source backs a rule or a document analysis."""
    import yaml
    from importlib import resources

    cited = {s for r in RULES for s in r.sources}
    data = resources.files("inclusivelint") / "data"
    for entry in data.iterdir():
        if entry.name.endswith(".yaml"):
            cited |= _cited_in(yaml.safe_load(entry.read_text(encoding="utf-8")))
    uncited = set(SOURCES) - cited
    assert not uncited, f"sources nothing cites: {sorted(uncited)}"


FIXABLE = [r.id for r in RULES if r.fix in ("safe", "unsafe")]


@pytest.mark.parametrize("rule_id", FIXABLE)
def test_fixing_a_flag_example_leaves_nothing_to_flag(linter, rule_id):
    from inclusivelint.fix.edits import apply_fixes

    only = frozenset({rule_id})
    applied = 0
    for ex in linter.rulebook.rules[rule_id].flag_examples:
        found = linter.lint(ex.text, input_format="text", only=only)
        fixed = apply_fixes(ex.text, found, unsafe=True)
        if fixed == ex.text:
            continue  # the first one-click suggestion fits no place in this sentence
        applied += 1
        left = linter.lint(fixed, input_format="text", only=only)
        assert not left, f"{ex.text!r} -> {fixed!r} still flags {[f.matched for f in left]}"
    assert applied, f"{rule_id} has a {linter.rulebook.rules[rule_id].fix} fix that fits none of its examples"


@pytest.mark.parametrize("rule_id", [r.id for r in RULES])
def test_every_one_click_suggestion_is_recorded_and_a_fix_has_one(rule_id):
    """Suggestions are tested like examples: the texts they give are data in the rule
    (checked by `example_problems`), and a rule with a fix offers something to apply."""
    rule = next(r for r in RULES if r.id == rule_id)
    one_click = [s for s in rule.suggestions if s not in rule.advice]
    if one_click:
        assert rule.fixed, f"{rule.path}: no `fixed:` texts; run bench/record_fixes.py --only {rule_id}"
    else:
        assert rule.fix == "display-only", f"{rule.path}: fix {rule.fix} but every suggestion is advice"
