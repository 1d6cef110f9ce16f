"""The compiled-rule cache: reused when the rules are unchanged, harmless when broken."""

from pathlib import Path

import pytest

from inclusivelint.engine import Linter
from inclusivelint.loader import RuleError

HOUSE_RULE = Path(__file__).parent / "fixtures" / "house-rules" / "coded-culture" / "synergy.yaml"


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
    body = HOUSE_RULE.read_text(encoding="utf-8")
    rule.write_text(body)
    Linter([tmp_path / "extra"])
    rule.write_text(body.replace('"Energy is high."', '"Synergy is high."'))
    with pytest.raises(RuleError, match=r"examples\.pass\[1\]"):
        Linter([tmp_path / "extra"])  # a changed rule whose example misbehaves must not load
