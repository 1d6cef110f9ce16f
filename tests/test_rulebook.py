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
