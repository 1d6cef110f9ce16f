"""Find the prose in a document: a list of `Segment`s with exact source offsets.

One function per input format. Each returns the runs of text a reader would
read, in document order, grouped into blocks (a paragraph, heading, list item
or table cell); code, URLs, markup and front matter are left out.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import PurePath
from typing import Callable

from inclusivelint.read.projection import APOSTROPHES
from inclusivelint.read.rst import rst_segments
from inclusivelint.read.segments import Segment, next_block, paragraph_segments, placed

from inclusivelint.vocab import INPUT_FORMATS

EXTENSIONS = {
    ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown", ".mkd": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".txt": "text", ".text": "text",
    ".rst": "rst", ".rest": "rst",
    ".docx": "docx",
}
# Source files whose comments and docstrings are linted with --include-code.
CODE_EXTENSIONS = (
    ".py", ".pyi", ".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx", ".go", ".java", ".c", ".h",
    ".cc", ".cpp", ".cxx", ".hpp", ".hh", ".rs", ".rb", ".sh", ".bash", ".zsh", ".yaml", ".yml",
)


def format_for_path(path: str | None) -> str:
    if not path or path == "-":
        return "text"
    suffix = PurePath(path).suffix.lower()
    if suffix in CODE_EXTENSIONS:
        return "code"
    return EXTENSIONS.get(suffix, "text")


def segments(text: str, fmt: str, path: str | None = None,
             wanted: Callable[[str, frozenset[int]], bool] | None = None) -> list[Segment]:
    """The prose of `text` read as `fmt`. With `wanted` a reader may leave out prose
    that cannot matter: it asks `wanted(text, soft)` about a part's loosened source
    (see `markdown_segments`) and reads only the parts it accepts."""
    if fmt == "text":
        return paragraph_segments(text)
    if fmt == "markdown":
        return markdown_segments(text, wanted)
    if fmt == "html":
        return html_segments(text)
    if fmt == "rst":
        return rst_segments(text)
    if fmt == "code":
        return code_segments(text, path)
    if fmt == "docx":  # one paragraph per line (see `word`)
        return line_segments(text)
    raise ValueError(f"unknown input format {fmt!r} (expected one of {', '.join(INPUT_FORMATS)})")


def line_segments(text: str) -> list[Segment]:
    """Each non-blank line as its own block."""
    out, block, start = [], 0, 0
    for line in text.split("\n"):
        body = line.strip()
        if body:
            block += 1
            at = start + line.index(body)
            out.append(Segment(at, at + len(body), block))
        start += len(line) + 1
    return out


# -- Markdown ----------------------------------------------------------------

_md_parsers: dict[bool, object] = {}


def _markdown(inline: bool = True):
    """The Markdown parser; without `inline` it stops at blocks (inline content is then
    parsed block by block, with `md.inline.parse`)."""
    if inline not in _md_parsers:
        from markdown_it import MarkdownIt
        from mdit_py_plugins.front_matter import front_matter_plugin

        md = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(front_matter_plugin)
        md.disable("text_join")  # keep escapes and entities apart so text stays verbatim
        if not inline:
            md.disable("inline")
        _md_parsers[inline] = md
    return _md_parsers[inline]


class _Cursor:
    """A forward-only position in the source, used to place inline tokens."""

    def __init__(self, src: str, pos: int, limit: int):
        self.src, self.pos, self.limit = src, pos, limit

    def find(self, needle: str) -> int:
        if not needle:
            return -1
        return self.src.find(needle, self.pos, self.limit)

    def skip(self, needle: str) -> None:
        i = self.find(needle)
        if i >= 0:
            self.pos = i + len(needle)


def _line_starts(src: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", src)] + [len(src) + 1]


def markdown_segments(src: str, wanted: Callable[[str, frozenset[int]], bool] | None = None) -> list[Segment]:
    """Prose of a Markdown document. Block quotes and lists nested deeper than the
    parser goes (`maxNesting`, 20 levels) come back as an empty container: its lines
    are linted as plain text instead of being left out.

    The document's blocks are parsed whole; the inline content of a block (emphasis,
    links, code spans), the larger part of the parsing, only where `wanted` accepts its
    loosened text (`_loosened`), and in the block before each such block, where a
    context may look (a person named in the paragraph before a pronoun, `context`):
    most blocks of a long document hold nothing a rule could match."""
    starts = _line_starts(src)
    md = _markdown()
    env: dict = {}
    tokens = md.parse(src, env) if wanted is None else _markdown(inline=False).parse(src, env)
    found: dict[int, list[Segment]] = {}  # token index -> its segments (blocks numbered from 0)

    def lines(tok) -> tuple[int, int]:  # the source offsets of a token's lines
        first, last = tok.map
        return starts[first], min(starts[min(last, len(starts) - 1)], len(src))

    def read(i: int) -> list[Segment]:
        if i not in found:
            tok = tokens[i]
            if tok.type == "inline":
                if wanted is not None:  # the blocks were parsed without their inline content
                    tok.children = []
                    md.inline.parse(tok.content, md, env, tok.children)
                found[i] = []
                _inline(tok.children, _Cursor(src, *lines(tok)), found[i], 0)
            else:  # a container nested too deep for the parser: its lines as plain text
                found[i] = paragraph_segments(src, *lines(tok))
        return found[i]

    blocks = [i for i, tok in enumerate(tokens)
              if tok.map and (tok.type == "inline" or (tok.nesting == 1 and tok.level >= md.options.maxNesting - 1
                                                      and i + 1 < len(tokens) and tokens[i + 1].nesting == -1))]
    if wanted is None:
        chosen = blocks
    else:
        keep: set[int] = set()
        for n, i in enumerate(blocks):
            if tokens[i].type == "inline" and not wanted(*_loosened(tokens[i].content)):
                continue
            keep.add(i)
            for j in reversed(blocks[:n]):  # back to the nearest block with prose
                keep.add(j)
                if read(j):
                    break
        chosen = [i for i in blocks if i in keep]
    out: list[Segment] = []
    block = 0
    for i in chosen:
        segs = placed(read(i), 0, block)
        out.extend(segs)
        block = next_block(segs, block)
    return out


# What the loosened text of a block leaves out: markup that prose may read through, and
# whitespace that reads as one space (a line break with the quote marks after it).
_LOOSE = re.compile(r"""
    (?P<markup> <[^<>\n]*>                      # inline HTML, autolinks
      | &\#?\w+;                               # entities
      | \\[!-/:-@\[-`{-~]                       # escapes
      | \]\([^)\n]*\) | \]\[[^\]\n]*\]          # link destinations and references
      | [*~_\[\]]|!\[ )                        # emphasis, strikethrough, brackets
    | (?P<space> [ \t]*\n[\s>]* | [ \t]{2,} | [^\S \n] )
""", re.X)
# Whatever `_loosened` would change: markup characters, odd whitespace, curly apostrophes.
_MARKED = re.compile("[<&\\\\\\]*~_\\[!\u2018\u2019\u02bc]|[^\\S ]| {2}")


def _loosened(source: str) -> tuple[str, frozenset[int]]:
    """A block's inline source as its prose could read, for a needle scan that must never
    miss, and the offsets in it where markup was taken out (`Prefilter.may_hold`). Markup is
    dropped (the projection reads through emphasis and links, and the scan does not
    rule out a token edge where markup was), whitespace and line breaks with their
    quote marks read as one space, curly apostrophes as straight ones."""
    if not _MARKED.search(source):  # plain words and single spaces: read as they are
        return source, frozenset()
    out: list[str] = []
    soft: set[int] = set()
    size = pos = 0
    for m in _LOOSE.finditer(source):
        piece = source[pos:m.start()]
        out.append(piece)
        size += len(piece)
        if m.lastgroup == "markup":
            soft.add(size)
        else:
            out.append(" ")
            size += 1
        pos = m.end()
    out.append(source[pos:])
    return APOSTROPHES.sub("'", "".join(out)), frozenset(soft)


def _inline(children, cur: _Cursor, out: list[Segment], block: int) -> None:
    in_autolink = False
    glue: bool | None = None  # how the next text run joins the previous one
    for ch in children:
        kind = ch.type
        if kind == "text":
            if in_autolink or not ch.content:
                continue
            i = cur.find(ch.content)
            if i >= 0:
                out.append(Segment(i, i + len(ch.content), block, glue))
                cur.pos = i + len(ch.content)
                glue = None
        elif kind == "code_inline":
            cur.skip(ch.markup)
            cur.skip(ch.markup)
            glue = False
        elif kind == "html_inline":
            cur.skip(ch.content)
            glue = False
        elif kind == "text_special":
            cur.skip(ch.markup or ch.content)
        elif kind == "image":
            cur.skip("![")
            _inline(ch.children or [], cur, out, block)
            _skip_destination(cur)
            glue = False
        elif kind == "link_open":
            in_autolink = ch.markup == "autolink"
            if in_autolink:
                cur.skip("<")
            else:
                cur.skip("[")
        elif kind == "link_close":
            if in_autolink:
                cur.skip(">")
                in_autolink = False
                glue = False
            else:
                _skip_destination(cur)
                glue = True


def _skip_destination(cur: _Cursor) -> None:
    """Past `](url "title")`, `][ref]` or the `]` of a shortcut reference."""
    j = cur.find("]")
    if j < 0:
        return
    nxt = cur.src[j + 1:j + 2]
    cur.pos = j + 1
    if nxt == "(":
        depth, k = 0, j + 1
        while k < cur.limit:
            c = cur.src[k]
            if c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
                if depth == 0:
                    cur.pos = k + 1
                    return
            k += 1
    elif nxt == "[":
        cur.pos = j + 1
        cur.skip("]")


# -- HTML ----------------------------------------------------------------------

_SKIP_TAGS = {"script", "style", "code", "pre", "kbd", "samp", "var", "textarea",
              "template", "svg", "math", "head"}
_INLINE_TAGS = {"a", "abbr", "b", "bdi", "bdo", "cite", "data", "dfn", "em", "i", "mark", "q",
                "s", "small", "span", "strong", "sub", "sup", "time", "u", "wbr", "del", "ins"}
_VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
              "source", "track", "wbr"}


class _HTMLProse(HTMLParser):
    def __init__(self, src: str):
        super().__init__(convert_charrefs=False)
        self.src = src
        self.starts = _line_starts(src)
        self.skip: list[str] = []
        self.block = 0
        self.glue: bool | None = None  # how the next text run joins the previous one
        self.out: list[Segment] = []

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.starts[line - 1] + col

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP_TAGS and tag not in _VOID_TAGS:
            self.skip.append(tag)
        elif not self.skip:
            self._attributes(attrs)
        self._tag(tag)

    def handle_startendtag(self, tag, attrs):
        if not self.skip:
            self._attributes(attrs)
        self._tag(tag)

    def _attributes(self, attrs):
        """alt and title text is prose a reader meets; each value is its own block."""
        wanted = [(name, value) for name, value in attrs if name in ("alt", "title") and value and value.strip()]
        if not wanted:
            return
        raw = self.get_starttag_text() or ""
        base = self._offset()
        for name, value in wanted:
            m = re.search(r"\b" + name + r"\s*=\s*([\"']?)", raw, re.I)
            if not m:
                continue
            i = raw.find(value, m.end())
            if i == m.end():  # verbatim (no entities): exact offsets
                self.block += 1
                self.out.append(Segment(base + i, base + i + len(value), self.block))
                self.block += 1

    def handle_endtag(self, tag):
        if self.skip and self.skip[-1] == tag:
            self.skip.pop()
        elif tag in self.skip:
            while self.skip and self.skip.pop() != tag:
                pass
        self._tag(tag)

    def _tag(self, tag):
        if tag not in _INLINE_TAGS:
            self.block += 1
        elif self.glue is None:
            self.glue = True  # prose reads straight through <em>, <a>, <span> ...

    def handle_entityref(self, name):
        self.glue = False

    def handle_charref(self, name):
        self.glue = False

    def handle_data(self, data):
        if self.skip or not data.strip():
            return
        start = self._offset()
        self.out.append(Segment(start, start + len(data), self.block, self.glue))
        self.glue = None


def html_segments(src: str) -> list[Segment]:
    parser = _HTMLProse(src)
    parser.feed(src)
    parser.close()
    return parser.out


# -- source code comments ---------------------------------------------------------

_COMMENT_MARKERS = re.compile(r"^[ \t]*(?:#+|//+|/\*+|\*+/?|--|;+|!)?[ \t]*")


def code_segments(src: str, path: str | None) -> list[Segment]:
    """Comments and docstrings of a source file (never identifiers or string literals).

    Each comment line becomes a segment without its comment markers; consecutive
    comment lines form one block, so a sentence wrapped over several `#` lines
    still reads as one.
    """
    from pygments.lexers import get_lexer_for_filename
    from pygments.token import Comment, String
    from pygments.util import ClassNotFound

    try:
        lexer = get_lexer_for_filename(path or "x.txt", stripnl=False, ensurenl=False)
    except ClassNotFound:
        return []
    out: list[Segment] = []
    block, last_line_end = 0, -2
    for index, kind, value in lexer.get_tokens_unprocessed(src):
        if not (kind in Comment or kind in String.Doc) or kind in Comment.Hashbang or kind in Comment.Preproc:
            continue
        if kind in String.Doc:
            body = value.strip("\"'")
            value_start = index + value.find(body) if body else index
            block += 1
            out.extend(paragraph_segments(src, value_start, value_start + len(body), block))
            block = out[-1].block + 1 if out else block
            continue
        line_start = src.rfind("\n", 0, index) + 1
        if src.count("\n", last_line_end + 1, index) > 1 or not src[line_start:index].strip() == "":
            block += 1  # a gap, or a comment after code on its line, starts a new block
        offset = index
        for line in value.splitlines(keepends=True):
            m = _COMMENT_MARKERS.match(line)
            body = line[m.end():].rstrip()
            if body.endswith("*/"):
                body = body[:-2].rstrip()
            if body:
                start = offset + m.end()
                out.append(Segment(start, start + len(body), block))
            offset += len(line)
        last_line_end = index + len(value)
    return out
