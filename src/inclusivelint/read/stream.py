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
is cut at a line end (or, failing that, a space) so memory stays bounded; no
chunk exceeds `MAX_CHUNK_CHARS`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Callable, Iterator

from inclusivelint.lint import directives
from inclusivelint.errors import StreamError
from inclusivelint.lint.finding import Finding
from inclusivelint.vocab import INPUT_FORMATS

CHUNK_CHARS = 1 << 18  # characters per chunk, roughly
READ_CHARS = 1 << 16  # characters per read
MAX_CHUNK_FACTOR = 4  # no safe cut in this many chunks' worth of text: cut anyway
# No chunk is longer than this: far below spaCy's default `nlp.max_length` (1,000,000
# characters), which a chunk's projected text, up to twice as long in a table of
# one-letter cells, must not exceed.
MAX_CHUNK_CHARS = 450_000


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
        # reST: an indented line after a blank one continues a directive, list or quote.
        ok = self.after_blank and not blank and self._outside() and not (self.fmt == "rst" and line[:1].isspace())
        self._advance(line, blank)
        self.after_blank = blank
        self.first = False
        return ok

    def _outside(self) -> bool:
        return self.fence is None and self.closer is None and self.opaque == 0

    def _advance(self, line: str, blank: bool) -> None:
        if self.fmt in ("text", "rst"):
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
    size = max(1, min(size, MAX_CHUNK_CHARS))
    hard_limit = min(size * MAX_CHUNK_FACTOR, MAX_CHUNK_CHARS)
    buf = ""
    scanned = 0  # buf[:scanned] has been fed to the scanner (whole lines)
    cuts: list[int] = []  # where in buf a chunk may end, ascending
    offset, line, column = 0, 1, 1
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
                cuts.append(scanned)
            scanned = nl + 1
        while buf:
            end = _pick(cuts, size, hard_limit) if len(buf) >= size else 0
            if not end:
                if len(buf) >= hard_limit:
                    end = _forced_cut(buf, hard_limit)
                elif eof:
                    end = len(buf)
                else:
                    break
            piece, buf = buf[:end], buf[end:]
            yield Chunk(piece, offset, line, column)
            offset += len(piece)
            newlines = piece.count("\n")
            line += newlines
            column = len(piece) - piece.rfind("\n") if newlines else column + len(piece)
            scanned = max(0, scanned - end)
            cuts = [c - end for c in cuts if c > end]


def _pick(cuts: list[int], size: int, limit: int) -> int:
    """The first safe cut at or past `size` (within `limit`), else the last one before it; 0 if none."""
    i = bisect_left(cuts, size)
    if i < len(cuts) and cuts[i] <= limit:
        return cuts[i]
    return cuts[i - 1] if i else 0


def _forced_cut(buf: str, limit: int) -> int:
    """No paragraph end in sight: cut after the last line end, else space, before `limit`."""
    nl = buf.rfind("\n", 0, limit)
    if nl > 0:
        return nl + 1
    space = max(buf.rfind(" ", 0, limit), buf.rfind("\t", 0, limit))
    return space + 1 if space > 0 else limit


def _open(path):
    """The file as text, in the encoding its byte-order mark names (`source.sniff`)."""
    from inclusivelint.read.source import sniff

    with open(path, "rb") as fh:
        encoding, skip = sniff(fh.read(4))
    if encoding is None:
        raise UnicodeDecodeError("utf-32", b"", 0, 1, "UTF-32 is not supported")
    fh = open(path, encoding=encoding, newline="")
    if skip:
        fh.read(1)  # the mark, one character in any of these encodings
    return fh


def _file_wide_directives(opener, fmt: str, size: int) -> list:
    found = []
    with opener() as fh:
        for chunk in chunks(fh, fmt, size):
            found.extend(d for d in directives.parse(chunk.text, fmt) if d.kind == "disable-file")
    return found


def lint_file(path: str | Path, *, linter=None, input_format: str | None = None,
              display_path: str | None = None, chunk_chars: int = CHUNK_CHARS,
              opener: Callable[[], IO[str]] | None = None, **lint_kwargs) -> Iterator[Finding]:
    """Findings of a file of any size, in file order, read a chunk at a time.

    `opener`, when given, opens the text instead of `path` (each call a new stream
    from the start): the web page lints a long pasted text this way, chunk by chunk.

    `display_path` is the path put in findings (default: `path` as given). Other
    keyword arguments (`only`, `severities`, `allow`, `directives` ...) go to
    `Linter.lint`; `warn_unused` is not supported, since a directive's use may lie in
    another chunk. Raises `StreamError` if the file cannot be opened or is not UTF-8
    (findings before the bad bytes have been yielded by then).
    """
    from inclusivelint.read import regions

    if lint_kwargs.get("warn_unused"):
        raise ValueError("warn_unused is not supported when a file is linted in chunks")
    shown = str(path) if display_path is None else display_path
    fmt = input_format or regions.format_for_path(str(path))
    if fmt not in INPUT_FORMATS:
        raise ValueError(f"unknown input format {fmt!r}")
    if linter is None:
        from inclusivelint.lint.engine import default_linter

        linter = default_linter()
    last_line = 1
    opener = opener or (lambda: _open(path))
    try:
        carry = None
        if lint_kwargs.get("directives", True):
            carry = directives.Carried(_file_wide_directives(opener, fmt, chunk_chars), linter.resolve)
        with opener() as fh:
            for chunk in chunks(fh, fmt, chunk_chars):
                last_line = chunk.line
                found = linter.lint(chunk.text, path=shown, input_format=fmt, **lint_kwargs)
                if carry is not None:
                    found = carry.filter(directives.parse(chunk.text, fmt), found)
                for f in found:
                    yield chunk.shift(f, shown)
    except OSError as exc:
        raise StreamError(shown, f"cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise StreamError(shown, f"cannot decode as {exc.encoding.upper()} ({exc.reason}) after line {last_line}",
                          last_line) from None
