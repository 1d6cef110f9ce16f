"""The text of an opened file: UTF-8 text as it is, a Word document's paragraphs, and a
clear refusal for anything else (a PDF, an image, text in another encoding)."""

from __future__ import annotations

import io
import zipfile

from inclusivelint.web.body import ApiError

_TEXT_FORMATS = {".md": "markdown", ".markdown": "markdown", ".mdown": "markdown", ".mkd": "markdown",
                 ".html": "html", ".htm": "html", ".xhtml": "html"}


def extract(name: str, data: bytes) -> dict:
    """{text, format} for a file called `name` holding `data`; ApiError 422 if it has no text."""
    lower = name.lower()
    if lower.endswith(".docx"):
        return {"text": _docx_text(name, data), "format": "text"}
    if lower.endswith((".doc", ".pdf", ".odt", ".rtf", ".pages")):
        raise ApiError(422, f"{name} is not a format this page reads; save it as .docx or plain text")
    if b"\x00" in data[:8192]:
        raise ApiError(422, f"{name} is a binary file, not text; open a text, Markdown, HTML or .docx file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ApiError(422, f"{name} is not UTF-8 text (byte {exc.start + 1} cannot be read); "
                            "save it as UTF-8 and open it again") from None
    dot = lower.rfind(".")
    return {"text": text, "format": _TEXT_FORMATS.get(lower[dot:], "text") if dot >= 0 else "text"}


def _docx_text(name: str, data: bytes) -> str:
    """The paragraphs of a .docx (table cells too), one per line, blank lines between."""
    try:
        import docx
    except ImportError:  # pragma: no cover - the web extra installs it
        raise ApiError(422, "reading .docx files needs python-docx (pip install 'inclusivelint[web]')") from None
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ApiError(422, f"{name} could not be read as a Word document ({type(exc).__name__})") from None
    paragraphs = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            paragraphs += [cell.text for cell in row.cells]
    return "\n\n".join(p for p in paragraphs if p.strip()) + "\n"
