"""Reading a job ad as a document, and document rules as a filter stage after matching."""

import pytest
import yaml

from inclusivelint.analysis.adread import AdReading, parse_amount
from inclusivelint.lint.engine import Linter
from inclusivelint.errors import RuleError
from inclusivelint.compile.loader import parse_rule
from inclusivelint.compile.rule import Source

AD = """Data Analyst

About us:
For more than 50 years, Acme has served farmers. We were named one of the Best Employers.

Responsibilities:
Build reports on our data warehouse.

Basic Qualifications:
Bachelor's degree in Statistics required.
10+ years of experience with SQL.

Preferred Qualifications:
Master's degree in Statistics.

Benefits:
Tuition support for a master's degree.
"""


def at(text, phrase):
    start = text.index(phrase)
    return start, start + len(phrase)


@pytest.mark.parametrize("phrase, low, high, cap", [
    ("10+ years", 10, None, False), (">10 years", 10, None, False), ("ten years", 10, 10, False),
    ("a minimum of 8 years", 8, None, False), ("at least 3 years", 3, None, False),
    ("no more than 5 years", None, 5, True), ("up to 35 pounds", None, 35, True),
    ("3-5 years", 3, 5, False), ("0 - 2 years", 0, 2, False), ("9 or more years", 9, None, False),
])
def test_amounts_as_ads_write_them(phrase, low, high, cap):
    amount = parse_amount(phrase)
    assert (amount.low, amount.high, amount.cap) == (low, high, cap)


def test_sections_from_headings_and_label_lines():
    ad = AdReading(AD)
    kinds = {phrase: ad.section_kind(*at(AD, phrase)) for phrase in
             ("50 years", "data warehouse", "Bachelor's degree", "Master's degree in", "master's degree.")}
    assert kinds == {"50 years": "about", "data warehouse": "responsibilities",
                     "Bachelor's degree": "requirements", "Master's degree in": "preferred",
                     "master's degree.": "benefits"}
    label = "Education: Bachelor's degree in Physics.\nSkills: Python."
    assert AdReading(label).section_kind(*at(label, "Bachelor's")) == "requirements"


def test_demands_are_about_the_candidate():
    ad = AdReading(AD)
    assert not ad.is_demand(*at(AD, "For more than 50 years"))
    assert not ad.is_demand(*at(AD, "Best Employers"))
    assert ad.is_demand(*at(AD, "10+ years"))
    text = "After 45 years of leading the industry, the company has grown.\nYou have 10 years of experience."
    reading = AdReading(text)
    assert not reading.is_demand(*at(text, "45 years"))
    assert reading.is_demand(*at(text, "10 years"))


def test_the_equivalent_route_is_found_anywhere_in_the_ad():
    assert not AdReading(AD).equivalent_route
    assert AdReading(AD + "\nOr equivalent practical experience.\n").equivalent_route
    assert AdReading("BA/BS degree or equivalent.").equivalent_route
    assert not AdReading("Experience with Python or equivalent tools.").equivalent_route
    assert not AdReading("Five years in consulting or related experience.\nBS in Math.").equivalent_route
    assert AdReading("Independent of years of experience or educational background, you have:\nBS in Math.").equivalent_route
    assert AdReading("We hire with or without a degree.\nBS in Math preferred.").equivalent_route
    assert not AdReading("We value a diverse educational background.\nBS in Math.").equivalent_route
    assert AdReading("BS in Math plus 2 years OR no degree w/6 years\u2019 experience.").equivalent_route
    assert AdReading("BS in Math, or without a college degree, with 5+ years in the field.").equivalent_route
    assert not AdReading("BS in Math required; no degree holders with under 2 years need apply.").equivalent_route
    assert not AdReading("The successful candidate will possess the following\ncombination of education "
                         "and experience:\nMS in Physics.").equivalent_route
    assert AdReading("BS in Physics.\nA combination of education and experience will be considered.").equivalent_route
    assert AdReading("Competencies typically acquired through a Ph.D. degree in Statistics.").equivalent_route
    assert AdReading("BS required.\nCandidates not meeting the specific degree requirements stated above "
                     "will be considered with 7 years of direct experience.").equivalent_route
    assert not AdReading("BS required. Candidates must meet the degree requirements.").equivalent_route
    assert AdReading("BS in Math.\nRelevant experience may be substituted for the degree.").equivalent_route
    assert not AdReading("Years of experience can be substituted with relevant competency levels.\n"
                         "Master's degree in Statistics.").equivalent_route


def test_the_job_is_physical_from_its_title_or_duties_not_from_data_warehouse():
    assert not AdReading(AD).physical_job
    assert AdReading("Warehouse Associate\n\nPick and pack orders.").physical_job
    assert AdReading("Analyst\n\nResponsibilities:\nCarry out field work on building sites.").physical_job
    assert not AdReading("Data Analyst\n\nResponsibilities:\nData cleaning; custodian of enterprise data.").physical_job


def test_sentences_do_not_end_at_degree_abbreviations():
    text = "Requirements: B.S. with 8 years or Ph.D. with 5 years preferred. Next one."
    ad = AdReading(text)
    a, b = ad.sentence(*at(text, "B.S."))
    assert text[a:b] == "Requirements: B.S. with 8 years or Ph.D. with 5 years preferred."


def test_a_reason_in_the_same_sentence():
    text = "Lift 40 pounds to move lab equipment. Lift 40 pounds."
    ad = AdReading(text)
    assert ad.has_reason(0, 15)
    assert not ad.has_reason(text.rindex("Lift"), text.rindex("Lift") + 15)


SOURCES = {"s": Source("s", "t", "p", 2026)}


def rule_data(**document):
    return {"id": "req-x", "category": "gatekeeping", "severity": "warning", "message": "m",
            "reason": "r", "sources": ["s"], "match": ["=degree"], "suggestions": ["a", "b"],
            "document": document,
            "examples": {"flag": [{"text": "A [[degree]] is required.", "before": "Requirements:"},
                                  "You need a [[degree]]."],
                         "pass": ["A degree or equivalent experience.", "Our degree program."]}}


@pytest.mark.parametrize("document, key", [
    ({"sections": ["requirments"]}, "document.sections[0]"),
    ({"demand": "yes"}, "document.demand"),
    ({"unless-ad-offers": "pension"}, "document.unless-ad-offers"),
    ({"unless-job": "office"}, "document.unless-job"),
    ({"amount": {"min": "eight"}}, "document.amount.min"),
    ({"amount": {"max": 3}}, "document.amount"),
    ({"unknown": True}, "document.unknown"),
])
def test_the_loader_validates_the_document_key(document, key):
    with pytest.raises(RuleError) as err:
        parse_rule(rule_data(**document), "rules/gatekeeping/req-x.yaml", sources=SOURCES)
    assert f": {key}:" in str(err.value)


def test_examples_take_before_and_after_context():
    rule = parse_rule(rule_data(sections=["requirements"]), "x.yaml", sources=SOURCES)
    ex = rule.flag_examples[0]
    assert ex.text == "Requirements:\nA degree is required."
    assert [ex.text[s:e] for s, e in ex.spans] == ["degree"]


def test_document_rules_run_only_when_asked_and_filter_after_matching(tmp_path):
    data = rule_data(sections=["requirements", "other"], demand=True, **{"unless-ad-offers": "equivalent-route"})
    (tmp_path / "sources.yaml").write_text("s: {title: t, publisher: p, year: 2026}\n", encoding="utf-8")
    (tmp_path / "gatekeeping").mkdir()
    (tmp_path / "gatekeeping" / "req-x.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    linter = Linter([tmp_path], bundled=False)
    text = "Requirements:\nA degree in physics.\n\nBenefits:\nWe pay for a degree."
    assert linter.lint(text) == []  # `check` without the job-ad profile
    found = linter.lint(text, document=True)
    assert [(f.matched, text[f.start:f.end]) for f in found] == [("degree", "degree")]
    assert found[0].start == text.index("degree")
    assert linter.lint(text + "\nOr equivalent practical experience.", document=True) == []


def test_explain_says_what_a_document_rule_reads():
    from inclusivelint.lint.engine import default_linter
    from inclusivelint.output.explain import render_rule, rule_dict

    book = default_linter().rulebook
    rule = book.rules["req-degree-required"]
    text = render_rule(rule, book.sources)
    assert "Reads the whole ad (runs with --profile job-ad)" in text
    assert "not when the ad offers an equivalent route anywhere" in text
    assert rule_dict(rule, book.sources)["document"].endswith("once per ad.")
    assert rule_dict(book.rules["culture-fit"], book.sources)["document"] is None


def test_a_senior_job_from_its_title_or_a_numbered_level():
    assert AdReading("Senior Data Analyst\n\nRequirements:\n8+ years of SQL.").senior_job
    assert AdReading("Data Engineer 5 - Contract (Remote)\n\nRequirements:\n8+ years.").senior_job
    assert AdReading("Systems Analyst IV\n\nRequirements:\n10 years.").senior_job
    assert not AdReading("Data Engineer\n\nRequirements:\n8+ years.").senior_job
    assert not AdReading("Analyst 2\n\nRequirements:\n8+ years.").senior_job
    assert not AdReading("Engineer vs. Scientist\n\nRequirements:\n8+ years.").senior_job
