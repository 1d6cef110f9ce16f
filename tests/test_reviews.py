"""Review formats as their readers take them: reviewdog (rdjson), GitLab Code Quality, Checkstyle."""

import json
from xml.etree import ElementTree as ET

import pytest

from inclusivelint.cli import main

# The shape of reviewdog's Diagnostic Format (rdjson), written here from its documented
# message types: a result with a source and diagnostics, each with a message, a location
# (path and a range of 1-based line/column positions), a severity, a code and suggested
# replacements over ranges. Stricter than reviewdog's own schema: what it needs to post.
_POSITION = {"type": "object", "required": ["line", "column"], "additionalProperties": False,
             "properties": {"line": {"type": "integer", "minimum": 1},
                            "column": {"type": "integer", "minimum": 1}}}
_RANGE = {"type": "object", "required": ["start", "end"], "additionalProperties": False,
          "properties": {"start": _POSITION, "end": _POSITION}}
_SEVERITY = {"enum": ["UNKNOWN_SEVERITY", "ERROR", "WARNING", "INFO"]}
SCHEMA = {
    "type": "object", "required": ["source", "diagnostics"],
    "properties": {
        "source": {"type": "object", "required": ["name"],
                   "properties": {"name": {"type": "string"}, "url": {"type": "string"}}},
        "severity": _SEVERITY,
        "diagnostics": {"type": "array", "items": {
            "type": "object", "required": ["message", "location", "severity", "code"],
            "additionalProperties": False,
            "properties": {
                "message": {"type": "string", "minLength": 1},
                "location": {"type": "object", "required": ["path", "range"], "additionalProperties": False,
                             "properties": {"path": {"type": "string"}, "range": _RANGE}},
                "severity": _SEVERITY,
                "source": {"type": "object", "properties": {"name": {"type": "string"}}},
                "code": {"type": "object", "required": ["value"],
                         "properties": {"value": {"type": "string"}, "url": {"type": "string"}}},
                "suggestions": {"type": "array", "items": {
                    "type": "object", "required": ["range", "text"], "additionalProperties": False,
                    "properties": {"range": _RANGE, "text": {"type": "string"}}}},
                "original_output": {"type": "string"},
                "related_locations": {"type": "array"},
            }}},
    },
}
# "日本" before the flagged words: rdjson columns count UTF-8 bytes, not characters.
DOC = ("# Hiring\n\nThe chairman (日本 office) will whitelist it.\n"
       "Stop paying your dues. Each applicant signs his/her form.\n")


@pytest.fixture
def doc(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "hiring.md"
    path.write_text(DOC, encoding="utf-8")
    return path


def _run(capsys, *argv):
    code = main(["check", *argv])
    return code, capsys.readouterr()


def _apply_rdjson(data: bytes, suggestions: list[dict]) -> bytes:
    """Apply suggestions the way reviewdog does: ranges are 1-based lines and UTF-8 byte
    columns, end exclusive; later ones first so earlier offsets stay valid."""
    starts = [0]
    for i, byte in enumerate(data):
        if byte == 0x0A:
            starts.append(i + 1)

    def offset(pos):
        return starts[pos["line"] - 1] + pos["column"] - 1

    for s in sorted(suggestions, key=lambda s: offset(s["range"]["start"]), reverse=True):
        data = data[:offset(s["range"]["start"])] + s["text"].encode("utf-8") + data[offset(s["range"]["end"]):]
    return data


def test_rdjson_has_reviewdogs_shape_and_counts_bytes(doc, capsys):
    jsonschema = pytest.importorskip("jsonschema")
    code, out = _run(capsys, "hiring.md", "--format", "rdjson")
    assert code == 1
    result = json.loads(out.out)
    errors = list(jsonschema.Draft7Validator(SCHEMA).iter_errors(result))
    assert not errors, errors[0].message
    assert result["source"]["name"] == "inclusivelint"
    data = DOC.encode("utf-8")
    lines = data.split(b"\n")
    by_rule = {}
    for d in result["diagnostics"]:
        assert d["message"] and d["severity"] in ("ERROR", "WARNING", "INFO") and d["code"]["value"]
        assert d["location"]["path"] == "hiring.md"
        start, end = d["location"]["range"]["start"], d["location"]["range"]["end"]
        assert start["line"] == end["line"]
        by_rule[d["code"]["value"]] = (d, lines[start["line"] - 1][start["column"] - 1:end["column"] - 1].decode())
    assert by_rule["chairman"][1] == "chairman"
    assert by_rule["whitelist"][1] == "whitelist"  # after "日本": 2 characters, 6 bytes
    assert by_rule["whitelist"][0]["location"]["range"]["start"]["column"] == DOC.splitlines()[2].index("whitelist") + 5
    assert by_rule["paying-dues"][1] == "paying your dues"
    assert "suggestions" not in by_rule["paying-dues"][0]  # display-only: advice, not an edit


def test_rdjson_suggestions_make_the_same_text_as_fix(doc, capsys, tmp_path):
    code, out = _run(capsys, "hiring.md", "--format", "rdjson")
    suggestions = [s for d in json.loads(out.out)["diagnostics"] for s in d.get("suggestions", ())]
    assert {s["text"] for s in suggestions} >= {"chair", "allowlist"}
    suggested = _apply_rdjson(DOC.encode("utf-8"), suggestions).decode("utf-8")
    assert main(["check", "hiring.md", "--fix", "--unsafe-fixes", "--exit-zero"]) == 0
    capsys.readouterr()
    assert suggested == doc.read_text(encoding="utf-8")
    assert "chair (日本 office) will allowlist" in suggested


def test_gitlab_code_quality_fields_and_stable_fingerprints(doc, capsys):
    code, out = _run(capsys, "hiring.md", "--format", "gitlab")
    assert code == 1
    issues = json.loads(out.out)
    assert isinstance(issues, list) and issues
    for issue in issues:
        assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert issue["location"]["path"] == "hiring.md"
        assert isinstance(issue["location"]["lines"]["begin"], int)
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    before = {i["check_name"]: (i["fingerprint"], i["location"]["lines"]["begin"]) for i in issues}
    # Lines added above move every finding down; GitLab must still see the same issues.
    doc.write_text("# Intro\n\nSome words.\n\n" + DOC, encoding="utf-8")
    _, out = _run(capsys, "hiring.md", "--format", "gitlab")
    after = {i["check_name"]: (i["fingerprint"], i["location"]["lines"]["begin"]) for i in json.loads(out.out)}
    assert {k: v[0] for k, v in after.items()} == {k: v[0] for k, v in before.items()}
    assert all(after[k][1] == before[k][1] + 4 for k in before)


def test_gitlab_repeated_findings_get_distinct_fingerprints(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text("We want a culture fit.\n\nWe want a culture fit.\n")
    _, out = _run(capsys, "a.md", "--format", "gitlab", "--select", "culture-fit")
    prints = [i["fingerprint"] for i in json.loads(out.out)]
    assert len(prints) == 2 and len(set(prints)) == 2


def test_checkstyle_is_well_formed_xml_with_escaped_names(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / 'a&"b<.md').write_text(DOC, encoding="utf-8")
    code, out = _run(capsys, 'a&"b<.md', "missing.md", "--format", "checkstyle")
    assert code == 2  # a missing input is an error, and is reported in the file too
    root = ET.fromstring(out.out.encode("utf-8"))
    assert root.tag == "checkstyle"
    files = {f.get("name"): f for f in root.findall("file")}
    assert set(files) == {'a&"b<.md', "missing.md"}
    errors = files['a&"b<.md'].findall("error")
    chairman = next(e for e in errors if e.get("source") == "inclusivelint.chairman")
    assert (chairman.get("line"), chairman.get("column"), chairman.get("severity")) == ("3", "5", "warning")
    assert "“chairman”" in chairman.get("message")
    assert files["missing.md"].find("error").get("source") == "inclusivelint.input-error"


@pytest.mark.parametrize("fmt", ["rdjson", "gitlab", "checkstyle"])
def test_clean_input_gives_an_empty_but_valid_report(tmp_path, capsys, monkeypatch, fmt):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ok.md").write_text("All good here.\n")
    code, out = _run(capsys, "ok.md", "--format", fmt)
    assert code == 0
    if fmt == "checkstyle":
        assert ET.fromstring(out.out).findall("file") == []
    else:
        data = json.loads(out.out)
        assert (data["diagnostics"] if fmt == "rdjson" else data) == []
