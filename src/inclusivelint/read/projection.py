"""Prose regions -> one matchable string, with a map back to source offsets.

The regions of a document (paragraphs, list items, table cells, the text runs
between emphasis markers) are laid end to end into a *projected* string:
whitespace inside a block becomes single spaces, so "culture\\nfit" reads as
"culture fit"; runs split only by emphasis markers join up again, so
"paying **your** dues" reads as "paying your dues"; anything else skipped
inside a block (inline code, a URL) leaves a placeholder that no phrase can
match across; blocks are separated by a blank line. Every projected character
maps back to one source offset, piecewise linearly.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Iterable

from inclusivelint.read.segments import Segment

# Whitespace that is not exactly one plain space: collapsed to one space.
_ODD_SPACE = re.compile(r"\s{2,}|[^\S ]")
# Curly apostrophes read as straight ones; lone surrogates (which spaCy cannot
# encode, and which only reach us through the API) become U+FFFD. One for one.
_SPACE_RUN = re.compile(r"\s\s")
_ONE_ODD_SPACE = re.compile(r"[^\S ]")
APOSTROPHES = re.compile("[\u2018\u2019\u02bc]")  # read as straight ones (also by `regions`)
_SURROGATES = re.compile("[\ud800-\udfff]")
_BLOCK_BREAK = "\n\n"
PLACEHOLDER = "\ufffc"  # stands for skipped inline content (code, URLs, tags)
# A list marker glued to the word after it ("•Have", "-Bachelor's degree" at the start
# of a line), which spaCy's tokenizer would keep as part of that word: read as a middle
# dot, one for one, which the tokenizer splits off as a token of its own. (Not a space:
# a run of spaces reads as a paragraph break to the context checks.) Bullet glyphs never
# belong to a word; a dash or star does only inside one.
# (One plain character class, the position checked in Python: a lookbehind alternative
# made the engine try every position, a tenth of the linter's time on job ads.)
_MARKER = "\u00b7"
_BULLETS = "\u2022\u00b7\u25aa\u25cf\u25e6\u2023"
_MARKER_BEFORE_LETTER = re.compile(f"[{_BULLETS}\\-*\u2013](?=[^\\W\\d_])")


def _unglue_markers(text: str) -> str:
    def unglue(m: re.Match) -> str:
        at = m.start()
        glued = m.group() in _BULLETS or at == 0 or text[at - 1].isspace()
        return _MARKER if glued else m.group()

    return _MARKER_BEFORE_LETTER.sub(unglue, text)


@dataclass(frozen=True, slots=True)
class Projection:
    text: str
    _starts: tuple[int, ...]  # projected offset where each chunk begins
    _sources: tuple[int, ...]  # source offset of that chunk's first character

    def to_source(self, offset: int) -> int:
        """Source offset of the projected character at `offset`."""
        i = bisect_right(self._starts, offset) - 1
        return self._sources[i] + (offset - self._starts[i])

    def span_to_source(self, start: int, end: int) -> tuple[int, int]:
        """Half-open projected span -> half-open source span (end maps via its last char)."""
        return self.to_source(start), self.to_source(end - 1) + 1


def _joins_inline(gap: str) -> bool:
    """Text between two runs of one block that is pure markup (emphasis, brackets)."""
    return not any(ch.isalnum() for ch in gap)


def project(src: str, segments: Iterable[Segment]) -> Projection:
    pieces: list[str] = []
    starts: list[int] = []
    sources: list[int] = []
    length = 0
    last = ""  # last projected character emitted

    def emit(piece: str, at: int) -> None:
        nonlocal length, last
        if starts and sources[-1] + (length - starts[-1]) == at:
            pass  # contiguous with the previous chunk: no new chunk needed
        else:
            starts.append(length)
            sources.append(at)
        pieces.append(piece)
        length += len(piece)
        last = piece[-1]

    def emit_space(at: int) -> None:
        if last and last not in " \n":
            emit(" ", at)

    prev: Segment | None = None
    for seg in segments:
        if seg.end <= seg.start:
            continue
        if prev is not None:
            if seg.block != prev.block:
                if last:
                    emit(_BLOCK_BREAK, prev.end)
            else:
                gap = src[prev.end:seg.start]
                glue = seg.glue if seg.glue is not None else _joins_inline(gap)
                if not glue:
                    emit_space(prev.end)
                    emit(PLACEHOLDER, prev.end)
                    emit(" ", prev.end)
                elif any(ch.isspace() for ch in gap):
                    emit_space(prev.end)
        pos = seg.start
        if not src[pos].isspace() and not _SPACE_RUN.search(src, pos, seg.end):
            # No whitespace run: each odd space is one character after a non-space, which
            # reads as one space, one for one (the common case, done in one step)
            emit(_ONE_ODD_SPACE.sub(" ", src[pos:seg.end]), pos)
            prev = seg
            continue
        for m in _ODD_SPACE.finditer(src, seg.start, seg.end):
            if m.start() > pos:
                emit(src[pos:m.start()], pos)
            emit_space(m.start())
            pos = m.end()
        if seg.end > pos:
            emit(src[pos:seg.end], pos)
        prev = seg
    text = _unglue_markers(_SURROGATES.sub("\ufffd", APOSTROPHES.sub("'", "".join(pieces))))
    return Projection(text, tuple(starts) or (0,), tuple(sources) or (0,))
