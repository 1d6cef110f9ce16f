"""Prose of a reStructuredText document (the reST part of `regions`).

docutils builds a doctree whose size grows with the nesting of the text; a big,
deeply nested file took gigabytes. So a long document is parsed in parts of about
`PART_CHARS`, cut where a new top-level block starts (a line at the left margin
after a blank line), and a single top-level block longer than `MAX_PARSE_CHARS` is
read as plain text. Memory stays bounded by the part, whatever the file's size.
"""

from __future__ import annotations

import re
from inclusivelint.read.segments import Segment, next_block, paragraph_segments, placed

PART_CHARS = 200_000
MAX_PARSE_CHARS = 2_000_000
_TOP_LEVEL = re.compile(r"\n[ \t]*\n(?=\S)")


def rst_segments(src: str) -> list[Segment]:
    if len(src) <= PART_CHARS:
        return _doctree_segments(src)
    out: list[Segment] = []
    block = 0
    for start, end in _parts(src):
        part = src[start:end]
        found = placed(_doctree_segments(part) if len(part) <= MAX_PARSE_CHARS else paragraph_segments(part),
                       start, block)
        out.extend(found)
        block = next_block(found, block)
    return out


def _parts(src: str):
    """(start, end) of consecutive parts of about PART_CHARS, each starting a top-level block."""
    start = 0
    for m in _TOP_LEVEL.finditer(src, PART_CHARS):
        cut = m.end()
        if cut - start >= PART_CHARS:
            yield start, cut
            start = cut
    yield start, len(src)


def _doctree_segments(src: str) -> list[Segment]:
    """Prose of a reST document via docutils' doctree.

    Doctree nodes carry no columns, so each text node is placed by searching the
    source forward from a cursor, line by line; skipped nodes (literal blocks,
    comments, raw, targets, bare URLs ...) move the cursor past themselves first so
    their text is never mistaken for prose. Text docutils rewrote (escapes,
    substitutions) is not found verbatim and is left out rather than misplaced.
    """
    import io

    from docutils import nodes
    from docutils.core import publish_doctree

    skip = (nodes.literal_block, nodes.literal, nodes.raw, nodes.comment,
            nodes.problematic, nodes.target, nodes.substitution_definition, nodes.doctest_block,
            nodes.docinfo, nodes.field_name, nodes.option_list, nodes.math, nodes.math_block)
    settings = {"report_level": 5, "halt_level": 5, "file_insertion_enabled": False,
                "raw_enabled": False, "warning_stream": io.StringIO(), "input_encoding": "unicode",
                "syntax_highlight": "none"}
    try:
        doctree = publish_doctree(src, settings_overrides=settings)
    except Exception:  # docutils gives up on some malformed input: read it as plain text
        return paragraph_segments(src)
    out: list[Segment] = []
    blocks: dict[int, int] = {}
    cursor = 0

    def advance_past(text: str) -> None:
        nonlocal cursor
        for line in text.splitlines():
            line = line.strip()
            if line:
                i = src.find(line, cursor)
                if i >= 0:
                    cursor = i + len(line)

    def visit(node) -> None:
        nonlocal cursor
        if isinstance(node, nodes.system_message):
            # docutils' own words plus a copy of source already visited: searching for
            # that copy would jump the cursor past prose still to come
            return
        if isinstance(node, skip) or (
            isinstance(node, nodes.reference) and node.get("refuri") and node.astext() == node.get("refuri")
        ):
            advance_past(node.astext() if not isinstance(node, nodes.target) else node.rawsource)
            return
        if isinstance(node, nodes.Text):
            parent = node.parent
            while parent is not None and (
                not isinstance(parent, nodes.TextElement) or isinstance(parent, nodes.Inline)
            ):
                parent = parent.parent
            block = blocks.setdefault(id(parent), len(blocks))
            for line in str(node).split("\n"):
                piece = line.strip()
                if not piece:
                    continue
                i = src.find(piece, cursor)
                if i >= 0:
                    out.append(Segment(i, i + len(piece), block))
                    cursor = i + len(piece)
            return
        for child in node.children:
            visit(child)

    visit(doctree)
    return out
