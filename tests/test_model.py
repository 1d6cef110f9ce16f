"""The optional trained pipeline: loaded by name, used only around candidates, never downloaded."""

import importlib.util

import pytest

from inclusivelint.lint.engine import Linter
from inclusivelint.lint.trained import KNOWN, ModelError, load

HAVE_MODEL = any(importlib.util.find_spec(name) for name in KNOWN)


def test_missing_model_is_a_clear_error():
    with pytest.raises(ModelError, match="nothing is downloaded"):
        load("en_core_web_no_such_model")


def test_cli_reports_missing_model(capsys, tmp_path):
    from inclusivelint.cli import main

    (tmp_path / "a.txt").write_text("hello\n")
    assert main(["check", str(tmp_path / "a.txt"), "--isolated", "--model", "en_no_such_pipeline"]) == 2
    assert "no trained spaCy pipeline en_no_such_pipeline is installed" in capsys.readouterr().err


@pytest.mark.skipif(not HAVE_MODEL, reason="no trained English pipeline installed")
def test_model_finds_names_the_shape_heuristic_misses():
    text = "The lead, Dr Okafor, said the applicant and she would meet."
    only = frozenset({"generic-pronoun"})
    assert [f.matched for f in Linter().lint(text, only=only)] == ["she"]
    assert Linter(model="auto").lint(text, only=only) == []
    # and still flags the generic case
    flagged = Linter(model="auto").lint("Each user should update his settings.", only=only)
    assert [f.matched for f in flagged] == ["his"]
