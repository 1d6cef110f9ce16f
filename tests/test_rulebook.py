"""The compiled-rule cache: reused when the rules are unchanged, harmless when broken."""

from inclusivelint.engine import Linter
from inclusivelint.loader import RuleError


def test_cache_is_written_reused_and_survives_corruption(tmp_path, monkeypatch):
    monkeypatch.setenv("INCLUSIVELINT_CACHE_DIR", str(tmp_path))
    Linter(verify_examples=False)
    (cache,) = tmp_path.glob("rules-*.pickle")
    stamp = cache.stat().st_mtime_ns
    Linter(verify_examples=False)
    assert cache.stat().st_mtime_ns == stamp  # read, not rewritten
    cache.write_bytes(b"not a pickle")
    linter = Linter(verify_examples=False)  # compiles again instead of failing
    assert "paying-dues" in linter.rulebook.rules


def test_changed_extra_rules_get_a_new_cache_and_are_verified(tmp_path, monkeypatch):
    monkeypatch.setenv("INCLUSIVELINT_CACHE_DIR", str(tmp_path / "cache"))
    extra = tmp_path / "extra" / "coded-culture"
    extra.mkdir(parents=True)
    rule = extra / "synergy.yaml"
    body = """\
id: synergy
category: coded-culture
severity: suggestion
message: "jargon"
reason: >
  A house rule for the cache test: jargon such as this word makes job ads harder to read
  for people outside the industry and for readers whose first language is not English.
sources: [jumpcloud-allyship]
match: [synergy]
suggestions: [collaboration, teamwork]
examples:
  flag: ["We love [[synergy]].", "[[Synergies]] abound."]
  pass: ["We love teamwork.", "Energy is high."]
"""
    rule.write_text(body)
    Linter([tmp_path / "extra"])
    rule.write_text(body.replace('"Energy is high."', '"Synergy is high."'))
    try:
        Linter([tmp_path / "extra"])
    except RuleError as exc:
        assert "examples.pass[1]" in str(exc)
    else:
        raise AssertionError("a changed rule whose example misbehaves must not load")
