"""Inline directives: the user's way to tell the linter to leave something alone.

Written in the file's own comment syntax::

    <!-- inclusivelint disable-next-line gendered -->        Markdown, HTML (and plain text)
    .. inclusivelint: disable                               reStructuredText
    # inclusivelint: disable-line master-slave              code comments (#, //, /*, --, ;)

Kinds: `disable-next-line`, `disable-line`, `disable` ... `enable` (a block),
`disable-file`. Each names rules or categories, or none for all rules. They are
applied as a filter over the findings, after matching (as yamllint does), and a
directive that suppresses nothing can be reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterable

from inclusivelint.lint.finding import Finding, Severity
from inclusivelint.read.lines import LineIndex

KINDS = ("disable-next-line", "disable-line", "disable-file", "disable", "enable")
_BODY = (r"(?P<body>inclusivelint):?[ \t]+(?P<kind>disable-next-line|disable-line|disable-file|disable|enable)"
         r"(?![\w-])(?P<names>(?:[ \t,]+[A-Za-z0-9][\w-]*)*)")
_PATTERNS = {
    "html": re.compile(r"<!--[ \t]*" + _BODY + r"[ \t]*-->"),
    "rst": re.compile(r"^[ \t]*\.\.[ \t]+" + _BODY + r"[ \t]*$", re.M),
    # In code, anywhere in a comment: `x = 1  # legacy name, inclusivelint: disable-line`.
    "code": re.compile(r"(?:#|//|/\*|--|;)[^\n]*?" + _BODY),
}
_BY_FORMAT = {"markdown": "html", "html": "html", "text": "html", "rst": "rst", "code": "code"}

UNUSED_RULE_ID = "unused-directive"


@dataclass
class Directive:
    kind: str
    names: tuple[str, ...]  # as written; empty means every rule
    line: int
    start: int
    end: int
    rules: frozenset[str] | None = None  # resolved ids; None means every rule
    unknown: tuple[str, ...] = ()  # names that are neither a rule nor a category
    used: bool = field(default=False)

    def covers(self, rule_id: str) -> bool:
        return self.rules is None or rule_id in self.rules


def parse(text: str, fmt: str) -> list[Directive]:
    pattern = _PATTERNS[_BY_FORMAT.get(fmt, "html")]
    if "inclusivelint" not in text:
        return []
    lines = LineIndex(text)
    out = []
    for m in pattern.finditer(text):
        names = tuple(n for n in re.split(r"[ \t,]+", m.group("names")) if n)
        # A directive in a code comment spans its own words only: the comment may
        # say more before it (`# pay your dues  inclusivelint: disable-line`), and
        # that text is prose the directive covers, not part of the directive.
        start = m.start("body") if pattern is _PATTERNS["code"] else m.start()
        out.append(Directive(m.group("kind"), names, lines.position(start)[0], start, m.end()))
    return out


def apply(text: str, findings: list[Finding], directives: list[Directive],
          resolve: Callable[[Iterable[str]], set[str]]) -> list[Finding]:
    """Drop the findings the directives cover; mark each directive that covered one."""
    if not directives:
        return findings
    for d in directives:
        _resolve(d, resolve)
    lines = LineIndex(text)
    next_line = {d.line: _next_content_line(text, lines, d.end) for d in directives
                 if d.kind == "disable-next-line"}
    blocks = _blocks(directives)
    kept = []
    for f in findings:
        hit = None
        for d in directives:
            if not d.covers(f.rule_id):
                continue
            if (d.kind == "disable-file"
                    or (d.kind == "disable-line" and d.line == f.line)
                    or (d.kind == "disable-next-line" and next_line[d.line] == f.line)):
                hit = d
                break
        if hit is None:
            for d, until in blocks:
                if d.covers(f.rule_id) and d.end <= f.start < until:
                    hit = d
                    break
        if hit is None:
            kept.append(f)
        else:
            hit.used = True
    return kept


def _resolve(d: Directive, resolve: Callable[[Iterable[str]], set[str]]) -> None:
    """Resolve the names a directive gives into rule ids, keeping those that name nothing."""
    if not d.names:
        return
    ids: set[str] = set()
    unknown = []
    for name in d.names:
        try:
            ids |= resolve([name])
        except ValueError:
            unknown.append(name)
    d.rules, d.unknown = frozenset(ids), tuple(unknown)


def _closes(e: Directive, d: Directive) -> bool:
    """Whether `e` is an `enable` that ends the `disable` block `d` (same names, or none)."""
    return e.kind == "enable" and (not e.names or set(e.names) == set(d.names))


class Carried:
    """Directives whose reach crosses the pieces of a file linted a piece at a time.

    Each piece is linted with its own directives applied; `filter` adds what a
    piece cannot see: `disable-file` anywhere in the file (`file_wide`, found by a
    first pass) and `disable` blocks opened in an earlier piece and not yet closed.
    """

    def __init__(self, file_wide: list[Directive], resolve: Callable[[Iterable[str]], set[str]]):
        self.resolve = resolve
        self.file_wide = file_wide
        for d in file_wide:
            _resolve(d, resolve)
        self.open: list[Directive] = []

    def filter(self, parsed: list[Directive], found: list[Finding]) -> list[Finding]:
        """`found` in a piece whose own directives are `parsed`, less what earlier pieces disable."""
        carried = [(d, next((e.start for e in parsed if _closes(e, d)), None)) for d in self.open]
        kept = [f for f in found
                if not any(d.covers(f.rule_id) for d in self.file_wide)
                and not any(d.covers(f.rule_id) and (until is None or f.start < until)
                            for d, until in carried)]
        self.open = [d for d, until in carried if until is None]
        for i, d in enumerate(parsed):
            if d.kind == "disable" and not any(_closes(e, d) for e in parsed[i + 1:]):
                _resolve(d, self.resolve)
                self.open.append(d)
        return kept


def _blocks(directives: list[Directive]) -> list[tuple[Directive, int]]:
    """Each `disable` with the offset where its `enable` (same names, or a bare one) ends it."""
    out = []
    for i, d in enumerate(directives):
        if d.kind != "disable":
            continue
        until = 1 << 62
        for e in directives[i + 1:]:
            if _closes(e, d):
                until = e.start
                e.used = True
                break
        out.append((d, until))
    return out


def _next_content_line(text: str, lines: LineIndex, offset: int) -> int:
    m = re.compile(r"\S").search(text, offset)
    if m is None:
        return -1
    line = lines.position(m.start())[0]
    own = lines.position(offset)[0]
    if line == own:  # something follows the directive on its own line: the next line is meant
        nxt = text.find("\n", offset)
        if nxt < 0:
            return -1
        m = re.compile(r"\S").search(text, nxt)
        return lines.position(m.start())[0] if m else -1
    return line


def unused(text: str, directives: list[Directive], active: frozenset[str] | None,
           path: str | None) -> list[Finding]:
    """A finding for each directive that suppressed nothing (`--warn-unused-ignores`).

    Directives naming only rules outside the active selection are not reported:
    they may well be needed when those rules run.
    """
    lines = LineIndex(text)
    out = []
    for d in directives:
        if d.unknown:
            problem = f"this directive names an unknown rule or category {d.unknown[0]!r}"
        elif d.used or d.kind == "enable":
            continue
        else:
            what = f"{d.kind} {' '.join(d.names)}".strip()
            problem = f"this directive ({what}) suppresses nothing; remove it"
        if not d.unknown and active is not None and d.rules is not None and not (d.rules & active):
            continue
        line, col = lines.position(d.start)
        end_line, end_col = lines.position(d.end)
        out.append(Finding(
            rule_id=UNUSED_RULE_ID, category="directive", severity=Severity.WARNING,
            message=problem,
            start=d.start, end=d.end, line=line, column=col, end_line=end_line, end_column=end_col,
            matched=text[d.start:d.end], path=path,
        ))
    return out



# The line-comment marker for a `disable-next-line` directive in source code, by extension.
_SLASH_COMMENTS = (".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx", ".go", ".java", ".c", ".h",
                   ".cc", ".cpp", ".cxx", ".hpp", ".hh", ".rs")


@dataclass(frozen=True, slots=True)
class Insertion:
    """Text to insert at `offset` so that a directive silences one rule where it was found."""

    offset: int
    text: str
    title: str


def ignore_at(text: str, fmt: str, offset: int, rule_id: str, path: str | None = None) -> list[Insertion]:
    """Where and what to insert so that `rule_id` is ignored on the line holding `offset`, in
    the file's own comment syntax: an HTML comment at the end of the line (Markdown, HTML,
    text), a `..` comment line before it (reST; a disable/enable pair around a
    paragraph it cannot come before) or a line comment before it (code). Only the
    lines around `offset` are read, so this stays cheap in a big document."""
    start, end = _line_around(text, offset)
    indent = re.match(r"[ \t]*", text[start:end]).group(0)
    newline = "\r\n" if text[end:end + 2] == "\r\n" else "\n"
    style = _BY_FORMAT.get(fmt, "html")
    if style == "html":
        return [Insertion(end, f" <!-- inclusivelint disable-line {rule_id} -->",
                          f"Ignore {rule_id} on this line")]
    if style == "code":
        marker = "//" if (path or "").lower().endswith(_SLASH_COMMENTS) else "#"
        return [Insertion(start, f"{indent}{marker} inclusivelint: disable-next-line {rule_id}{newline}",
                          f"Ignore {rule_id} on the next line")]
    # reST: a comment line must stand apart from the paragraph, so it goes before the paragraph.
    p_start, p_end = start, end
    while p_start > 0:
        before = _line_around(text, p_start - 1)
        if not text[before[0]:before[1]].strip():
            break
        p_start = before[0]
    p_indent = re.match(r"[ \t]*", text[p_start:]).group(0)
    if p_start == start:
        return [Insertion(p_start, f"{p_indent}.. inclusivelint: disable-next-line {rule_id}{newline}{newline}",
                          f"Ignore {rule_id} on this line")]
    while (newline_at := text.find("\n", p_end)) >= 0:
        after = _line_around(text, newline_at + 1)
        if not text[after[0]:after[1]].strip():
            break
        p_end = after[1]
    return [Insertion(p_start, f"{p_indent}.. inclusivelint: disable {rule_id}{newline}{newline}",
                      f"Ignore {rule_id} in this paragraph"),
            Insertion(p_end, f"{newline}{newline}{p_indent}.. inclusivelint: enable {rule_id}",
                      f"Ignore {rule_id} in this paragraph")]


def _line_around(text: str, offset: int) -> tuple[int, int]:
    """The start and end (before any \r\n or \n) of the line holding `offset`."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    end = len(text) if end < 0 else end
    if end > start and text[end - 1] == "\r":
        end -= 1
    return start, end
