"""Lint one huge file in bounded memory, with offsets into the whole file.

    for finding in lint_file("dump.md", linter=linter):
        ...  # finding.start/end are character offsets into the whole (decoded) file

The file is read a block at a time and cut into chunks of about `chunk_chars`
characters. A chunk ends only where a paragraph ends (at a blank line), and
never inside a Markdown fenced code block, front matter, an HTML comment or a
raw HTML block (`<pre>`, `<script>` ...), nor, in HTML, inside an element whose
text is not prose. Each chunk is linted on its own; its findings are shifted by
the chunk's offset, line and column, so `text[start:end] == matched` holds for
the whole file, in characters (not bytes) after UTF-8 decoding, as for `check`.

Paragraphs never share a match, so plain text gives exactly the findings of
linting the file whole. In Markdown and HTML a construct that spans a blank
line outside the blocks above (a reference link defined in another chunk, a
list item's indented continuation) can read differently at a chunk's start.
A file with no safe place to cut for `MAX_CHUNK_FACTOR` chunks' worth of text
is cut at a line end (or, failing that, a space) so memory stays bounded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Iterator

from .finding import Finding

CHUNK_CHARS = 1 << 20  # characters per chunk, roughly
READ_CHARS = 1 << 18  # characters per read
MAX_CHUNK_FACTOR = 8  # no safe cut in this many chunks' worth of text: cut anyway


class StreamError(ValueError):
    """The file could not be read or decoded; `line` is where reading stopped."""

    def __init__(self, path: str, message: str, line: int | None = None):
        super().__init__(f"{path}:{line}: {message}" if line else f"{path}: {message}")
        self.path, self.message, self.line = path, message, line


@dataclass(frozen=True, slots=True)
class Chunk:
    """`text` is the file's text from character `offset`, which is at (`line`, `column`), 1-based."""

    text: str
    offset: int
    line: int
    column: int

    def shift(self, f: Finding, path: str | None) -> Finding:
        def col(line: int, column: int) -> int:
            return column + self.column - 1 if line == 1 else column

        return replace(
            f, start=f.start + self.offset, end=f.end + self.offset,
            line=f.line + self.line - 1, column=col(f.line, f.column),
            end_line=f.end_line + self.line - 1, end_column=col(f.end_line, f.end_column),
            path=path,
        )


# -- where a chunk may end ---------------------------------------------------------

_BLANK = re.compile(r"[ \t\r\f\v]*\n?\Z")
_FENCE = re.compile(r"[ \t]*(`{3,}|~{3,})")
_FRONT_MATTER = re.compile(r"(---|\+\+\+)[ \t]*\r?\n?\Z")
_MD_RAW_OPEN = re.compile(r"[ \t]{0,3}<(pre|script|style|textarea)\b", re.I)
_HTML_OPAQUE = re.compile(r"<(/?)(script|style|pre|textarea|template|svg|math|head|code|kbd|samp|var)\b",
                          re.I)


class _Scanner:
    """Fed the file line by line; says before which lines a chunk may start."""

    def __init__(self, fmt: str):
        self.fmt = fmt
        self.first = True
        self.after_blank = False
        self.fence: str | None = None  # the open fence's marker, e.g. "```"
        self.closer: str | None = None  # what ends the open front matter / comment / raw block
        self.opaque = 0  # HTML: depth of elements whose text is not prose

    def cut_before(self, line: str) -> bool:
        blank = bool(_BLANK.match(line))
        ok = self.after_blank and not blank and self._outside()
        self._advance(line, blank)
        self.after_blank = blank
        self.first = False
        return ok

    def _outside(self) -> bool:
        return self.fence is None and self.closer is None and self.opaque == 0

    def _advance(self, line: str, blank: bool) -> None:
        if self.fmt == "text":
            return
        if self.closer is not None:
            if self.closer in line.lower() if self.closer.startswith("</") else self.closer in line:
                self.closer = None
            elif self.closer in ("---", "+++") and line.strip() == "...":
                self.closer = None
            return
        if self.fmt == "markdown":
            self._markdown(line)
        else:
            self._html(line)

    def _markdown(self, line: str) -> None:
        m = _FENCE.match(line)
        if self.fence is not None:
            if m and m.group(1)[0] == self.fence[0] and len(m.group(1)) >= len(self.fence) \
                    and not line[m.end():].strip():
                self.fence = None
            return
        if m:
            self.fence = m.group(1)
            return
        if self.first and _FRONT_MATTER.match(line):
            self.closer = line.strip()
            return
        self._comment(line)
        raw = _MD_RAW_OPEN.match(line)
        if raw and self.closer is None:
            end = f"</{raw.group(1).lower()}>"
            if end not in line.lower():
                self.closer = end

    def _comment(self, line: str) -> None:
        opened = line.rfind("<!--")
        if opened >= 0 and line.find("-->", opened + 4) < 0:
            self.closer = "-->"

    def _html(self, line: str) -> None:
        for m in _HTML_OPAQUE.finditer(line):
            self.opaque = max(0, self.opaque + (-1 if m.group(1) else 1))
        self._comment(line)


def chunks(fh: IO[str], fmt: str, size: int = CHUNK_CHARS) -> Iterator[Chunk]:
    """Cut a text stream into chunks that end where a paragraph ends (see the module doc)."""
    scanner = _Scanner(fmt)
    buf = ""
    scanned = 0  # buf[:scanned] has been fed to the scanner (whole lines)
    cut = 0  # the last place in buf where a chunk may end (0: none yet)
    offset, line, column = 0, 1, 1
    hard_limit = size * MAX_CHUNK_FACTOR
    eof = False
    while not eof:
        block = fh.read(READ_CHARS)
        eof = not block
        buf += block
        while True:
            nl = buf.find("\n", scanned)
            if nl < 0:
                break
            if scanner.cut_before(buf[scanned:nl + 1]) and scanned:
                cut = scanned
            scanned = nl + 1
        if eof:
            end = len(buf)
        elif len(buf) >= size and cut:
            end = cut
        elif len(buf) >= hard_limit:
            end = scanned or _last_space(buf) or len(buf)
        else:
            continue
        if not end:
            break
        piece, buf = buf[:end], buf[end:]
        yield Chunk(piece, offset, line, column)
        offset += len(piece)
        newlines = piece.count("\n")
        line += newlines
        column = len(piece) - piece.rfind("\n") if newlines else column + len(piece)
        scanned = max(0, scanned - end)
        cut = 0


def _last_space(buf: str) -> int:
    i = max(buf.rfind(" "), buf.rfind("\t"))
    return i + 1 if i > 0 else 0


def lint_file(path: str | Path, *, linter=None, input_format: str | None = None,
              only: frozenset[str] | None = None, display_path: str | None = None,
              chunk_chars: int = CHUNK_CHARS) -> Iterator[Finding]:
    """Findings of a file of any size, in file order, read a chunk at a time.

    `display_path` is the path put in findings (default: `path` as given). Raises
    `StreamError` if the file cannot be opened or is not UTF-8 (findings before the
    bad bytes have been yielded by then).
    """
    from . import regions

    shown = str(path) if display_path is None else display_path
    fmt = input_format or regions.format_for_path(str(path))
    if fmt not in regions.FORMATS:
        raise ValueError(f"unknown input format {fmt!r}")
    if linter is None:
        from .engine import default_linter

        linter = default_linter()
    try:
        fh = open(path, encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise StreamError(shown, f"cannot read: {exc.strerror or exc}") from None
    last_line = 1
    with fh:
        try:
            for chunk in chunks(fh, fmt, chunk_chars):
                last_line = chunk.line
                found = linter.lint(chunk.text, path=shown, input_format=fmt, only=only)
                for f in found:
                    yield chunk.shift(f, shown)
        except UnicodeDecodeError as exc:
            raise StreamError(shown, f"cannot decode as UTF-8 ({exc.reason}) after line {last_line}",
                              last_line) from None
