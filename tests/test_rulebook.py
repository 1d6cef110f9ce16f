"""The compiled-rule cache: reused when the rules are unchanged, harmless when broken."""

from pathlib import Path

import pytest

from inclusivelint.lint.engine import Linter, linter_for
from inclusivelint.compile.loader import RuleError

HOUSE_RULE = Path(__file__).parent / "fixtures" / "house-rules" / "coded-culture" / "synergy.yaml"


def test_cache_is_written_reused_and_survives_corruption(tmp_path, monkeypatch):
    monkeypatch.setenv("INCLUSIVELINT_CACHE_DIR", str(tmp_path))
    Linter()
    (cache,) = tmp_path.glob("rules-*.pickle")
    stamp = cache.stat().st_mtime_ns
    Linter()
    assert cache.stat().st_mtime_ns == stamp  # read, not rewritten
    cache.write_bytes(b"not a pickle")
    linter = Linter()  # compiles again instead of failing
    assert "paying-dues" in linter.rulebook.rules


def test_the_patterns_are_cached_apart_and_read_only_when_needed(tmp_path, monkeypatch):
    monkeypatch.setenv("INCLUSIVELINT_CACHE_DIR", str(tmp_path))
    fresh = Linter().load().rulebook  # compiles, and builds the matcher and the prefilter
    assert fresh._compiled is not None
    (patterns,) = tmp_path.glob("compiled-*.pickle")
    warm = Linter()
    assert warm.rulebook._compiled is None  # matcher and prefilter come from their own entries
    assert [f.rule_id for f in warm.lint("You must pay your dues.")] == ["paying-dues"]
    assert warm.rulebook._compiled is None
    assert warm.rulebook.compiled == fresh._compiled  # read from its entry when asked for
    patterns.unlink()
    rebuilt = Linter().rulebook.compiled  # a lost entry is compiled again from the rules
    assert rebuilt == fresh._compiled and list(tmp_path.glob("compiled-*.pickle"))


def test_the_fingerprint_follows_the_libraries_versions(monkeypatch):
    from inclusivelint import cache
    from inclusivelint.compile import rulebook

    dirs = rulebook.rule_dirs()
    before = rulebook.fingerprint(dirs)
    real = cache.library_stamp
    assert b"__version__" in real("spacy") and b"__version__" in real("lemminflect")
    monkeypatch.setattr(cache, "library_stamp", lambda package: real(package) + b"\n# next release")
    assert rulebook.fingerprint(dirs) != before


@pytest.mark.slow
def test_changed_extra_rules_get_a_new_cache_and_are_verified(tmp_path, monkeypatch):
    monkeypatch.setenv("INCLUSIVELINT_CACHE_DIR", str(tmp_path / "cache"))
    extra = tmp_path / "extra" / "coded-culture"
    extra.mkdir(parents=True)
    rule = extra / "synergy.yaml"
    body = HOUSE_RULE.read_text(encoding="utf-8")
    rule.write_text(body)
    linter_for([tmp_path / "extra"])
    rule.write_text(body.replace('"Energy is high."', '"Synergy is high."'))
    with pytest.raises(RuleError, match=r"examples\.pass\[1\]"):
        linter_for([tmp_path / "extra"])  # a changed rule whose example misbehaves must not load
    rule.write_text(body)
    assert "synergy" in linter_for([tmp_path / "extra"]).rulebook.rules  # the edit back is seen too


def test_a_read_only_cache_falls_back_to_memory(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache folder should be")
    monkeypatch.setenv("INCLUSIVELINT_CACHE_DIR", str(blocked / "cache"))
    assert "paying-dues" in Linter().rulebook.rules
    assert not list(tmp_path.glob("**/*.pickle"))


# -- evidence grades ---------------------------------------------------------------

def _house_rule(tmp_path, extra: str) -> Path:
    folder = tmp_path / "extra" / "coded-culture"
    folder.mkdir(parents=True)
    (folder / "synergy.yaml").write_text(HOUSE_RULE.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return tmp_path / "extra"


def test_every_bundled_rule_is_graded_with_one_of_its_sources(linter):
    from inclusivelint.compile.rule import EVIDENCE_GRADES

    for rule in linter.rulebook.rules.values():
        assert rule.evidence in EVIDENCE_GRADES, rule.id
        assert rule.evidence_source in rule.sources, rule.id


@pytest.mark.slow
def test_a_house_rule_may_be_ungraded_or_graded(tmp_path, monkeypatch):
    monkeypatch.setenv("INCLUSIVELINT_CACHE_DIR", str(tmp_path / "cache"))
    assert Linter([_house_rule(tmp_path, "")]).rulebook.rules["synergy"].evidence == ""
    extra = _house_rule(tmp_path / "b", "evidence: {grade: community, source: jumpcloud-allyship}\n")
    rule = Linter([extra]).rulebook.rules["synergy"]
    assert (rule.evidence, rule.evidence_source) == ("community", "jumpcloud-allyship")


@pytest.mark.parametrize("evidence, message", [
    ("{grade: anecdote, source: jumpcloud-allyship}",
     r"synergy\.yaml: evidence\.grade: 'anecdote' is not one of field-experiment, lab-study"),
    ("{grade: lab-study, source: gaucher-2011}",
     r"synergy\.yaml: evidence\.source: 'gaucher-2011' must be one of the rule's sources"),
    ("{grade: lab-study}", r"evidence\.source: None must be one of"),
    ("{grade: lab-study, source: jumpcloud-allyship, year: 2011}", r"evidence\.year: unknown key"),
    ("lab-study", r"synergy\.yaml: evidence: expected \{grade: GRADE, source: SOURCE-ID\}"),
])
def test_a_bad_evidence_key_names_file_and_key(tmp_path, monkeypatch, evidence, message):
    monkeypatch.setenv("INCLUSIVELINT_CACHE_DIR", str(tmp_path / "cache"))
    with pytest.raises(RuleError, match=message):
        Linter([_house_rule(tmp_path, f"evidence: {evidence}\n")])


TABLE = """\
table: job-titles
category: gendered
severity: warning
message: "“{match}” genders ${work}; try “${title}”"
reason: ${who} A neutral title leaves the door open.
sources: [apa-bias-free]
suggestions: ["${title}", "${other}"]
rows:
  - id: foreman
    work: site work
    title: supervisor
    other: crew lead
    who: Crews are led by people of every gender.
    match: ["=foreman"]
    flag: ["Ask the [[foreman]].", "The [[foreman]] left."]
    pass: ["Ask the supervisor.", "The lead left."]
  - id: doorman
    work: front-of-house staff
    title: door attendant
    other: concierge
    who: Door staff are of every gender.
    severity: suggestion
    match: ["=doorman"]
    flag: ["Tip the [[doorman]].", "A [[doorman]] waved."]
    pass: ["Tip the concierge.", "A door opened."]
"""


def _table_dir(tmp_path, text):
    folder = tmp_path / "gendered"
    folder.mkdir()
    (folder / "job-titles.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_a_table_file_gives_one_rule_per_row(tmp_path):
    from inclusivelint.compile.loader import load_rules, load_sources
    from inclusivelint.compile.loader import bundled_rules_dir

    sources = load_sources(bundled_rules_dir() / "sources.yaml")
    rules = {r.id: r for r in load_rules(_table_dir(tmp_path, TABLE), sources)}
    assert set(rules) == {"foreman", "doorman"}
    assert rules["foreman"].message == "“{match}” genders site work; try “supervisor”"
    assert rules["doorman"].suggestions == ("door attendant", "concierge")
    assert rules["doorman"].reason == "Door staff are of every gender. A neutral title leaves the door open."
    assert str(rules["doorman"].severity) != str(rules["foreman"].severity)  # a row sets a key itself
    assert rules["doorman"].path.endswith("gendered/job-titles.yaml:doorman")


def test_a_table_row_must_set_every_variable_it_uses(tmp_path):
    from inclusivelint.errors import RuleError
    from inclusivelint.compile.loader import bundled_rules_dir, load_rules, load_sources

    text = TABLE.replace("    other: concierge\n", "")
    sources = load_sources(bundled_rules_dir() / "sources.yaml")
    with pytest.raises(RuleError, match=r"job-titles.yaml:doorman: suggestions: the table uses \$\{other\}"):
        load_rules(_table_dir(tmp_path, text), sources)


def test_the_words_lemminflect_knows_come_from_the_cache(tmp_path, monkeypatch):
    from lemminflect import getAllLemmas

    from inclusivelint.compile import inflect

    monkeypatch.setenv("INCLUSIVELINT_CACHE_DIR", str(tmp_path))
    inflect.known_words.cache_clear()
    words = inflect.known_words()
    assert list(tmp_path.glob("known-words-*.pickle"))
    for word in ("maria", "lauren", "whitfield", "level", "grace", "running", "dues", "whitelist", "she"):
        assert (word in words) == bool(getAllLemmas(word)), word
    inflect.known_words.cache_clear()
    monkeypatch.setattr(inflect, "_build_known_words", lambda: pytest.fail("built again"))
    assert inflect.known_words() == words
    inflect.known_words.cache_clear()
