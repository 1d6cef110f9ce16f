"""One-click suggestions against a blind editor's judgement (bench/judged/): none that the
editor rejected is offered as one click any more."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("judged", ROOT / "bench" / "judged.py")
judged = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(judged)

ITEMS = judged.load()


def test_the_judged_set_is_whole():
    assert len(ITEMS) >= 1400
    assert {i["verdict"] for i in ITEMS} == {"ok", "bad"}
    assert all(i.get("why") for i in ITEMS if i["verdict"] == "bad")
    assert sum("example" in i for i in ITEMS) > 1000 and sum("path" in i for i in ITEMS) > 100


def test_no_rejected_text_of_a_rule_example_is_offered_as_one_click(linter):
    examples = [i for i in ITEMS if "example" in i]
    still = [item for item, offered in judged.offered(linter, examples, None)
             if offered and item["verdict"] == "bad" and not item.get("mention")]
    assert not still, [(i["rule"], i["suggestion"], i["after"]) for i in still[:10]]


def test_no_rejected_text_of_a_real_sentence_is_offered_as_one_click(linter):
    corpus = judged.DEFAULT_CORPUS
    if not corpus.is_dir():
        pytest.skip("the shared corpus is not beside this checkout")
    real = [i for i in ITEMS if "path" in i]
    results = judged.offered(linter, real, corpus)
    still = [item for item, offered in results if offered and item["verdict"] == "bad" and not item.get("mention")]
    assert not still, [(i["rule"], i["suggestion"], i["path"]) for i in still[:10]]
    assert sum(offered for item, offered in results if item["verdict"] == "ok") > 40  # the check can see them
