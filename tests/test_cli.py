"""The command line, in-process through main(argv) -> int."""

import json

import pytest

from inclusivelint.cli import main

AD = "We hire for culture fit.\n\nNew people pay their dues here.\n"


@pytest.fixture
def ad(tmp_path):
    path = tmp_path / "ad.txt"
    path.write_text(AD, encoding="utf-8")
    return path


def test_check_prints_location_rule_reason_and_alternatives(ad, capsys):
    assert main(["check", str(ad), "--select", "paying-dues"]) == 1
    out = capsys.readouterr().out
    assert f"{ad}:3:12  warning  paying-dues" in out
    assert "New people pay their dues here." in out
    assert "^^^^^^^^^^^^^^" in out  # the underline under "pay their dues"
    assert "why:" in out and "rewrite: build experience" in out and "try: learn the ropes" in out
    assert "Found 1 problem (1 warning) in 1 of 1 file." in out


def test_json_output_carries_exact_offsets(ad, capsys):
    assert main(["check", str(ad), "--format", "json", "--select", "paying-dues"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["version"] == 2 and doc["counts"] == {"error": 0, "warning": 1, "suggestion": 0}
    (finding,) = doc["findings"]
    assert AD[finding["start"]:finding["end"]] == finding["matched"] == "pay their dues"
    assert (finding["line"], finding["column"]) == (3, 12)
    for key in ("path", "rule_id", "category", "severity", "message", "suggestions", "sources"):
        assert key in finding


def test_stdin(monkeypatch, capsys):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Stop paying your dues.\n")))
    assert main(["check", "-", "--concise", "--select", "gatekeeping"]) == 1
    assert "-:1:6  warning  paying-dues" in capsys.readouterr().out


def test_fail_on_threshold(ad, capsys):
    assert main(["check", str(ad), "--select", "paying-dues", "--fail-on", "error"]) == 0
    assert main(["check", str(ad), "--select", "paying-dues", "--fail-on", "warning"]) == 1


def test_ignore_and_select_by_category(ad, capsys):
    assert main(["check", str(ad), "--select", "gatekeeping", "--format", "json"]) == 1
    everything = json.loads(capsys.readouterr().out)["findings"]
    assert {f["rule_id"] for f in everything} >= {"paying-dues"}
    code = main(["check", str(ad), "--select", "gatekeeping", "--ignore", "paying-dues", "--format", "json"])
    doc = json.loads(capsys.readouterr().out)
    kept = [f for f in everything if f["rule_id"] != "paying-dues"]
    assert [f["rule_id"] for f in doc["findings"]] == [f["rule_id"] for f in kept]
    assert code == (1 if kept else 0)
    assert all(f["category"] == "gatekeeping" for f in doc["findings"])


def test_clean_file_exits_zero(tmp_path, capsys):
    path = tmp_path / "ok.md"
    path.write_text("# Notes\n\nThe build passes on every platform.\n")
    assert main(["check", str(path)]) == 0
    assert "No problems found in 1 file." in capsys.readouterr().out


def test_directory_walk_skips_hidden_gitignored_and_other_extensions(tmp_path, capsys):
    (tmp_path / ".gitignore").write_text("build/\n")
    for rel in ("docs/a.md", "build/b.md", ".hidden/c.md", "d.py", "e.rst"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("Stop paying your dues.\n")
    assert main(["check", str(tmp_path), "--format", "json", "--select", "paying-dues"]) == 1
    paths = sorted(f["path"] for f in json.loads(capsys.readouterr().out)["findings"])
    assert paths == [str(tmp_path / "docs" / "a.md"), str(tmp_path / "e.rst")]


@pytest.mark.parametrize("argv, message", [
    (["check", "--select", "no-such-rule", "x.md"], "unknown rule or category 'no-such-rule'"),
    (["check", "missing-file.md"], "missing-file.md: no such file or directory"),
    (["explain", "paying-due"], "did you mean 'paying-dues'?"),
    (["rules", "--category", "nope"], "unknown category 'nope'"),
    (["check", "--format", "xml", "x.md"], "Invalid value for '--format'"),
])
def test_usage_and_input_errors_exit_2_with_one_line(argv, message, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_undecodable_and_binary_files_are_named_and_others_still_linted(tmp_path, capsys):
    (tmp_path / "bad.txt").write_bytes(b"fine line\nbad \xff byte\n")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02")
    (tmp_path / "good.txt").write_text("Stop paying your dues.\n")
    assert main(["check", str(tmp_path), "--select", "paying-dues", "--concise"]) == 2
    captured = capsys.readouterr()
    assert f"{tmp_path / 'bad.txt'}:2: cannot decode as UTF-8" in captured.err
    assert f"{tmp_path / 'bin.txt'}: looks like a binary file" in captured.err
    assert "good.txt:1:6" in captured.out


def test_explain_shows_reason_sources_alternatives_examples(capsys):
    assert main(["explain", "paying-dues"]) == 0
    out = capsys.readouterr().out
    for heading in ("What it flags", "Why", "Sources", "Alternatives", "Examples"):
        assert heading in out
    assert "JumpCloud" in out
    assert "»paying your dues«" in out


def test_rules_json_lists_every_rule(capsys, linter):
    assert main(["rules", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert {r["id"] for r in doc["rules"]} == set(linter.rulebook.rules)
    assert main(["rules", "--category", "gatekeeping"]) == 0
    assert "paying-dues" in capsys.readouterr().out


def test_version(capsys):
    assert main(["--version"]) == 0
    assert "inclusivelint, version" in capsys.readouterr().out


def test_batch_command_writes_one_result_per_record(tmp_path, capsys):
    src = tmp_path / "ads.jsonl"
    src.write_text('{"id": "a", "text": "Stop paying your dues."}\n{"id": "b", "text": "Fine."}\n')
    out = tmp_path / "out.jsonl"
    assert main(["batch", str(src), "--text-field", "text", "--id-field", "id", "-o", str(out),
                 "--isolated", "--select", "paying-dues"]) == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(r["id"], len(r["findings"])) for r in rows] == [("a", 1), ("b", 0)]
    assert "2 records linted" in capsys.readouterr().err


def test_jobs_give_the_same_output_in_the_same_order(tmp_path, capsys):
    # Enough input (over parallel.MIN_PARALLEL_BYTES) for -j 2 to use a real pool.
    for i in range(30):
        (tmp_path / f"f{i:02d}.md").write_text("A plain line of prose.\n" * 1200 + f"Pay your dues {i}.\n")
    outputs = []
    for jobs in ("1", "2"):
        main(["check", str(tmp_path), "--isolated", "--select", "paying-dues", "--format", "json", "-j", jobs])
        outputs.append(json.loads(capsys.readouterr().out)["findings"])
    assert outputs[0] == outputs[1] and len(outputs[0]) == 30
    assert [f["path"] for f in outputs[0]] == sorted(f["path"] for f in outputs[0])


def test_huge_files_are_linted_in_chunks_with_exact_offsets(tmp_path, capsys, monkeypatch):
    from inclusivelint.run import runner

    monkeypatch.setattr(runner, "STREAM_BYTES", 10_000)
    path = tmp_path / "big.md"
    text = ("Plain prose here.\n\n" * 2000) + "Stop paying your dues.\n"
    path.write_text(text)
    assert main(["check", str(path), "--isolated", "--select", "paying-dues", "--format", "json"]) == 1
    (finding,) = json.loads(capsys.readouterr().out)["findings"]
    assert text[finding["start"]:finding["end"]] == "paying your dues"
    assert finding["line"] == 4001
    assert main(["check", str(path), "--isolated", "--select", "paying-dues", "--concise"]) == 1
    assert "big.md:4001:6  warning  paying-dues" in capsys.readouterr().out
    assert main(["check", str(path), "--isolated", "--fix"]) == 2
    assert "too large to fix in place" in capsys.readouterr().err


def test_every_user_error_is_one_inclusivelint_error():
    from inclusivelint import errors

    for name in ("RuleError", "ConfigError", "PatternError", "SelectionError", "ModelError",
                 "StreamError", "BatchError"):
        assert issubclass(getattr(errors, name), errors.InclusivelintError), name
    assert errors.RuleError is not errors.ConfigError
    assert str(errors.ConfigError("a.toml", "ignore", "bad", line=3)) == "a.toml:3: ignore: bad"


def test_min_evidence_keeps_only_rules_graded_at_least_that(tmp_path, capsys):
    path = tmp_path / "ad.txt"
    # digital-native rests on a field experiment, rockstar on lab studies, paying-dues on community writing
    path.write_text("Our rockstar team wants a digital native.\nNew people pay their dues here.\n", encoding="utf-8")
    found = {}
    for grade in ("field-experiment", "lab-study", "style-guide", "community"):
        assert main(["check", str(path), "--format", "json", "--min-evidence", grade]) == 1
        doc = json.loads(capsys.readouterr().out)
        found[grade] = {f["rule_id"] for f in doc["findings"]}
    assert found["field-experiment"] == {"digital-native"}
    assert found["lab-study"] == found["style-guide"] == {"digital-native", "rockstar"}
    assert found["community"] == {"digital-native", "rockstar", "paying-dues"}
    assert main(["check", str(path), "--min-evidence", "hearsay"]) == 2


def test_json_and_sarif_and_explain_show_the_evidence_grade(ad, capsys):
    assert main(["check", str(ad), "--format", "json", "--select", "paying-dues"]) == 1
    (finding,) = json.loads(capsys.readouterr().out)["findings"]
    assert finding["evidence"] == {"grade": "community", "source": "jumpcloud-allyship"}
    assert main(["report", str(ad), "--format", "sarif", "--select", "paying-dues"]) == 1
    (rule,) = json.loads(capsys.readouterr().out)["runs"][0]["tool"]["driver"]["rules"]
    assert rule["properties"]["evidence"] == "community"
    assert "Evidence: community (jumpcloud-allyship)" in rule["help"]["text"]
    assert main(["explain", "digital-native"]) == 0
    assert "Evidence\n  field-experiment: Ian Burn" in capsys.readouterr().out
    assert main(["explain", "rockstar", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["evidence"]["grade"] == "lab-study"
