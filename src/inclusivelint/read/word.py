"""Word documents (.docx) as text: one line per paragraph, so a finding's line is its paragraph.

`source.read` calls `read` for a .docx file (needs the `docx` extra, python-docx).
The text holds, in this order: the body's paragraphs and tables (each cell's
paragraphs, row by row, nested tables included), then each section's headers
and footers, then the comments. `Document.places` names the part each line comes
from ("body", "table 1, row 2, cell 3", "header", "comment 1 by Ann"), and the
input format `docx` reads each line as its own paragraph.

Word documents are read, never written: `--fix` refuses them (a run's formatting
cannot always survive a replacement that spans runs), so no file is ever broken.
"""

from __future__ import annotations

import io
import zipfile

EXTENSIONS = (".docx",)
# A soft line break, tab or carriage return inside a paragraph reads as a space, so a
# paragraph stays on one line and its offsets stay the paragraph's own.
_FLATTEN = str.maketrans({"\n": " ", "\r": " ", "\v": " ", "\f": " "})


def available() -> bool:
    """Whether python-docx is installed (asked without importing it: walking a directory
    must not pay for a Word reader it may never use)."""
    from importlib.util import find_spec

    return find_spec("docx") is not None


def read(data: bytes, path: str):
    """A `source.Document` for a .docx file's bytes, or a `source.InputError` saying what is wrong."""
    from inclusivelint.read.source import Document, InputError

    try:
        import docx
    except ModuleNotFoundError:
        return InputError(path, 'reading Word documents needs the docx extra: pip install "inclusivelint[docx]"')
    if not zipfile.is_zipfile(io.BytesIO(data)):
        return InputError(path, "not a Word document (.docx files are zip archives); not linted")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds (KeyError, ValueError, XML errors)
        return InputError(path, f"cannot read as a Word document: {exc}")
    lines: list[str] = []
    places: list[str] = []

    def add(paragraphs, place: str) -> None:
        for paragraph in paragraphs:
            lines.append(paragraph.text.translate(_FLATTEN))
            places.append(place)

    tables = [0]

    def content(container, place: str) -> None:
        for block in container.iter_inner_content():
            if hasattr(block, "rows"):
                table(block)
            else:
                add([block], place)

    def table(tbl) -> None:
        tables[0] += 1
        number = tables[0]
        for r, row in enumerate(tbl.rows, 1):
            seen = set()
            for c, cell in enumerate(row.cells, 1):
                if id(cell._tc) in seen:  # a merged cell repeats in every column it spans
                    continue
                seen.add(id(cell._tc))
                content(cell, f"table {number}, row {r}, cell {c}")

    content(document, "body")
    for s, section in enumerate(document.sections, 1):
        for name, part in (("header", section.header), ("first-page header", section.first_page_header),
                           ("even-page header", section.even_page_header), ("footer", section.footer),
                           ("first-page footer", section.first_page_footer),
                           ("even-page footer", section.even_page_footer)):
            if part.is_linked_to_previous:
                continue  # the previous section's (or no) header: read once
            where = name if len(document.sections) == 1 else f"{name} of section {s}"
            content(part, where)
    for n, comment in enumerate(document.comments, 1):
        who = f" by {comment.author}" if comment.author else ""
        add(comment.paragraphs, f"comment {n}{who}")
    return Document(path, "\n".join(lines), places=tuple(places))


def locate(findings, places: tuple[str, ...]):
    """Name the part of the document each finding is in (its line is its paragraph)."""
    from dataclasses import replace

    return [replace(f, place=places[f.line - 1]) if 0 < f.line <= len(places) else f for f in findings]
