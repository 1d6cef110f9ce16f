"""Dask: a bag and a dataframe linted on a local two-process cluster, one Linter per worker."""

import pytest

db = pytest.importorskip("dask.bag")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")
pd = pytest.importorskip("pandas")

from inclusivelint.run import cluster# noqa: E402

# Stable rules only, so that rules being edited elsewhere cannot change the expectations.
SELECT = ["rockstar", "whitelist", "paying-dues"]
TEXTS = [
    "We want a rockstar who has paid their dues.",
    "Nothing here.",
    "Only whitelisted vendors.",
    "",
] * 10


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as lc, distributed.Client(lc) as c:
        c.register_plugin(cluster.WarmLinter())
        yield c


def expected(linter, texts):
    only = linter.selection(SELECT)
    return [linter.lint(t, input_format="text", only=only) for t in texts]


def test_bag_of_texts_and_records(client, linter):
    bag = db.from_sequence(TEXTS, npartitions=8)
    got = cluster.lint_bag(bag, select=SELECT).compute()
    assert got == expected(linter, TEXTS)
    assert sum(map(len, got)) == 30
    records = db.from_sequence([{"id": i, "body": t} for i, t in enumerate(TEXTS)] + [{"id": -1}],
                               npartitions=5)
    flat = cluster.lint_bag(records, text_field="body", select=SELECT).flatten().compute()
    assert [f.matched for f in flat][:3] == ["rockstar", "paid their dues", "whitelisted"]
    # One Linter per worker process, built once however many partitions it ran.
    def linters_built():
        from inclusivelint.lint import engine

        return len(engine._linters)

    assert set(client.run(linters_built).values()) == {1}


def test_dataframe_of_findings(client, linter):
    frame = pd.DataFrame({"ad": [f"ad{i}" for i in range(len(TEXTS))], "body": TEXTS})
    ddf = dd.from_pandas(frame, npartitions=4)
    out = cluster.lint_dataframe(ddf, "body", id_column="ad", select=SELECT).compute()
    assert list(out.columns) == ["id", *cluster.COLUMNS]
    assert len(out) == 30
    first = out[out["id"] == "ad0"]
    assert list(first["rule_id"]) == ["rockstar", "paying-dues"]
    for rid, start, end, matched in zip(out["id"], out["start"], out["end"], out["matched"]):
        assert TEXTS[int(rid[2:])][start:end] == matched
    by_index = cluster.lint_dataframe(ddf, "body", select=SELECT).compute()
    assert sorted(set(by_index["id"])) == [i for i in range(len(TEXTS)) if i % 4 in (0, 2)]
