"""inclusivelint insights: planted differences are found with their direction, none is
invented where none was planted, and the report keeps documents and groups private."""

from __future__ import annotations

import json
import random
import re
from html.parser import HTMLParser

import pytest

from inclusivelint.cli import main
from inclusivelint.insights.aggregate import POOLED, form_groups
from inclusivelint.insights.html import render_html
from inclusivelint.insights.run import excerpt, run_insights

FILLER = ["The quarterly planning covered the roadmap for the platform.",
          "They reviewed the design document with the wider team.",
          "The migration plan was discussed in the weekly meeting.",
          "Most of the year went into the billing service and its tests.",
          "The team moved offices in the spring and settled in quickly."]
PERSONALITY = ["She can be abrasive with the team.", "She was pushy in the planning meeting.",
               "She seemed emotional in the review.", "She is defensive about her code."]
OUTCOME = ["This resulted in fewer support tickets.", "As a result, customers renewed their contracts.",
           "That work resulted in a faster release process."]
AGENTIC = ["She is decisive and independent.", "She is assertive and bold in discussions."]
COMMUNAL = ["She is kind and warm with new joiners.", "She is supportive and considerate."]
UNPLANTED = {
    "vague": ["She had a great year.", "She is a pleasure to work with."],
    "doubt": ["Her design was adequate.", "At times the code reviews ran late."],
    "standout": ["Her analysis was excellent.", "She is an outstanding engineer."],
    "grindstone": ["She is conscientious and methodical.", "She is industrious."],
    "effort": ["She works really hard.", "She put in the hours before the launch."],
    "accomplishment": ["She shipped the importer.", "She migrated the billing jobs."],
}


def review(rng: random.Random, *, personality: float, outcome: float, agentic: float) -> str:
    """A synthetic review: filler plus, per slot, a sentence of each kind with the given chance."""
    parts = [rng.choice(FILLER) for _ in range(8)]
    parts += [rng.choice(PERSONALITY) for _ in range(10) if rng.random() < personality]
    parts += [rng.choice(OUTCOME) for _ in range(8) if rng.random() < outcome]
    parts += [rng.choice(AGENTIC) for _ in range(6) if rng.random() < agentic]
    parts += [rng.choice(COMMUNAL) for _ in range(6) if rng.random() < 0.4]
    for sentences in UNPLANTED.values():
        parts += [rng.choice(sentences) for _ in range(4) if rng.random() < 0.3]
    rng.shuffle(parts)
    return " ".join(parts)


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def planted_reviews(tmp_path_factory):
    """Team A: 30 % more personality words, less outcome feedback, fewer agentic words."""
    rng = random.Random(7)
    rows = []
    for i in range(220):
        rows.append({"id": f"a{i}", "team": "A", "text": review(rng, personality=0.39, outcome=0.2, agentic=0.3)})
        rows.append({"id": f"b{i}", "team": "B", "text": review(rng, personality=0.30, outcome=0.35, agentic=0.5)})
    return write_jsonl(tmp_path_factory.mktemp("rev") / "reviews.jsonl", rows)


@pytest.fixture(scope="module")
def planted_result(planted_reviews):
    return run_insights(planted_reviews, text_field="text", id_field="id", group_by=("team",), profile="review")


def _diffs(result):
    return {d.measure: d for d in result.aggregates.differences}


def test_planted_review_differences_are_recovered_with_their_direction(planted_result):
    diffs = _diffs(planted_result)
    a, b = planted_result.aggregates.groups.names
    assert {a, b} == {"A", "B"}
    sign = 1 if a == "A" else -1  # differences are first group minus second

    def a_minus_b(measure):
        return sign * diffs[measure].difference

    for measure, direction in (("personality", +1), ("personality-share", +1), ("outcome", -1),
                               ("agentic-share", -1)):
        assert diffs[measure].clear, diffs[measure].sentence
        assert a_minus_b(measure) * direction > 0, diffs[measure].sentence
    assert diffs["personality"].sentence.startswith("A: more personality words than B")
    # About 30 % more, and the interval holds the planted ratio's difference.
    by = planted_result.aggregates.by_group
    ratio = by["A"]["personality"].value / by["B"]["personality"].value
    assert 1.15 < ratio < 1.5
    for measure in ("vague", "doubt", "standout-share", "effort-share"):
        assert not diffs[measure].clear, diffs[measure].sentence
        assert diffs[measure].sentence.startswith("No clear difference")


def test_no_difference_is_reported_where_none_was_planted(tmp_path):
    rng = random.Random(11)
    rows = [{"id": str(i), "team": "AB"[i % 2], "text": review(rng, personality=0.35, outcome=0.3, agentic=0.4)}
            for i in range(240)]
    result = run_insights(write_jsonl(tmp_path / "same.jsonl", rows), text_field="text", id_field="id",
                          group_by=("team",), profile="review")
    clear = [d.sentence for d in result.aggregates.differences if d.clear]
    assert clear == []
    assert all(e.low <= e.value <= e.high for e in result.aggregates.by_group["A"].values() if e.value is not None)


AD = ("Data Analyst\n\nWe are a {coded} team building reporting for hospitals. You will build dashboards "
      "and work with clinicians on the data they need. {degree} {salary} We are an equal opportunity "
      "employer. Ref {marker}.")


def test_planted_job_ad_differences(tmp_path):
    rng = random.Random(3)
    rows = []
    for i in range(120):
        x = i % 2 == 0
        rows.append({"id": str(i), "dept": "X" if x else "Y", "text": AD.format(
            coded="competitive, ambitious and driven" if rng.random() < (0.9 if x else 0.1) else "supportive and friendly",
            degree="A bachelor's degree is required." if rng.random() < (0.8 if x else 0.1) else "",
            salary="Pay: $60,000 - $70,000." if rng.random() < (0.1 if x else 0.9) else "",
            marker=f"zq{i}")})
    result = run_insights(write_jsonl(tmp_path / "ads.jsonl", rows), text_field="text", id_field="id",
                          group_by=("dept",), profile="job-ad")
    diffs = _diffs(result)
    by = result.aggregates.by_group
    assert diffs["masculine-coded"].clear and by["X"]["masculine-coded"].value > by["Y"]["masculine-coded"].value
    assert diffs["coded-balance"].clear and by["X"]["coded-balance"].value < by["Y"]["coded-balance"].value
    assert diffs["req-degree"].clear and by["X"]["req-degree"].value > by["Y"]["req-degree"].value
    assert diffs["missing-salary-range"].clear
    assert by["X"]["missing-salary-range"].value > by["Y"]["missing-salary-range"].value
    assert not diffs["missing-equal-opportunity"].clear
    assert by["X"]["missing-equal-opportunity"].value == 0


# -- privacy --------------------------------------------------------------------------

class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        self.urls += [(tag, k, v) for k, v in attrs if k in ("src", "href", "action", "data", "srcset")]


def _outside_plotly(html: str) -> str:
    return re.sub(r"<script>.*?</script>", "", html, count=1, flags=re.S)


def _private_rows():
    rows = []
    for i in range(12):
        rows.append({"id": f"d{i}", "team": "big", "text": f"Opening line zqfar{i} about the quarter. "
                     + "The planning went fine and the roadmap was agreed by the group. " * 3
                     + f"She can be abrasive zqnear{i} in meetings."})
    rows += [{"id": "t1", "team": "tiny-team-zz", "text": "She can be pushy."},
             {"id": "t2", "team": "tiny-team-zz", "text": "She is bossy."}]
    return rows


@pytest.mark.parametrize("excerpts", [True, False])
def test_report_shows_excerpts_only_and_nothing_with_no_excerpts(tmp_path, excerpts):
    path = write_jsonl(tmp_path / "r.jsonl", _private_rows())
    result = run_insights(path, text_field="text", id_field="id", group_by=("team",), profile="review",
                          excerpts=excerpts, csv_out=tmp_path / "r.csv")
    html = render_html(result)
    out = json.dumps(result.as_dict())
    body = _outside_plotly(html)
    assert "zqfar" not in html and "Opening line" not in html  # far from any finding: never shown
    assert ("zqnear3" in body) is excerpts  # next to a finding: in the excerpt, or nowhere
    assert ("abrasive</mark>" in body) is excerpts
    if not excerpts:
        for row in _private_rows():
            for sentence in re.split(r"(?<=\.) ", row["text"]):
                assert sentence.strip() not in body
        assert "zqnear" not in out and '"phrase": "' not in out  # rules only, no words
    # The group of two is neither shown nor named, anywhere.
    for text in (html, out, (tmp_path / "r.csv").read_text()):
        assert "tiny-team-zz" not in text
    assert result.aggregates.groups.withheld_documents == 2
    assert {d.id for d in result.documents} == {f"d{i}" for i in range(12)}  # not t1, t2
    assert "big" not in (tmp_path / "r.csv").read_text()  # per-document rows carry no group value
    # Nothing is loaded from the network: no external src/href, no URL outside plotly.js.
    parser = _Links()
    parser.feed(html)
    assert parser.urls and all(v.startswith("#") for _, k, v in parser.urls), parser.urls
    assert "://" not in body
    assert "<script src" not in html and "@import" not in html


def test_small_groups_are_pooled_when_the_pool_is_big_enough():
    groups = form_groups({"a": 10, "b": 2, "c": 2, "d": 1}, 5)
    assert groups.names == ["a", POOLED.format(n=5)]
    assert groups.sizes[POOLED.format(n=5)] == 5 and groups.pooled == 3
    groups = form_groups({"a": 10, "b": 2, "c": 2}, 5)
    assert groups.names == ["a"] and groups.withheld_documents == 4 and "b" not in groups.name_of


def test_excerpt_marks_the_findings_and_keeps_only_windows():
    text = "x" * 200 + " she is abrasive here " + "y" * 200
    start = text.index("abrasive")
    (window,) = excerpt(text, [(start, start + 8)], context=10)
    assert ("abrasive", True) in window
    assert sum(len(t) for t, _ in window) <= 8 + 2 * 10 + 2


# -- inputs, outputs, determinism, parallel and Dask ----------------------------------------

def test_parquet_jobs_and_jsonl_agree_and_runs_are_deterministic(planted_reviews, planted_result, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    import pyarrow as pa

    rows = [json.loads(line) for line in planted_reviews.read_text().splitlines()]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "reviews.parquet")
    again = run_insights(tmp_path / "reviews.parquet", text_field="text", id_field="id", group_by=("team",),
                         profile="review", jobs=2)
    assert json.dumps(again.as_dict()) == json.dumps(planted_result.as_dict())


def test_cli_writes_html_csv_json_and_counts_bad_records(tmp_path, capsys):
    rows = _private_rows() + [{"id": "bad", "team": "big"}]
    path = write_jsonl(tmp_path / "in.jsonl", rows)
    (tmp_path / "in.jsonl").write_text(path.read_text() + "not json\n")
    code = main(["insights", str(path), "--text-field", "text", "--id-field", "id", "--group-by", "team",
                 "--profile", "review", "--html", str(tmp_path / "r.html"), "--csv", str(tmp_path / "r.csv"),
                 "--json", str(tmp_path / "r.json"), "--isolated"])
    assert code == 0
    assert "16 documents (2 unreadable) in 1 groups: big (12)" in capsys.readouterr().out
    data = json.loads((tmp_path / "r.json").read_text())
    assert data["errors"] == 2 and data["groups"] == [{"name": "big", "documents": 12}]
    lines = (tmp_path / "r.csv").read_text().splitlines()
    assert len(lines) == 17 and "no field 'text'" in lines[-2] and "invalid JSON" in lines[-1]
    assert (tmp_path / "r.html").read_text().startswith("<!DOCTYPE html>")
    assert main(["insights", str(path), "--text-field", "text", "--profile", "docs"]) == 2


def test_unreadable_parquet_is_one_clear_error(tmp_path, capsys):
    bad = tmp_path / "x.parquet"
    bad.write_bytes(b"not parquet at all")
    assert main(["insights", str(bad), "--text-field", "t", "--profile", "job-ad", "--isolated"]) == 2
    assert "cannot read as Parquet" in capsys.readouterr().err


def test_dask_local_cluster_gives_the_same_values(planted_reviews, tmp_path):
    distributed = pytest.importorskip("distributed")
    import dask.bag as db

    from inclusivelint.run.cluster import insights_bag

    rows = [json.loads(line) for line in planted_reviews.read_text().splitlines()][:60]
    local = run_insights(write_jsonl(tmp_path / "few.jsonl", rows), text_field="text", id_field="id",
                         group_by=("team",), profile="review")
    # Threads keep the test quick; test_cluster.py covers worker processes for the shared machinery.
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as lc, distributed.Client(lc):
        result = insights_bag(db.from_sequence(rows, npartitions=3), "text", profile="review",
                              id_field="id", group_by=("team",))
    assert result.records == 60 and result.aggregates.groups.sizes == {"A": 30, "B": 30}
    for group, values in local.aggregates.by_group.items():
        for measure, e in values.items():
            assert result.aggregates.by_group[group][measure].value == pytest.approx(e.value), measure
    assert [d.findings for d in result.documents] == [d.findings for d in local.documents]
