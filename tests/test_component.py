"""The spaCy component: `nlp.add_pipe("inclusivelint")` after any English pipeline."""

import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest
import spacy

from inclusivelint.lint import component# noqa: F401  (registers the factory in this process)
from inclusivelint.errors import SelectionError

TEXT = "The chairman approved the whitelist.\n\nBe a rockstar."


def check(doc):
    spans = doc.spans["inclusivelint"]
    assert [s.label_ for s in spans] == ["chairman", "whitelist", "rockstar"]
    for span in spans:
        finding = span._.inclusivelint
        assert finding["rule_id"] == span.label_
        assert doc.text[finding["start"]:finding["end"]] == span.text == finding["matched"]
    assert spans[0]._.inclusivelint["suggestions"][0] == "chair"


def test_after_a_blank_pipeline():
    nlp = spacy.blank("en")
    nlp.add_pipe("inclusivelint")
    check(nlp(TEXT))


def test_in_nlp_pipe_and_docs_still_serialise():
    nlp = spacy.blank("en")
    nlp.add_pipe("inclusivelint", config={"spans_key": "il"})
    docs = list(nlp.pipe([TEXT, "Nothing to see.", "Our manpower plan."]))
    assert [[s.label_ for s in d.spans["il"]] for d in docs] == [
        ["chairman", "whitelist", "rockstar"], [], ["manpower"]]
    again = spacy.tokens.Doc(nlp.vocab).from_bytes(docs[0].to_bytes())
    assert [s.label_ for s in again.spans["il"]] == ["chairman", "whitelist", "rockstar"]
    assert again.spans["il"][0]._.inclusivelint["rule_id"] == "chairman"  # the finding travels with the doc
    docs = list(nlp.pipe([TEXT, "Our manpower plan."] * 2, n_process=2))
    assert [[s.label_ for s in d.spans["il"]] for d in docs] == [["chairman", "whitelist", "rockstar"],
                                                                ["manpower"]] * 2


def test_config_selects_rules_and_reads_markdown():
    nlp = spacy.blank("en")
    nlp.add_pipe("inclusivelint", config={"select": ["gendered"], "input_format": "markdown"})
    doc = nlp("The `chairman` field.\n\nThe chairman and the whitelist.")
    assert [(s.label_, s.start_char) for s in doc.spans["inclusivelint"]] == [("chairman", 27)]
    with pytest.raises(SelectionError):
        spacy.blank("en").add_pipe("inclusivelint", config={"select": ["no-such-rule"]})


def test_after_a_trained_pipeline():
    from inclusivelint.lint.trained import KNOWN

    for name in KNOWN:
        try:
            nlp = spacy.load(name)
            break
        except OSError:
            continue
    else:
        pytest.skip("no trained English pipeline installed")
    nlp.add_pipe("inclusivelint", last=True)
    doc = nlp(TEXT)
    check(doc)
    assert doc.ents is not None and doc[0].pos_  # the trained components ran too


def test_found_through_the_entry_point(tmp_path):
    """spaCy finds the factory through `spacy_factories` with no import of inclusivelint,
    as it will once the package is installed with the entry point pyproject.toml declares."""
    pyproject = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    (name, target), = pyproject["project"]["entry-points"]["spacy_factories"].items()
    dist = tmp_path / "inclusivelint_entrypoint-0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: inclusivelint-entrypoint\nVersion: 0\n")
    (dist / "entry_points.txt").write_text(f"[spacy_factories]\n{name} = {target}\n")
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(tmp_path)!r})
        import spacy
        assert "inclusivelint" not in sys.modules
        nlp = spacy.blank("en")
        nlp.add_pipe({name!r})
        doc = nlp("The chairman.")
        print([s.label_ for s in doc.spans["inclusivelint"]])
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "['chairman']"
