"""Batch mode: JSONL and CSV in, one JSONL result per record out, resumable."""

import csv
import json

import pytest

from inclusivelint.run.batch import BatchError, done_so_far, run_batch

ADS = [
    "We want a rockstar who has paid their dues.",
    "A friendly team that values your time.",
    "Only whitelisted vendors; café au lait on Fridays. Rockstar pay.",
]


def results(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


def test_jsonl_records_ids_and_offsets(tmp_path, linter):
    src, out = tmp_path / "ads.jsonl", tmp_path / "out.jsonl"
    write_jsonl(src, [{"ad": f"a{i}", "body": t} for i, t in enumerate(ADS)])
    summary = run_batch(src, out, text_field="body", id_field="ad", linter=linter, progress=False)
    got = results(out)
    assert [r["id"] for r in got] == ["a0", "a1", "a2"]
    assert [r["record"] for r in got] == [1, 2, 3]
    assert all(r["error"] is None for r in got)
    assert got[1]["findings"] == []
    for r, text in zip(got, ADS):
        for f in r["findings"]:
            assert text[f["start"]:f["end"]] == f["matched"]
            assert "path" not in f
    assert {f["rule_id"] for f in got[0]["findings"]} >= {"rockstar", "paying-dues"}
    assert summary.records == 3 and summary.errors == 0 and summary.skipped == 0
    assert summary.findings == sum(len(r["findings"]) for r in got)


def test_record_number_is_the_default_id(tmp_path, linter):
    src, out = tmp_path / "ads.ndjson", tmp_path / "out.jsonl"
    write_jsonl(src, [{"text": t} for t in ADS])
    run_batch(src, out, text_field="text", linter=linter, progress=False)
    assert [r["id"] for r in results(out)] == [1, 2, 3]


def test_bad_records_become_errors_with_line_numbers(tmp_path, linter):
    src, out = tmp_path / "ads.jsonl", tmp_path / "out.jsonl"
    src.write_bytes(
        b'{"id": 1, "text": "A rockstar."}\n'
        b"\n"  # blank lines are not records
        b'{"id": 2, "text": "unterminated\n'
        b'{"id": 3, "body": "no text field"}\n'
        b'{"id": 4, "text": 42}\n'
        b'[1, 2]\n'
        b'{"text": "no id"}\n'
        b'{"id": 7, "text": "caf\xe9"}\n'
        b'{"id": 8, "text": "lone \\ud800 surrogate, rockstar"}\n'
        b'{"id": 9, "text": "Fine."}\n'
    )
    summary = run_batch(src, out, text_field="text", id_field="id", linter=linter, progress=False)
    got = results(out)
    assert [r["record"] for r in got] == list(range(1, 10))
    errors = {r["record"]: r["error"] for r in got if r["error"]}
    assert {n: e["line"] for n, e in errors.items()} == {2: 3, 3: 4, 4: 5, 5: 6, 6: 7, 7: 8}
    assert "invalid JSON" in errors[2]["message"]
    assert errors[3]["message"] == "no field 'text'"
    assert "int, not a string" in errors[4]["message"]
    assert "JSON object" in errors[5]["message"]
    assert errors[6]["message"] == "no field 'id'"
    assert "UTF-8" in errors[7]["message"]
    assert [r["id"] for r in got] == [1, None, 3, 4, None, None, None, 8, 9]
    assert got[7]["findings"][0]["matched"] == "rockstar"
    assert summary.errors == 6 and summary.records == 9


def test_csv_with_multiline_fields(tmp_path, linter):
    src, out = tmp_path / "ads.csv", tmp_path / "out.jsonl"
    with src.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["ad_id", "title", "description"])
        w.writerow(["x1", "Dev", "Line one.\n\nWe need a rockstar,\n\"quoted\" too."])
        w.writerow(["x2", "PM", ADS[1]])
        w.writerow(["x3", "Ops", ADS[2], "extra field"])
        w.writerow(["x4", "QA", "B" * 200_000 + " rockstar"])  # over csv's default field limit
    run_batch(src, out, text_field="description", id_field="ad_id", linter=linter, progress=False)
    got = results(out)
    assert [r["id"] for r in got] == ["x1", "x2", None, "x4"]
    assert got[0]["findings"][0]["matched"] == "rockstar"
    assert got[0]["findings"][0]["line"] == 3
    assert got[2]["error"] == {"line": 7, "message": "4 fields but the header has 3"}
    assert got[3]["findings"][0]["start"] == 200_001


def test_resume_after_interruption(tmp_path, linter):
    src, out = tmp_path / "ads.jsonl", tmp_path / "out.jsonl"
    records = [{"id": f"r{i}", "text": ADS[i % 3]} for i in range(20)]
    write_jsonl(src, records)
    run_batch(src, out, text_field="text", id_field="id", linter=linter, progress=False)
    complete = out.read_bytes()
    lines = complete.splitlines(keepends=True)
    # An interrupted run: 7 whole lines, then half of the 8th.
    out.write_bytes(b"".join(lines[:7]) + lines[7][: len(lines[7]) // 2])
    assert done_so_far(out) == (7, "r6")
    assert out.read_bytes() == b"".join(lines[:7])  # the partial line was cut off
    out.write_bytes(b"".join(lines[:7]) + lines[7][:10])
    summary = run_batch(src, out, text_field="text", id_field="id", linter=linter, progress=False,
                        resume=True)
    assert out.read_bytes() == complete
    assert (summary.skipped, summary.records) == (7, 13)
    # Resuming a finished run does nothing; resuming without an output starts afresh.
    again = run_batch(src, out, text_field="text", id_field="id", linter=linter, progress=False,
                      resume=True)
    assert (again.skipped, again.records) == (20, 0) and out.read_bytes() == complete
    fresh = tmp_path / "fresh.jsonl"
    run_batch(src, fresh, text_field="text", id_field="id", linter=linter, progress=False, resume=True)
    assert fresh.read_bytes() == complete


def test_resume_refuses_output_of_another_input(tmp_path, linter):
    src, out = tmp_path / "ads.jsonl", tmp_path / "out.jsonl"
    write_jsonl(src, [{"id": f"r{i}", "text": "x"} for i in range(5)])
    out.write_text('{"record": 1, "id": "zz", "findings": [], "error": null}\n')
    with pytest.raises(BatchError, match="another input"):
        run_batch(src, out, text_field="text", id_field="id", linter=linter, progress=False, resume=True)
    out.write_text("".join(json.dumps({"record": i, "id": f"r{i - 1}", "findings": [], "error": None}) + "\n"
                           for i in range(1, 8)))
    with pytest.raises(BatchError, match="only 5 records"):
        run_batch(src, out, text_field="text", id_field="id", linter=linter, progress=False, resume=True)


def test_unknown_extension_and_missing_input(tmp_path, linter):
    with pytest.raises(BatchError, match="extension"):
        run_batch(tmp_path / "x.tsv", tmp_path / "o.jsonl", text_field="t", linter=linter)
    with pytest.raises(BatchError, match="cannot read"):
        run_batch(tmp_path / "x.jsonl", tmp_path / "o.jsonl", text_field="t", linter=linter)


def test_progress_bar_when_asked(tmp_path, linter, capsys):
    src, out = tmp_path / "ads.jsonl", tmp_path / "out.jsonl"
    write_jsonl(src, [{"text": t} for t in ADS])
    run_batch(src, out, text_field="text", linter=linter, progress=True)
    assert "linting" in capsys.readouterr().err
    run_batch(src, out, text_field="text", linter=linter)  # stderr is not a terminal here
    assert capsys.readouterr().err == ""
