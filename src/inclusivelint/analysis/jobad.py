"""Job-ad analyses of the ad as a whole: how long the must-have list is, and which
inclusive statements the ad lacks.

The requirement checks themselves (a degree with no equivalent route, inflated
experience, physical or driving demands the job does not need) are rules:
`rules/gatekeeping/req-*.yaml`, with a `document:` key that `analysis.adread` applies
after matching. The summary lists their findings; it finds nothing of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from inclusivelint.lint.finding import Finding
from inclusivelint.analysis.adread import AdReading, has_preference
from inclusivelint.analysis.document import Document

MAX_MUST_HAVES = 6


@dataclass(frozen=True, slots=True)
class StatementCheck:
    id: str
    title: str
    present: tuple[re.Pattern, ...]  # any of these in the ad means the statement is there
    advice: str
    sources: tuple[str, ...]


def _words(*phrases: str) -> tuple[re.Pattern, ...]:
    """Phrases matched as whole words, case-insensitively, across line breaks."""
    return tuple(re.compile(r"\b" + r"\s+".join(map(re.escape, p.split())) + r"\b", re.I) for p in phrases)


_MONEY = r"(?:[$£€¥]\s?)?\d[\d,.]*\s?[kKmM]?"
_CURRENCY = r"(?:USD|EUR|GBP|CAD|AUD|CHF|dollars|euros|pounds)"
_SALARY_RANGE = (
    re.compile(r"[$£€¥]\s?\d[\d,.]*\s?[kKmM]?\s*(?:-|–|—|to)\s*" + _MONEY),
    re.compile(_MONEY + r"\s*(?:-|–|—|to)\s*" + _MONEY + r"\s*" + _CURRENCY + r"\b"),
    re.compile(r"\b" + _CURRENCY + r"\s?" + _MONEY + r"\s*(?:-|–|—|to)\s*\d"),
    re.compile(r"\b(?:salary|pay|compensation|base)\s+(?:range|band)\s*(?:is|:|of)\s*\S*\d", re.I),
)

STATEMENTS = (
    StatementCheck(
        "equal-opportunity", "equal-opportunity statement",
        _words("equal opportunity", "equal opportunities", "equal employment opportunity", "EEO",
               "without regard to", "regardless of race", "regardless of gender", "regardless of age",
               "regardless of background", "regardless of disability", "regardless of sex",
               "welcome applicants from", "welcome applications from", "encourage applicants from",
               "encourage applications from", "welcome candidates from", "welcome people from",
               "welcome applicants of", "welcome applicants with"),
        "Say that you welcome applicants of every background and do not discriminate; it tells "
        "people who are often turned away that this ad means them too.", ("eeoc-ads",)),
    StatementCheck(
        "accommodations", "accommodations statement",
        _words("accommodation", "accommodations", "reasonable adjustment", "reasonable adjustments",
               "adjustments to the interview", "adjustments during the interview",
               "adjustments to the application", "adjustments to our recruitment", "accessible interview",
               "accessible application", "accessible recruitment"),
        "Say how candidates can ask for adjustments to the application or interviews (a contact, "
        "a form); disabled candidates otherwise have to guess whether asking will count against "
        "them.", ("ncdj-disability",)),
    StatementCheck(
        "salary-range", "salary range", _SALARY_RANGE,
        "Publish the pay range. Hidden pay leaves salaries to negotiation, where gaps by gender "
        "and ethnicity persist, and a number of jurisdictions now require a range in the ad.", ()),
)

LIST_MESSAGE = (
    "{count} must-have requirements under \"{heading}\". People who meet most of a long list "
    "often do not apply; a widely quoted Hewlett-Packard internal report (men apply at about 60% "
    "of the qualifications, women at 100%) was never published, so treat that figure as "
    "anecdote, but the advice it prompted holds: keep the must-haves few.")
LIST_ADVICE = (
    "Split the list into \"must have\" (at most {max} items the job cannot be done without) and "
    "\"nice to have\", and say you welcome people who do not tick every box.")


@dataclass(frozen=True, slots=True)
class Statement:
    id: str
    title: str
    present: bool
    advice: str
    sources: tuple[str, ...]

    def as_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "present": self.present,
                "advice": self.advice, "sources": list(self.sources)}


@dataclass(frozen=True, slots=True)
class Section:
    heading: str
    line: int
    must_haves: int
    nice_to_haves: int

    def as_dict(self) -> dict:
        return {"heading": self.heading, "line": self.line,
                "must_haves": self.must_haves, "nice_to_haves": self.nice_to_haves}


@dataclass(frozen=True, slots=True)
class RequirementsList:
    sections: tuple[Section, ...]
    must_haves: int
    nice_to_haves: int
    limit: int
    too_long: bool
    message: str
    advice: str

    def as_dict(self) -> dict:
        return {"must_haves": self.must_haves, "nice_to_haves": self.nice_to_haves,
                "limit": self.limit, "too_long": self.too_long,
                "sections": [s.as_dict() for s in self.sections],
                "message": self.message, "advice": self.advice}


# -- requirement checks: the findings of the document rules --------------------------

def requirement_findings(findings: Sequence[Finding], document_rules: Iterable[str]) -> tuple[Finding, ...]:
    ids = frozenset(document_rules)
    return tuple(f for f in findings if f.rule_id in ids)


def requirement_advice(findings: Sequence[Finding]) -> tuple[str, ...]:
    """One line per requirement check that fired: what to do instead."""
    seen: dict[str, Finding] = {}
    for f in findings:
        seen.setdefault(f.rule_id, f)
    return tuple(f"{rid} (line {f.line}): {'; '.join(f.suggestions[:2])}." for rid, f in seen.items())


# -- statements ------------------------------------------------------------------

def statements(doc: Document) -> tuple[Statement, ...]:
    return tuple(
        Statement(c.id, c.title, any(p.search(doc.search_text) for p in c.present), c.advice, c.sources)
        for c in STATEMENTS
    )


# -- the requirements list --------------------------------------------------------

_BULLET = re.compile(r"^([ \t]*)(?:[-*+\u2022]|\d{1,2}[.)])\s+(.*)$")


def requirements_list(doc: Document) -> RequirementsList | None:
    """Count the top-level bullets of the requirement sections `AdReading` finds, split
    into must-haves and nice-to-haves (a preferred section, or an item that says so)."""
    reading = AdReading(doc.search_text)
    text = reading.text
    counts: list[list] = []  # [heading, line, must, nice, indent]
    for i, section in enumerate(reading.sections):
        if section.kind not in ("requirements", "preferred") or not section.heading:
            continue
        end = reading.sections[i + 1].start if i + 1 < len(reading.sections) else len(text)
        row = [" ".join(section.heading.split()), text.count("\n", 0, section.start) + 1, 0, 0, None]
        offset = text.find("\n", section.start, end)
        while 0 <= offset < end:
            line_end = text.find("\n", offset + 1, end)
            line = text[offset + 1:line_end if line_end >= 0 else end]
            start, offset = offset + 1, line_end
            m = _BULLET.match(line)
            if not m or not doc.in_prose(start + len(m.group(0)) - len(m.group(2))):
                continue  # not a bullet, or one in code
            indent = len(m.group(1).expandtabs(4))
            row[4] = indent if row[4] is None else row[4]
            if indent > row[4]:
                continue  # a sub-item
            row[3 if section.kind == "preferred" or has_preference(m.group(2)) else 2] += 1
        counts.append(row)
    sections = [Section(*row[:4]) for row in counts if row[2] or row[3]]
    if not sections:
        return None
    must = sum(s.must_haves for s in sections)
    nice = sum(s.nice_to_haves for s in sections)
    main = max(sections, key=lambda s: s.must_haves)
    too_long = must > MAX_MUST_HAVES
    message = LIST_MESSAGE.format(count=must, heading=main.heading) if too_long else (
        f"{must} must-have requirement{'s' if must != 1 else ''}"
        f"{f' and {nice} nice-to-have' if nice else ''}: within the limit of {MAX_MUST_HAVES}.")
    return RequirementsList(tuple(sections), must, nice, MAX_MUST_HAVES, too_long, message,
                            LIST_ADVICE.format(max=MAX_MUST_HAVES) if too_long else "")
