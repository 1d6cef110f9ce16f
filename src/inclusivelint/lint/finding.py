"""The one thing every stage after matching passes along: a Finding."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from inclusivelint.vocab import Severity

__all__ = ["Finding", "Severity"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One flagged span.

    `start`/`end` are 0-based, half-open character offsets into the text that was
    linted (the file as decoded), so `text[start:end] == matched`. `line` and
    `column` are 1-based and point at `start`.
    """

    rule_id: str
    category: str
    severity: Severity
    message: str
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    matched: str
    suggestions: tuple[str, ...] = ()  # every suggestion, in the rule's order, to show
    sources: tuple[str, ...] = ()
    fix: str = "display-only"
    path: str | None = field(default=None)
    # In a Word document, the part the paragraph (`line`) is in: "body", "table 1, row 2, cell 1" ...
    place: str | None = None
    advice: tuple[str, ...] = ()  # the suggestions that are advice: shown, never applied

    def as_dict(self) -> dict:
        data = asdict(self)
        place = data.pop("place")
        if place is not None:
            data["location"] = {"paragraph": self.line, "character": self.column, "part": place}
        data["severity"] = str(self.severity)
        data["suggestions"] = list(self.suggestions)
        data["sources"] = list(self.sources)
        data["advice"] = list(self.advice)
        return data
