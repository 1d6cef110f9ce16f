"""Document-level analysis (issue 6): profiles, gender-coded wording, job-ad
requirement checks, missing statements, review language, and the rendered summary.

The analysis is tested on its own: findings are [] or built by hand, so these
tests do not depend on which rules exist. Snapshots of `render_summary` for the
example documents live in tests/snapshots/; refresh them with
INCLUSIVELINT_UPDATE_SNAPSHOTS=1 after checking the diff.
"""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path

import pytest
import yaml

from inclusivelint.analysis import PROFILES, Profile, analyze, render_summary
from inclusivelint.analysis.datafile import read
from inclusivelint.analysis.gender import verdict_for
from inclusivelint.analysis.jobad import STATEMENTS
from inclusivelint.lint.finding import Finding, Severity
from inclusivelint.compile.loader import bundled_rules_dir

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"


def coding(text: str, **kw):
    return analyze(text, [], profile="job-ad", **kw).gender_coding


def coded(text: str) -> dict[str, int]:
    """{family word: count} of the gender-coded words in `text`."""
    return {c.word: c.count for c in coding(text).coded}


def finding(text: str, phrase: str, rule_id: str, category: str,
            severity: Severity = Severity.WARNING) -> Finding:
    start = text.index(phrase)
    end = start + len(phrase)
    line = text.count("\n", 0, start) + 1
    col = start - (text.rfind("\n", 0, start) + 1) + 1
    return Finding(rule_id=rule_id, category=category, severity=severity, message="m",
                   start=start, end=end, line=line, column=col, end_line=line,
                   end_column=col + len(phrase), matched=phrase)


# -- profiles ----------------------------------------------------------------------

def test_profiles_are_data_with_the_four_names():
    from inclusivelint.vocab import PROFILES as NAMES

    assert sorted(PROFILES) == sorted(NAMES) == ["docs", "job-ad", "message", "review"]
    for name, prof in PROFILES.items():
        assert isinstance(prof, Profile) and prof.name == name
        assert prof.runs("findings")
    assert PROFILES["job-ad"].analyses == ("findings", "gender-coding", "requirements", "statements")
    assert PROFILES["review"].analyses == ("findings", "review")


def test_default_profile_is_docs_and_unknown_profile_is_an_error():
    assert analyze("Hello.", []).profile == "docs"
    with pytest.raises(ValueError, match="unknown profile 'memo'.*docs, job-ad, review, message"):
        analyze("Hello.", [], profile="memo")


# -- gender-coded wording ------------------------------------------------------------

def test_coded_words_are_counted_by_word_with_positions():
    text = ("We want a competitive, ambitious leader who leads by example\n"
            "and supports a kind, understanding team.")
    gc = coding(text)
    assert {(c.word, c.coding): c.count for c in gc.coded} == {
        ("competitive", "masculine"): 1, ("ambitious", "masculine"): 1, ("leader", "masculine"): 1,
        ("lead", "masculine"): 1, ("support", "feminine"): 1, ("kind", "feminine"): 1,
        ("understand", "feminine"): 1,
    }
    assert (gc.masculine, gc.feminine, gc.words) == (4, 3, 16)
    assert gc.score == -1.0 and gc.verdict == "masculine-coded"
    lead = next(c for c in gc.coded if c.word == "lead")
    (span,) = lead.spans
    assert (span.text, span.line, span.column) == ("leads", 1, 45)
    assert text[span.start:span.end] == "leads"
    supports = next(c for c in gc.coded if c.word == "support").spans[0]
    assert (supports.line, supports.column, supports.text) == (2, 5, "supports")
    assert lead.stem == "lead*"


@pytest.mark.parametrize("text", [
    "The hiring committee reviews every response within a week.",
    "Our build tracks its dependencies in SharePoint and depends on Azure.",
    "Please complete the form; a competent engineer will answer.",
    "Responsibilities: you will be responsible for the release train.",
    "We offer a competitive salary and competitive benefits.",
    "Tickets go to tech support or the support queue.",
    "Relocation support is available.",
    "Handle sensitive data carefully.",
    "This is an individual contributor role for individuals who like Python.",
    "Our objectives for the year are listed below; all kinds of people apply.",
    "Determine the root cause and write it up.",
    "A greedy algorithm keeps lead time low with zero trust networking.",
    "Persistent storage and responsive design; git commit messages matter.",
])
def test_stem_traps_are_not_counted(text):
    gc = coding(text)
    assert gc.coded == () and gc.verdict == "neutral"


def test_every_listed_trap_in_the_data_file_is_not_counted():
    data = read("gaucher-2011.yaml")
    traps = [w for coding_ in ("masculine", "feminine") for e in data[coding_] for w in e.get("not", ())]
    assert "committee" in traps and "response" in traps and "dependencies" in traps
    for word in traps:
        assert coded(f"We value {word} here.") == {}, word


def test_every_family_word_counts_as_its_stem():
    data = read("gaucher-2011.yaml")
    for coding_ in ("masculine", "feminine"):
        for entry in data[coding_]:
            assert entry["words"], entry["stem"]
            for word in entry["words"]:
                gc = coding(f"Word: {word}.")
                assert [(c.stem, c.coding) for c in gc.coded] == [(entry["stem"], coding_)], word


def test_hyphenated_words():
    assert coded("A self-confident, co-operative and self-reliant person.") == {
        "self-confident": 1, "co-operative": 1, "self-reliant": 1}
    assert coded("Cloud-native and React Native experience; decision-making.") == {"decision": 1}


def test_inflections_and_possessives():
    assert coded("She led teams, competed, and challenged the leader's plan.") == {
        "lead": 1, "compete": 1, "challenge": 1, "leader": 1}


def test_code_blocks_in_markdown_are_not_counted():
    text = "# Ad\n\nWe support you.\n\n```\ncompete --lead\n```\n\nUse `competitive` flags.\n"
    assert {c.word for c in coding(text, path="ad.md").coded} == {"support"}
    assert {c.word for c in coding(text).coded} == {"support", "compete", "lead", "competitive"}


@pytest.mark.parametrize("score, verdict", [
    (4.0, "strongly feminine-coded"), (3.99, "feminine-coded"), (1.0, "feminine-coded"),
    (0.99, "neutral"), (0.0, "neutral"), (-0.99, "neutral"), (-1.0, "masculine-coded"),
    (-3.99, "masculine-coded"), (-4.0, "strongly masculine-coded"),
])
def test_five_step_scale(score, verdict):
    assert verdict_for(score) == verdict


def test_score_is_normalised_for_long_ads_but_not_inflated_for_short_ones():
    short = "An ambitious, competitive, decisive and independent engineer."
    gc = coding(short)
    assert (gc.masculine, gc.score, gc.verdict) == (4, -4.0, "strongly masculine-coded")
    long = short + " Our office is near the station." * 100  # 7 + 600 words
    gc = coding(long)
    assert gc.words == 607 and gc.masculine == 4
    assert gc.score == round(-4 * 300 / 607, 2) == -1.98 and gc.verdict == "masculine-coded"
    gc = coding("We are a kind and supportive team.")
    assert (gc.feminine, gc.score, gc.verdict) == (2, 2.0, "feminine-coded")


def test_no_coded_words_is_neutral_with_an_explanation_and_citation():
    gc = coding("Write Go services.")
    assert gc.verdict == "neutral" and gc.coded == ()
    assert gc.explanation.startswith("No gender-coded words that describe the person or the culture")
    assert "Gaucher, Friesen & Kay (2011)" in gc.explanation
    assert gc.sources == ("gaucher-2011", "castilla-rho-2023")


def test_the_verdict_is_information_with_the_field_evidence_and_no_advice():
    summary = analyze("An ambitious, competitive, decisive and independent engineer.", [], profile="job-ad")
    gc = summary.gender_coding
    assert gc.verdict == "strongly masculine-coded"
    assert "not a grade" in gc.explanation
    assert "Castilla & Rho 2023" in gc.explanation and "negligible" in gc.explanation
    assert not any("Gender coding" in a for a in summary.advice)
    assert "information, not a grade" in render_summary(summary)


@pytest.mark.parametrize("title, work", [
    ("Senior Data Analyst", {"analysis", "analytical"}),
    ("Data Scientist", {"analysis", "analytical"}),
    ("# Team Lead, Payments", {"lead", "leadership"}),
    ("Job Title: Engineering Manager", {"lead", "leadership"}),
    ("Position:\n\nCare Assistant", {"support"}),
])
def test_words_naming_the_jobs_own_work_are_shown_apart_and_not_counted(title, work):
    body = ("You will do analysis with analytical rigour, lead projects, show leadership "
            "and support colleagues.")
    gc = coding(f"{title}\n\n{body}\n", path="ad.md")
    assert {c.word for c in gc.job_work} == work
    assert not {c.word for c in gc.coded} & work
    counted = {"analysis": 1, "analytical": 1, "lead": 1, "leadership": 1}
    masculine = sum(n for w, n in counted.items() if w not in work)
    assert (gc.masculine, gc.feminine) == (masculine, 0 if "support" in work else 1)
    assert "listed apart and not counted" in gc.explanation
    for c in gc.job_work:
        for span in c.spans:
            assert span.text.lower().startswith(c.word[:4])


def test_job_work_alone_never_decides_the_verdict():
    gc = coding("Data Analyst\n\nAnalysis, analysis, analytical analysis and more analysis.\n")
    assert gc.masculine == 0 and gc.verdict == "neutral"
    assert sum(c.count for c in gc.job_work) == 5 and gc.job_title == "Data Analyst"
    data = analyze("Data Analyst\n\nDo analysis.\n", [], profile="job-ad").as_dict()["gender_coding"]
    assert data["job_title"] == "Data Analyst"
    assert [c["word"] for c in data["job_work_words"]] == ["analysis"]


@pytest.mark.parametrize("text", [
    "We want an ambitious leader who does analysis.\nApply today.\n",   # a sentence, not a title
    "Ambitious leader wanted!\nDo analysis.\n",
    "Senior Data Analyst",                                                # nothing after it
    "Assistant Director of Research Programs\n\nLead and support the team.\n",  # rank, not care work
])
def test_a_first_line_that_is_not_a_title_sets_nothing_apart(text):
    gc = coding(text)
    assert gc.job_work == () or text.startswith("Assistant")
    if text.startswith("Assistant"):
        assert {c.word for c in gc.job_work} == {"lead"}  # "Director" names leading
        assert "support" in {c.word for c in gc.coded}


def test_job_title_offsets():
    from inclusivelint.analysis.document import Document
    from inclusivelint.analysis.role import job_title

    text = "Requisition: 42\nJob Title:\n  Scientist, Product Development  \n\nWe do science.\n"
    span = job_title(Document(text))
    assert text[span.start:span.end] == span.text == "Scientist, Product Development"
    assert (span.line, span.column) == (3, 3)
    md = "## Team Lead ##\n\nBody.\n"
    span = job_title(Document(md, "markdown"))
    assert span.text == "Team Lead" and md[span.start:span.end] == "Team Lead"
    assert job_title(Document("")) is None


# -- job-ad requirement checks: the findings of the document rules ----------------------------

def test_requirements_are_the_findings_of_the_document_rules():
    text = "Requirements:\nBachelor's degree required. A native English speaker."
    degree = finding(text, "Bachelor's degree", "req-degree-required", "gatekeeping")
    native = finding(text, "native English speaker", "native-speaker", "gatekeeping")
    summary = analyze(text, [degree, native], profile="job-ad", document_rules={"req-degree-required"})
    assert summary.requirements == (degree,)
    assert summary.findings.total == 2
    assert any(a.startswith("req-degree-required (line 2): ") for a in summary.advice)
    assert summary.as_dict()["requirements"] == [degree.as_dict()]
    assert "req-degree-required" in render_summary(summary)


def test_requirements_default_to_the_bundled_document_rules():
    text = "Requirements:\nBachelor's degree required."
    degree = finding(text, "Bachelor's degree", "req-degree-required", "gatekeeping")
    assert analyze(text, [degree], profile="job-ad").requirements == (degree,)
    assert analyze(text, [], profile="job-ad").requirements == ()


def _bullets(n: int, prefix: str = "Skill") -> str:
    return "".join(f"- {prefix} {i}\n" for i in range(1, n + 1))


def test_long_requirements_list_is_reported_with_a_split_suggestion():
    text = "# Engineer\n\n## Requirements\n\n" + _bullets(8) + "\n## Benefits\n\n- Pension\n"
    summary = analyze(text, [], profile="job-ad", path="ad.md")
    rl = summary.requirements_list
    assert (rl.must_haves, rl.nice_to_haves, rl.limit, rl.too_long) == (8, 0, 6, True)
    assert rl.sections[0].heading == "Requirements" and rl.sections[0].line == 3
    assert "Hewlett-Packard" in rl.message and "anecdote" in rl.message
    assert any("nice to have" in a for a in summary.advice)


def test_requirements_split_into_must_and_nice_to_have():
    text = ("Qualifications:\n" + _bullets(5) + "- Kafka (a plus)\n\nNice to have:\n" + _bullets(3, "Extra")
            + "\nAbout us\n\nWe make maps.\n")
    rl = analyze(text, [], profile="job-ad").requirements_list
    assert (rl.must_haves, rl.nice_to_haves, rl.too_long) == (5, 4, False)
    assert [(s.heading, s.must_haves, s.nice_to_haves) for s in rl.sections] == [
        ("Qualifications", 5, 1), ("Nice to have", 0, 3)]


def test_no_requirements_list():
    assert analyze("We build maps. Apply now.", [], profile="job-ad").requirements_list is None


# -- statements an inclusive ad usually has ------------------------------------------------

def test_missing_statements_are_suggestions():
    summary = analyze("Backend engineer. Competitive salary.", [], profile="job-ad")
    assert [(s.id, s.present) for s in summary.statements] == [
        ("equal-opportunity", False), ("accommodations", False), ("salary-range", False)]
    assert [s.id for s in summary.missing] == ["equal-opportunity", "accommodations", "salary-range"]
    assert sum(a.startswith("Consider adding") for a in summary.advice) == 3


@pytest.mark.parametrize("sentence, sid", [
    ("We are an equal opportunity employer.", "equal-opportunity"),
    ("We welcome applicants from every background.", "equal-opportunity"),
    ("Tell us about any accommodations you need for interviews.", "accommodations"),
    ("We make reasonable adjustments to the interview process.", "accommodations"),
    ("Salary: $120,000 - $150,000.", "salary-range"),
    ("The pay is €70k–€85k plus equity.", "salary-range"),
    ("Base salary 90,000 to 110,000 EUR.", "salary-range"),
])
def test_statement_present(sentence, sid):
    summary = analyze(sentence, [], profile="job-ad")
    assert [s.id for s in summary.statements if s.present] == [sid]


# -- reviews ---------------------------------------------------------------------------

def review(text: str, findings=()):
    return analyze(text, list(findings), profile="review").review


def test_personality_words_said_of_a_person():
    text = ("Priya can come across as bossy. Several peers described Dana as abrasive. "
            "Her tone was shrill. Jess is too emotional. Be less aggressive.\n"
            "We set an aggressive timeline. The migration was difficult. Emotional intelligence matters. "
            "The project she led was aggressive.\n"
            "Her tone in the incident review was harsh.")
    rv = review(text)
    assert [(m.span.text, m.span.line) for m in rv.personality] == [
        ("bossy", 1), ("abrasive", 1), ("shrill", 1), ("emotional", 1), ("aggressive", 1), ("harsh", 3)]


def test_vague_feedback_and_overlap_with_findings_is_not_duplicated():
    text = ("Ravi looks like management material, but he is not ready yet. "
            "He needs more executive presence and has to pay his dues. Great job this year.")
    f = finding(text, "executive presence", "executive-presence", "gatekeeping")
    rv = review(text, [f])
    assert [(m.kind, m.span.text, m.rule_ids) for m in rv.vague] == [
        ("gatekeeping", "looks like management material", ()),
        ("gatekeeping", "not ready yet", ()),
        ("gatekeeping", "more executive presence", ("executive-presence",)),
        ("gatekeeping", "pay his dues", ()),
        ("vague-praise", "Great job", ()),
    ]


def test_effort_versus_accomplishment_balance():
    heavy = review("Sam is hard-working, diligent and dedicated. He works hard. He shipped the API.")
    assert [m.span.text for m in heavy.effort] == ["hard-working", "diligent", "dedicated", "works hard"]
    assert [m.span.text for m in heavy.accomplishment] == ["shipped"]
    assert heavy.balance == "effort-heavy"
    led = review("Mia led the migration, delivered the SDK in March and has shipped 3 releases. "
                 "She is reliable.")
    assert [m.span.text for m in led.accomplishment] == ["led", "delivered", "shipped"]
    assert led.balance == "accomplishment-led" and led.specifics >= 2
    # the base form is a wish, not an accomplishment
    assert review("She needs to lead and ship more.").balance == "none"
    assert review("Diligent. Delivered the report.").balance == "balanced"


def test_review_advice_tells_the_writer_what_to_add():
    advice = analyze("Dana is abrasive and not ready yet. She is dedicated and diligent.",
                     [], profile="review").advice
    assert any(a.startswith("Replace personality words (abrasive)") for a in advice)
    assert any("criteria" in a for a in advice)
    assert any(a.startswith("Add outcomes") for a in advice)
    assert any(a.startswith("Add a concrete example") for a in advice)


# -- docs and message profiles, JSON shape, purity ---------------------------------------------

def test_docs_and_message_profiles_count_findings_by_category():
    text = "Hey guys, run the sanity check against the whitelist."
    fs = [finding(text, "guys", "guys", "gendered"),
          finding(text, "sanity check", "sanity-check", "ableist", Severity.SUGGESTION),
          finding(text, "whitelist", "whitelist", "racial-ethnic")]
    for profile in ("docs", "message"):
        s = analyze(text, fs, profile=profile)
        assert s.as_dict()["findings"] == {
            "total": 3, "by_severity": {"error": 0, "warning": 2, "suggestion": 1},
            "by_category": {"ableist": 1, "gendered": 1, "racial-ethnic": 1}}
        assert s.gender_coding is None and s.review is None and s.advice == ()
    assert render_summary(analyze(text, fs, profile="message")) == (
        "Summary: message profile, 9 words\n"
        "  Findings: 3 (2 warnings, 1 suggestion); by category: ableist 1, gendered 1,\n"
        "    racial-ethnic 1")


KEYS = ["profile", "words", "findings", "gender_coding", "requirements", "requirements_list",
        "statements", "review", "advice"]


@pytest.mark.parametrize("profile", list(PROFILES))
def test_as_dict_has_stable_keys_and_is_json(profile):
    text = (ROOT / "examples" / "job-ad.md").read_text(encoding="utf-8")
    data = analyze(text, [], profile=profile, path="job-ad.md").as_dict()
    assert list(data) == KEYS
    assert json.loads(json.dumps(data)) == data


def test_offsets_in_the_json_point_into_the_text():
    text = (ROOT / "examples" / "job-ad.md").read_text(encoding="utf-8")
    data = analyze(text, [], profile="job-ad", path="examples/job-ad.md").as_dict()
    spans = [o for c in data["gender_coding"]["coded_words"] for o in c["occurrences"]] + data["requirements"]
    assert spans
    lines = text.split("\n")
    for s in spans:
        assert text[s["start"]:s["end"]] == s["text"]
        assert lines[s["line"] - 1][s["column"] - 1:].startswith(s["text"].split("\n")[0])


def test_analyze_is_pure_and_deterministic(capsys):
    # its speed is measured by bench/speed.py (analyze, job-ad profile)
    text = (ROOT / "examples" / "job-ad.md").read_text(encoding="utf-8")
    first = analyze(text, [], profile="job-ad", path="job-ad.md")
    again = analyze(text, [], profile="job-ad", path="job-ad.md")
    assert again == first and render_summary(again) == render_summary(first)
    assert capsys.readouterr() == ("", "")


def test_cited_sources_exist_in_the_registry():
    registry = yaml.safe_load((bundled_rules_dir() / "sources.yaml").read_text(encoding="utf-8"))
    cited = {read("gaucher-2011.yaml")["source"]}
    for c in STATEMENTS:
        cited.update(c.sources)
    rv = read("review.yaml")
    cited.update(rv["personality"]["sources"], rv["effort"]["sources"], rv["accomplishment"]["sources"])
    for v in rv["vague"]:
        cited.update(v["sources"])
    assert cited - set(registry) == set()


def test_empty_text():
    s = analyze("", [], profile="job-ad")
    assert s.words == 0 and s.gender_coding.verdict == "neutral" and s.requirements == ()


# -- snapshots of the rendered summary -------------------------------------------------------

# Findings for the snapshots are built by hand, so that rule changes elsewhere do
# not move them: (phrase, rule id, category, severity).
SNAPSHOT_FINDINGS = {
    "README-example.md": [("whitelist", "whitelist", "racial-ethnic", Severity.WARNING),
                          ("sanity check", "sanity-check", "ableist", Severity.SUGGESTION),
                          ("guys", "guys", "gendered", Severity.WARNING)],
    "review.md": [("emotional", "emotional-person", "gendered", Severity.WARNING),
                  ("executive presence", "executive-presence", "gatekeeping", Severity.SUGGESTION),
                  ("pay her dues", "paying-dues", "gatekeeping", Severity.WARNING)],
}


@pytest.mark.parametrize("name, profile", [
    ("job-ad.md", "job-ad"), ("review.md", "review"), ("README-example.md", "docs"),
])
def test_render_summary_snapshot(name, profile):
    path = ROOT / "examples" / name
    text = path.read_text(encoding="utf-8")
    findings = [finding(text, *spec) for spec in SNAPSHOT_FINDINGS.get(name, ())]
    got = render_summary(analyze(text, findings, profile=profile, path=name)) + "\n"
    snap = SNAPSHOTS / f"summary-{Path(name).stem}.txt"
    if os.environ.get("INCLUSIVELINT_UPDATE_SNAPSHOTS") == "1":
        snap.parent.mkdir(exist_ok=True)
        snap.write_text(got, encoding="utf-8")
        return
    if not snap.exists():
        pytest.fail(f"{snap} is missing; run with INCLUSIVELINT_UPDATE_SNAPSHOTS=1 to create it")
    want = snap.read_text(encoding="utf-8")
    if got != want:
        diff = "".join(difflib.unified_diff(want.splitlines(True), got.splitlines(True),
                                            f"{snap.name} (stored)", f"{snap.name} (now)"))
        pytest.fail(f"render_summary changed for examples/{name}:\n{diff}\n"
                    "If the change is intended, rerun with INCLUSIVELINT_UPDATE_SNAPSHOTS=1.")


def test_word_forms_are_cached_on_disk_and_give_the_same_table(tmp_path, monkeypatch):
    from inclusivelint.analysis import gender, review as review_module

    before = gender.word_list().forms
    monkeypatch.setenv("INCLUSIVELINT_CACHE_DIR", str(tmp_path))
    try:
        for _ in range(2):  # build and write, then read back
            gender.word_list.cache_clear()
            review_module.lists.cache_clear()
            assert gender.word_list().forms == before
            assert "shipped" in review_module.lists().accomplishment_forms
        assert sorted(p.name.split("-")[1] for p in tmp_path.glob("forms-*.pickle")) == ["gaucher", "review"]
        (next(tmp_path.glob("forms-gaucher-*.pickle"))).write_text("not a pickle")
        gender.word_list.cache_clear()
        assert gender.word_list().forms == before  # a corrupt cache is rebuilt
    finally:
        gender.word_list.cache_clear()
        review_module.lists.cache_clear()


def test_crlf_text_gives_the_same_analysis():
    text = (ROOT / "examples" / "job-ad.md").read_text(encoding="utf-8")
    crlf = text.replace("\n", "\r\n")
    a = analyze(text, [], profile="job-ad", path="ad.md")
    b = analyze(crlf, [], profile="job-ad", path="ad.md")
    assert [(c.word, c.count) for c in a.gender_coding.coded] == [(c.word, c.count) for c in b.gender_coding.coded]
    assert a.requirements_list == b.requirements_list and a.statements == b.statements


def test_a_capitalised_trust_is_the_name_of_a_british_public_body():
    text = "We are an NHS Trust. Trust is earned: the Trust and Accord Academy Trust trust you.\n- Trust colleagues.\n"
    (trust,) = coding(text).coded
    assert [(s.text, text[s.start:s.end]) for s in trust.spans] == [
        ("Trust", "Trust"), ("trust", "trust"), ("Trust", "Trust")]
    assert [s.line for s in trust.spans] == [1, 1, 2]
