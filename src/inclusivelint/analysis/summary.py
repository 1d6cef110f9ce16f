"""The result of `analyze`: one frozen `Summary` per document, JSON-ready."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Sequence

from inclusivelint.lint.finding import Finding, Severity
from inclusivelint.analysis.gender import GenderCoding
from inclusivelint.analysis.jobad import RequirementsList, Statement
from inclusivelint.analysis.review import ReviewLanguage


@dataclass(frozen=True, slots=True)
class FindingCounts:
    total: int
    by_severity: tuple[tuple[str, int], ...]  # error, warning, suggestion (all present)
    by_category: tuple[tuple[str, int], ...]  # sorted by category, only those found

    @classmethod
    def of(cls, findings: Sequence[Finding]) -> "FindingCounts":
        sev = Counter(f.severity for f in findings)
        cat = Counter(f.category for f in findings)
        return cls(len(findings),
                   tuple((str(s), sev.get(s, 0)) for s in sorted(Severity, reverse=True)),
                   tuple(sorted(cat.items())))

    def as_dict(self) -> dict:
        return {"total": self.total, "by_severity": dict(self.by_severity),
                "by_category": dict(self.by_category)}


@dataclass(frozen=True, slots=True)
class Summary:
    """Every key is always present in `as_dict()`; analyses a profile does not run are null."""

    profile: str
    words: int
    findings: FindingCounts
    gender_coding: GenderCoding | None = None
    requirements: tuple[Finding, ...] | None = None  # findings of the job-ad requirement checks
    requirements_list: RequirementsList | None = None
    statements: tuple[Statement, ...] | None = None
    review: ReviewLanguage | None = None
    advice: tuple[str, ...] = ()

    @property
    def missing(self) -> tuple[Statement, ...]:
        return tuple(s for s in self.statements or () if not s.present)

    def as_dict(self) -> dict:
        return {
            "profile": self.profile,
            "words": self.words,
            "findings": self.findings.as_dict(),
            "gender_coding": self.gender_coding.as_dict() if self.gender_coding else None,
            "requirements": None if self.requirements is None else [f.as_dict() for f in self.requirements],
            "requirements_list": self.requirements_list.as_dict() if self.requirements_list else None,
            "statements": None if self.statements is None else [s.as_dict() for s in self.statements],
            "review": self.review.as_dict() if self.review else None,
            "advice": list(self.advice),
        }
