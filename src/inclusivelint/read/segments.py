"""Prose regions as offsets: `Segment`, and the plain-text splitter into paragraphs.

Every reader of a markup format (`regions`) reports the prose of a document as
segments, runs of source text grouped into blocks; `projection` lays them end to
end for matching.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of prose in the source: src[start:end], part of block `block`."""

    start: int
    end: int
    block: int
    # Whether the gap before this segment (in the same block) is pure markup that
    # prose reads straight through; None lets the gap's characters decide.
    glue: bool | None = None


_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")


def paragraph_segments(src: str, start: int = 0, end: int | None = None, block: int = 0) -> list[Segment]:
    """Plain text: each paragraph (text between blank lines) is its own block."""
    end = len(src) if end is None else end
    out = []
    pos = start
    for m in _PARAGRAPH_BREAK.finditer(src, start, end):
        if m.start() > pos:
            out.append(Segment(pos, m.start(), block))
            block += 1
        pos = m.end()
    if end > pos:
        out.append(Segment(pos, end, block))
    return out


def placed(found: list[Segment], offset: int, block: int) -> list[Segment]:
    """Segments of a part read alone (`src[offset:...]`), moved to their place in the
    whole: offsets shifted by `offset`, blocks numbered on from `block`."""
    return [replace(seg, start=seg.start + offset, end=seg.end + offset, block=seg.block + block)
            for seg in found]


def next_block(found: list[Segment], block: int) -> int:
    """The first block number free after `found` (numbered from `block`)."""
    return max((seg.block for seg in found), default=block - 1) + 1
