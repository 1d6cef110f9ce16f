"""The compiled-rule cache: reused when the rules are unchanged, harmless when broken."""

from pathlib import Path

import pytest

from inclusivelint.engine import Linter, linter_for
from inclusivelint.loader import RuleError

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
    from inclusivelint.rule import EVIDENCE_GRADES

    for rule in linter.rulebook.rules.values():
        assert rule.evidence in EVIDENCE_GRADES, rule.id
        assert rule.evidence_source in rule.sources, rule.id


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
