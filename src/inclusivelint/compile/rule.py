"""Rules as plain data: what the loader builds and every other stage reads."""

from __future__ import annotations

from dataclasses import dataclass

from inclusivelint.vocab import EVIDENCE_GRADES, FIX_APPLICABILITY, Severity  # noqa: F401  (re-exported)

CATEGORIES = (
    "gatekeeping",
    "gendered",
    "ageist",
    "ableist",
    "racial-ethnic",
    "lgbtq",
    "socioeconomic",
    "dismissive",
    "coded-culture",
)


def _quick_pickle(cls):
    """A frozen slotted dataclass that pickles by its slots, in order. The dataclass
    default calls `dataclasses.fields()` for every object read back, which was a fifth
    of a one-file check's own time (the cached rulebook holds thousands of these)."""
    names = cls.__slots__

    def getstate(self):
        return tuple(getattr(self, name) for name in names)

    def setstate(self, state):
        for name, value in zip(names, state):
            object.__setattr__(self, name, value)

    cls.__getstate__, cls.__setstate__ = getstate, setstate
    return cls


def evidence_rank(grade: str) -> int:
    """0 for the strongest grade; an ungraded rule ranks below every grade."""
    return EVIDENCE_GRADES.index(grade) if grade in EVIDENCE_GRADES else len(EVIDENCE_GRADES)


def strong_enough(findings, rules, grade: str) -> list:
    """Findings whose rule's evidence grade is `grade` or stronger (`--min-evidence`).
    Findings that come from no rule file (an unused directive) are about the input, and stay."""
    limit = evidence_rank(grade)
    return [f for f in findings
            if f.rule_id not in rules or evidence_rank(rules[f.rule_id].evidence) <= limit]


@_quick_pickle
@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str
    publisher: str
    year: int | None
    authors: str | None = None
    url: str | None = None

    def citation(self) -> str:
        who = f"{self.authors}, " if self.authors else ""
        when = f" ({self.year})" if self.year else ""
        return f"{who}{self.title}. {self.publisher}{when}."


@_quick_pickle
@dataclass(frozen=True, slots=True)
class Context:
    """One `unless` or `requires` entry: words that must (not) stand near a match.

    kind: 'phrase' (overlaps the match), 'near' (within `window` tokens, same
    sentence), 'before' / 'after' (within `window` tokens on that side), or
    'antecedent' (a generic noun phrase such as "the candidate" earlier in the
    same or the previous sentence, with no personal name in between).
    """

    kind: str
    patterns: tuple[str, ...]
    window: int = 0


@_quick_pickle
@dataclass(frozen=True, slots=True)
class DocumentCheck:
    """A rule's `document:` entry: conditions on the whole ad, applied after matching.

    `sections`: the section kinds the match must stand in (empty: any); `demand`: its
    sentence must ask something of the candidate; `unless_ad_offers`: drop it when the ad
    offers this anywhere ("equivalent-route"); `unless_job`: drop it when the job is of
    this kind ("physical"); `unless_reason`: drop it when its sentence gives a reason;
    `amount_min` / `amount_cap`: the amount matched must be at least this / an upper cap;
    `once`: report only the first match that passes (a gate of the whole ad, stated once).
    """

    sections: tuple[str, ...] = ()
    demand: bool = False
    unless_ad_offers: str = ""
    unless_job: str = ""
    unless_reason: bool = False
    amount_min: float | None = None
    amount_cap: bool = False
    once: bool = False


@_quick_pickle
@dataclass(frozen=True, slots=True)
class Example:
    """A rule example. `spans` are the marked (start, end) offsets in `text`."""

    text: str
    spans: tuple[tuple[int, int], ...] = ()
    fixed: str | None = None


@_quick_pickle
@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    category: str
    severity: Severity
    message: str
    reason: str
    sources: tuple[str, ...]
    match: tuple[str, ...]
    suggestions: tuple[str, ...]
    flag_examples: tuple[Example, ...]
    pass_examples: tuple[Example, ...]
    unless: tuple[Context, ...] = ()
    requires: tuple[Context, ...] = ()
    fix: str = "display-only"
    notes: str | None = None
    path: str = ""
    # The kind of evidence for the harm claim (EVIDENCE_GRADES) and the source id
    # that carries it; empty for a house rule that gives none.
    evidence: str = ""
    evidence_source: str = ""
    # Conditions on the whole document (job ads): run only when a profile asks for them.
    document: DocumentCheck | None = None
    # The suggestions that are advice (a subset of `suggestions`): shown, never applied.
    advice: tuple[str, ...] = ()
    # (example text, suggestion, text after applying it): every flag example with every
    # one-click suggestion, as recorded by bench/record_fixes.py and checked by verify.
    fixed: tuple[tuple[str, str, str], ...] = ()

    def render_message(self, matched: str) -> str:
        return self.message.replace("{match}", matched)
