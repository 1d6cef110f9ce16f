"""Character offsets to 1-based line and column, as every finding reports them."""

from __future__ import annotations

import re
from bisect import bisect_right


class LineIndex:
    """Offsets -> 1-based (line, column), columns counted in code points."""

    def __init__(self, text: str):
        self._starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1

    def line_span(self, line: int, text: str) -> tuple[int, int]:
        start = self._starts[line - 1]
        end = self._starts[line] - 1 if line < len(self._starts) else len(text)
        if end > start and text[end - 1] == "\r":
            end -= 1
        return start, end
