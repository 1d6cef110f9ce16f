"""Job-ad checks beyond single words: what the requirements demand, how long the
must-have list is, and which inclusive statements the ad lacks.

Patterns and messages are data (`data/job-ad.yaml`); this module only runs them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from ..finding import Finding
from .datafile import read
from .document import Document, Span, compile_all, overlapping

_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
            "twenty": 20}


@dataclass(frozen=True, slots=True)
class Check:
    id: str
    title: str
    patterns: tuple[re.Pattern, ...]
    message: str
    advice: str
    sources: tuple[str, ...]
    unless_sentence: re.Pattern | None = None
    unless_document: re.Pattern | None = None
    min_years: int | None = None


@dataclass(frozen=True, slots=True)
class StatementCheck:
    id: str
    title: str
    present: tuple[re.Pattern, ...]  # any of these in the ad means the statement is there
    advice: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Issue:
    """One place where a requirement check fired."""

    check: str
    title: str
    message: str
    span: Span
    sources: tuple[str, ...]
    rule_ids: tuple[str, ...]  # findings of the linter that cover the same words

    def as_dict(self) -> dict:
        return {"check": self.check, "title": self.title, "message": self.message,
                **self.span.as_dict(), "sources": list(self.sources),
                "rule_ids": list(self.rule_ids)}


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


@dataclass(frozen=True, slots=True)
class _Rules:
    checks: tuple[Check, ...]
    statements: tuple[StatementCheck, ...]
    must_heading: re.Pattern
    nice: re.Pattern
    limit: int
    list_message: str
    list_advice: str


def _clean(text: str) -> str:
    return " ".join(text.split())


@lru_cache(maxsize=1)
def rules() -> _Rules:
    data = read("job-ad.yaml")
    checks = tuple(
        Check(
            id=c["id"], title=c["title"], patterns=compile_all(c["patterns"]),
            message=_clean(c["message"]), advice=_clean(c["advice"]),
            sources=tuple(c.get("sources", ())),
            unless_sentence=re.compile(c["unless-sentence"], re.I) if c.get("unless-sentence") else None,
            unless_document=re.compile(c["unless-document"], re.I) if c.get("unless-document") else None,
            min_years=c.get("min-years"),
        )
        for c in data["requirements"]
    )
    statements = tuple(
        StatementCheck(s["id"], s["title"], compile_all(s["present"]), _clean(s["advice"]),
                       tuple(s.get("sources", ())))
        for s in data["statements"]
    )
    lst = data["requirements-list"]
    return _Rules(checks, statements, re.compile(lst["must-have-heading"], re.I),
                  re.compile(lst["nice-to-have"], re.I), int(lst["max-must-haves"]),
                  _clean(lst["message"]), _clean(lst["advice"]))


# -- requirement checks --------------------------------------------------------

def _years(m: re.Match) -> int | None:
    raw = m.groupdict().get("years")
    if raw is None:
        return None
    raw = raw.lower()
    return int(raw) if raw.isdigit() else _NUMBERS.get(raw)


def requirement_issues(doc: Document, findings: Sequence[Finding]) -> tuple[Issue, ...]:
    issues: list[Issue] = []
    for check in rules().checks:
        if check.unless_document and check.unless_document.search(doc.search_text):
            continue
        spans: list[tuple[int, int]] = []
        for pattern in check.patterns:
            for m in doc.finditer(pattern):
                if check.min_years is not None:
                    years = _years(m)
                    if years is None or years < check.min_years:
                        continue
                if check.unless_sentence and check.unless_sentence.search(doc.sentence(m.start(), m.end())):
                    continue
                spans.append((m.start(), m.end()))
        for start, end in _merged(spans):  # patterns of one check on the same words: one issue
            issues.append(Issue(check.id, check.title, check.message, doc.span(start, end),
                                check.sources, overlapping(findings, start, end)))
    issues.sort(key=lambda i: (i.span.start, i.check))
    return tuple(issues)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def requirement_advice(issues: Sequence[Issue]) -> tuple[str, ...]:
    by_id = {c.id: c for c in rules().checks}
    seen: list[str] = []
    for issue in issues:
        if issue.check not in seen:
            seen.append(issue.check)
    return tuple(f"{by_id[c].title.capitalize()}: {by_id[c].advice}" for c in seen)


# -- statements ------------------------------------------------------------------

def statements(doc: Document) -> tuple[Statement, ...]:
    return tuple(
        Statement(c.id, c.title, any(p.search(doc.search_text) for p in c.present), c.advice, c.sources)
        for c in rules().statements
    )


# -- the requirements list --------------------------------------------------------

_ATX = re.compile(r"^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^([ \t]*)(?:[-*+\u2022]|\d{1,2}[.)])\s+(.*)$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_EMPHASIS = re.compile(r"^(\*\*|__)(.+?)\1:?$")


def _heading(line: str, next_line: str | None) -> str | None:
    """The heading text if `line` is a heading: Markdown `#`, a bold line, a short
    line ending in a colon, or a short line right above a bullet."""
    m = _ATX.match(line)
    if m:
        return m.group(1)
    stripped = line.strip()
    if not stripped or _BULLET.match(line):
        return None
    m = _EMPHASIS.match(stripped)
    if m:
        return m.group(2).rstrip(":")
    words = len(stripped.split())
    if stripped.endswith(":") and words <= 10:
        return stripped.rstrip(":")
    if words <= 6 and not stripped.endswith((".", "!", "?", ",")) and next_line is not None \
            and _BULLET.match(next_line):
        return stripped
    return None


def requirements_list(doc: Document) -> RequirementsList | None:
    r = rules()
    lines = doc.search_text.splitlines()
    sections: list[Section] = []
    current: list | None = None  # [heading, line, must, nice, indent, is_nice]
    in_fence = False
    for i, line in enumerate(lines):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        nxt = next((l for l in lines[i + 1:i + 3] if l.strip()), None)
        heading = _heading(line, nxt)
        if heading is not None:
            if current:
                sections.append(Section(*current[:4]))
            current = None
            if r.must_heading.search(heading) or r.nice.search(heading):
                current = [_clean(heading), i + 1, 0, 0, None, bool(r.nice.search(heading))]
            continue
        if current is None:
            continue
        m = _BULLET.match(line)
        if not m:
            continue
        indent = len(m.group(1).expandtabs(4))
        if current[4] is None:
            current[4] = indent
        if indent > current[4]:
            continue  # a sub-item
        if current[5] or r.nice.search(m.group(2)):
            current[3] += 1
        else:
            current[2] += 1
    if current:
        sections.append(Section(*current[:4]))
    sections = [s for s in sections if s.must_haves or s.nice_to_haves]
    if not sections:
        return None
    must = sum(s.must_haves for s in sections)
    nice = sum(s.nice_to_haves for s in sections)
    main = max(sections, key=lambda s: s.must_haves)
    too_long = must > r.limit
    message = r.list_message.format(count=must, heading=main.heading) if too_long else (
        f"{must} must-have requirement{'s' if must != 1 else ''}"
        f"{f' and {nice} nice-to-have' if nice else ''}: within the limit of {r.limit}.")
    return RequirementsList(tuple(sections), must, nice, r.limit, too_long, message,
                            r.list_advice.format(max=r.limit) if too_long else "")
