"""The text being analysed: its prose, its words, and spans that point back into it.

Every analysis reads a `Document` and reports `Span`s: 0-based half-open offsets
into the original text (so ``text[start:end] == span.text``) with the 1-based
line and column of `start`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Iterable, Iterator, Sequence

from inclusivelint.read import regions
from inclusivelint.lint.finding import Finding
from inclusivelint.read.lines import LineIndex
from inclusivelint.read.projection import APOSTROPHES

# Letters, optionally joined by hyphens or apostrophes: "self-confident", "team's".
_WORD = re.compile(r"[^\W\d_]+(?:[-'\u2019][^\W\d_]+)*")
# What may stand before the first word of a line that opens a sentence: a bullet, a list
# number, heading marks, quotes and emphasis.
_LINE_OPENING = re.compile(r"[ \t]*(?:[-*+\u2022>]|\d{1,2}[.)]|#{1,6})?[ \t]*[*_\"'(\u201c]*")
_SENTENCE_ENDS = ".!?:;"


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    line: int
    column: int
    text: str

    def as_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "line": self.line,
                "column": self.column, "text": self.text}


@dataclass(frozen=True, slots=True)
class Word:
    start: int
    end: int
    text: str

    @property
    def lower(self) -> str:
        return self.text.lower().replace("\u2019", "'")


class Document:
    """`text` with its prose segments (per input format), words and line index."""

    def __init__(self, text: str, input_format: str = "text"):
        self.text = text
        # Same length as `text`: patterns may use plain apostrophes.
        self.search_text = APOSTROPHES.sub("'", text)  # one character for one: offsets hold
        self.segments = regions.segments(text, input_format) if text.strip() else []
        self._seg_starts = [s.start for s in self.segments]
        self._lines = LineIndex(text)
        self.words: tuple[Word, ...] = tuple(
            Word(m.start(), m.end(), m.group())
            for seg in self.segments
            for m in _WORD.finditer(text, seg.start, seg.end)
        )

    def in_prose(self, offset: int) -> bool:
        i = bisect_right(self._seg_starts, offset) - 1
        return i >= 0 and offset < self.segments[i].end

    def span(self, start: int, end: int) -> Span:
        line, column = self._lines.position(start)
        return Span(start, end, line, column, self.text[start:end])

    def starts_sentence(self, word: Word) -> bool:
        """Whether `word` opens a sentence, a clause after a colon or semicolon, a line, a
        list item or a heading: only spaces, bullets, list numbers, heading marks and
        quotes stand between it and the line start or the last sentence end."""
        line_start = self.text.rfind("\n", 0, word.start) + 1
        if _LINE_OPENING.fullmatch(self.text, line_start, word.start):
            return True
        before = self.text[line_start:word.start].rstrip(" \t*_\"'(\u201c")
        return bool(before) and before[-1] in _SENTENCE_ENDS

    def finditer(self, pattern: re.Pattern) -> Iterator[re.Match]:
        """Matches of `pattern` that start in prose (not in code, URLs or markup)."""
        for m in pattern.finditer(self.search_text):
            if m.end() > m.start() and self.in_prose(m.start()):
                yield m



def overlapping(findings: Sequence[Finding], start: int, end: int) -> tuple[str, ...]:
    """Ids of the rules whose findings overlap text[start:end], in order, once each."""
    ids: list[str] = []
    for f in findings:
        if f.start < end and start < f.end and f.rule_id not in ids:
            ids.append(f.rule_id)
    return tuple(ids)


def compile_all(patterns: Iterable[str]) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)
