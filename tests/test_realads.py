"""The real-ad scorer reads labels as offsets and refuses any that do not fit their ad."""

import importlib.util
import sys
from pathlib import Path

import pytest

SPEC = importlib.util.spec_from_file_location("realads", Path(__file__).resolve().parents[1] / "bench" / "realads.py")
realads = sys.modules.setdefault("realads", importlib.util.module_from_spec(SPEC))
SPEC.loader.exec_module(realads)

AD = "Data Analyst\nBachelor's degree required.\nA high degree of autonomy.\n"


def write(tmp_path, items, traps=()):
    (tmp_path / "ads").mkdir(exist_ok=True)
    (tmp_path / "ads" / "001.txt").write_text(AD, encoding="utf-8")
    labels = tmp_path / "labels.yaml"
    import yaml
    labels.write_text(yaml.safe_dump([{"ad": "ads/001.txt", "sector": "data", "items": list(items),
                                       "traps": list(traps)}]), encoding="utf-8")
    return labels


def span(phrase, **extra):
    start = AD.index(phrase)
    return {"start": start, "end": start + len(phrase), "sha": realads.sha(phrase), **extra}


def test_labels_load_with_verified_offsets(tmp_path):
    labels = write(tmp_path, [span("Bachelor's degree required", category="degree-gate", grade="clear")],
                   [span("high degree of autonomy", why="extent")])
    (ad,) = realads.load(labels, tmp_path)
    assert AD[ad.items[0].start:ad.items[0].end] == "Bachelor's degree required"
    assert ad.traps[0].grade == "trap"


@pytest.mark.parametrize("change, problem", [
    ({"sha": "00000000"}, "does not match sha"),
    ({"end": 10_000}, "do not fit the ad"),
    ({"grade": "maybe"}, "is not clear or borderline"),
])
def test_a_label_that_does_not_fit_its_ad_is_refused(tmp_path, change, problem):
    item = {**span("Bachelor's degree required", category="degree-gate", grade="clear"), **change}
    with pytest.raises(realads.LabelError, match=problem):
        realads.load(write(tmp_path, [item]), tmp_path)


def test_the_committed_labels_fit_the_shared_corpus():
    corpus = realads.DEFAULT_CORPUS
    if not corpus.is_dir():
        pytest.skip("the shared jobs corpus is not next to this checkout")
    for files in realads.PARTS.values():
        for name in files:
            assert realads.load(realads.LABELS / name, corpus)


def test_sector_ads_not_extracted_are_skipped_but_present_ones_are_verified(tmp_path):
    labels = write(tmp_path, [span("Bachelor's degree required", category="degree-gate", grade="clear")])
    assert realads.load(labels, tmp_path / "elsewhere", skip_missing=True) == []
    (tmp_path / "ads" / "001.txt").write_text("changed " + AD, encoding="utf-8")
    with pytest.raises(realads.LabelError, match="does not match sha"):
        realads.load(labels, tmp_path, skip_missing=True)


def test_the_extractor_reads_every_sector_ad_from_its_sources_table():
    spec = importlib.util.spec_from_file_location("realads_extract", SPEC.origin.replace("realads.py",
                                                                                          "realads_extract.py"))
    extract = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(extract)
    rows = extract.table()
    assert [r[0] for r in rows] == [f"{n:03d}" for n in range(1, 41)]
    assert all(len(r[2]) == 40 for r in rows)
