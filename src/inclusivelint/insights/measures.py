"""What is measured in each document: the one place that reads the analyses.

Every measure of a document is a pair `(numerator, denominator)`; a group's value
is the ratio of the sums, times the measure's `scale` (so "per 1,000 words" weighs
each document by its length, and "% of documents" counts each document once).
A document whose denominator is 0 (a review with no coded words at all) says
nothing about a share and is left out of it.

Measures read only the public results of `inclusivelint.analysis` (`Summary`) and
the linter's findings (rule ids and categories). When the analyses change shape,
this module is the one to adapt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Mapping, Sequence

from inclusivelint.analysis.datafile import read
from inclusivelint.lint.finding import Finding

PER_WORDS = 1000


@dataclass(frozen=True, slots=True)
class Measure:
    id: str
    label: str  # what is measured, in plain words
    unit: str  # "per 1,000 words", "% of documents", "% of ...", "score"
    scale: float
    more: str  # what a higher value means, for sentences: "more personality words"
    sources: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return {"id": self.id, "label": self.label, "unit": self.unit, "more": self.more,
                "sources": list(self.sources)}


# -- the review word lists (data/insights.yaml) ------------------------------------------

@dataclass(frozen=True, slots=True)
class _List:
    pattern: re.Pattern
    sources: tuple[str, ...]


def _word_alternative(word: str) -> str:
    return r"[-\s]?".join(r"\s+".join(re.escape(w) for w in part.split()) for part in word.split("-"))


@lru_cache(maxsize=1)
def review_lists() -> dict[str, _List]:
    data = read("insights.yaml")
    out = {}
    for name, entry in data.items():
        parts = [r"\b(?:" + "|".join(_word_alternative(w) for w in
                                      sorted(entry.get("words", ()), key=len, reverse=True)) + r")\b"] \
            if entry.get("words") else []
        parts += [f"(?:{p})" for p in entry.get("patterns", ())]
        out[name] = _List(re.compile("|".join(parts), re.I), tuple(entry.get("sources", ())))
    return out


def _count(name: str, text: str) -> int:
    return sum(1 for _ in review_lists()[name].pattern.finditer(text))


def _src(*names: str) -> tuple[str, ...]:
    lists = review_lists()
    return tuple(dict.fromkeys(s for n in names for s in lists[n].sources))


# -- which measures each profile has ---------------------------------------------------

# Requirement checks by kind: the analysis's check ids, and the linter's `req-*` rule
# ids, are sorted into kinds by these words in their ids (first kind that fits);
# other rules that flag a requirement are named in REQUIREMENT_RULES.
REQUIREMENT_KINDS = (
    ("degree", "degree demanded with no other route", ("degree", "school", "gpa", "pedigree")),
    ("experience", "inflated experience demands", ("inflated-experience", "experience-inflat", "years")),
    ("native", "native-speaker or accent demands", ("native", "accent")),
    ("physical", "physical demands without a reason", ("physical", "lift", "standing")),
    ("availability", "availability demands (always on, any hours)", ("availab", "on-call", "hours", "shift")),
)
REQUIREMENT_RULES = {"native-speaker": "native", "accent-requirement": "native",
                     "unlimited-availability": "availability"}
STATEMENTS = (("salary-range", "a salary range"), ("equal-opportunity", "an equal-opportunity statement"),
              ("accommodations", "an accommodations statement"))


# The measure whose per-document values are drawn as a distribution, and its bin edges.
DISTRIBUTION = {
    "job-ad": ("coded-balance", tuple(float(x) for x in range(-10, 11))),
    "review": ("effort-share", tuple(float(x) for x in range(0, 101, 10))),
}


def requirement_kind(check_or_rule_id: str) -> str | None:
    for kind, _, words in REQUIREMENT_KINDS:
        if any(w in check_or_rule_id for w in words):
            return kind
    return None


def measures_for(profile: str, categories: Sequence[str]) -> tuple[Measure, ...]:
    """The measures of a profile, in the order they are shown; `categories` are the
    rulebook's categories (findings per 1,000 words are measured for each)."""
    out: list[Measure] = []
    if profile == "job-ad":
        out += [
            Measure("coded-balance", "gender-coded balance (feminine minus masculine words per 300)",
                    "score", 1, "more feminine-coded (less masculine-coded) wording", ("gaucher-2011",)),
            Measure("masculine-coded", "masculine-coded words", "per 1,000 words", PER_WORDS,
                    "more masculine-coded words", ("gaucher-2011",)),
            Measure("feminine-coded", "feminine-coded words", "per 1,000 words", PER_WORDS,
                    "more feminine-coded words", ("gaucher-2011",)),
            Measure("age-coded", "age-coded wording", "per 1,000 words", PER_WORDS,
                    "more age-coded wording", ("burn-2022",)),
        ]
        out += [Measure(f"req-{kind}", title, "% of documents", 100, f"more ads with {title}")
                for kind, title, _ in REQUIREMENT_KINDS]
        out += [Measure(f"missing-{sid}", f"no {title.split(' ', 1)[1]}", "% of documents", 100,
                        f"more ads without {title}") for sid, title in STATEMENTS]
    elif profile == "review":
        out += [
            Measure("personality", "personality words said of the person", "per 1,000 words", PER_WORDS,
                    "more personality words", ("snyder-2014",)),
            Measure("personality-share", "personality words among person descriptions "
                    "(personality / personality + behaviour)", "% of descriptions", 100,
                    "a larger share of personality (not behaviour) words", _src("behaviour")),
            Measure("vague", "vague feedback (standards or praise without criteria)", "per 1,000 words",
                    PER_WORDS, "more vague feedback", ("correll-simard-2016",)),
            Measure("specific", "specific details (numbers, dates, examples)", "per 1,000 words", PER_WORDS,
                    "more specific details", ("correll-simard-2016",)),
            Measure("outcome", "feedback tied to outcomes", "per 1,000 words", PER_WORDS,
                    "more feedback tied to outcomes", _src("outcome")),
            Measure("agentic-share", "agentic among agentic + communal words", "% of such words", 100,
                    "a larger share of agentic words", _src("agentic", "communal")),
            Measure("standout-share", "standout among standout + grindstone words", "% of such words", 100,
                    "a larger share of standout words", _src("standout", "grindstone")),
            Measure("doubt", "doubt raisers (hedges, faint praise)", "per 1,000 words", PER_WORDS,
                    "more doubt raisers", _src("doubt")),
            Measure("effort-share", "effort among effort + accomplishment words", "% of such words", 100,
                    "a larger share of effort (not accomplishment) words", ("trix-psenka-2003", "madera-2009")),
        ]
    out.append(Measure("findings", "findings of the linter, all categories", "per 1,000 words", PER_WORDS,
                       "more findings"))
    out += [Measure(f"category-{c}", f"{c} findings", "per 1,000 words", PER_WORDS, f"more {c} findings")
            for c in categories]
    return tuple(out)


# -- measuring one document -----------------------------------------------------------

def measure(text: str, findings: Sequence[Finding], summary, measures: Sequence[Measure]) -> dict[str, tuple[float, float]]:
    """`(numerator, denominator)` of each of `measures` for one document; `summary` is
    `analysis.analyze(text, findings, profile=...)`."""
    words = summary.words
    values: dict[str, tuple[float, float]] = {}
    coding = summary.gender_coding
    if coding is not None:
        values["coded-balance"] = (coding.score, 1)
        values["masculine-coded"] = (coding.masculine, words)
        values["feminine-coded"] = (coding.feminine, words)
        values["age-coded"] = (_age_coded(summary, findings), words)
    if summary.requirements is not None:
        # Requirement issues carry a check id, or (as linter findings) a rule id.
        ids = [getattr(i, "check", None) or getattr(i, "rule_id", "") for i in summary.requirements]
        ids += [f.rule_id for f in findings if f.rule_id.startswith("req-")]
        kinds = {requirement_kind(i) for i in ids} | {REQUIREMENT_RULES.get(f.rule_id) for f in findings}
        for kind, _, _ in REQUIREMENT_KINDS:
            values[f"req-{kind}"] = (float(kind in kinds), 1)
    if summary.statements is not None:
        present = {s.id: s.present for s in summary.statements}
        for sid, _ in STATEMENTS:
            if sid in present:
                values[f"missing-{sid}"] = (float(not present[sid]), 1)
    review = summary.review
    if review is not None:
        personality = len(review.personality)
        values["personality"] = (personality, words)
        values["personality-share"] = (personality, personality + _count("behaviour", text))
        values["vague"] = (len(review.vague), words)
        values["specific"] = (review.specifics, words)
        values["outcome"] = (_count("outcome", text), words)
        agentic, communal = _count("agentic", text), _count("communal", text)
        values["agentic-share"] = (agentic, agentic + communal)
        standout, grind = _count("standout", text), _count("grindstone", text)
        values["standout-share"] = (standout, standout + grind)
        values["doubt"] = (_count("doubt", text), words)
        effort, done = len(review.effort), len(review.accomplishment)
        values["effort-share"] = (effort, effort + done)
    values["findings"] = (len(findings), words)
    by_category = dict(summary.findings.by_category)
    for m in measures:
        if m.id.startswith("category-"):
            values[m.id] = (by_category.get(m.id[len("category-"):], 0), words)
    return {m.id: values.get(m.id, (0.0, 0.0)) for m in measures}


def _age_coded(summary, findings: Sequence[Finding]) -> int:
    """Age-coded words: the analysis's count where it has one, else ageist findings."""
    coding = getattr(summary, "age_coding", None)
    for attr in ("count", "total", "coded_words"):
        value = getattr(coding, attr, None)
        if isinstance(value, int):
            return value
    return sum(1 for f in findings if f.category == "ageist")


def value(pair: tuple[float, float], m: Measure) -> float | None:
    num, den = pair
    return None if not den else num / den * m.scale


def phrases(findings: Sequence[Finding]) -> list[tuple[str, str, str]]:
    """(rule id, category, flagged words in lower case) of each finding."""
    return [(f.rule_id, f.category, " ".join(f.matched.lower().split())) for f in findings]


def categories_of(rulebook) -> tuple[str, ...]:
    return tuple(sorted(rulebook.categories))


def as_row(values: Mapping[str, tuple[float, float]], measures: Sequence[Measure]) -> dict[str, float | None]:
    return {m.id: value(values[m.id], m) for m in measures}
