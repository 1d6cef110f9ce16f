"""Inputs: which files to lint, and their text.

Directories are walked for prose files (by extension), skipping hidden paths
and whatever the `.gitignore` files along the way ignore. Reading never raises:
a file that cannot be read or decoded becomes an `InputError` naming the file,
the line and what is wrong, and the run goes on with the other files.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from . import word

DEFAULT_EXTENSIONS = (".md", ".markdown", ".txt", ".rst", ".html", ".htm")
STDIN = "-"


@dataclass(frozen=True, slots=True)
class InputError:
    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class Document:
    path: str  # as the user named it ("-" for standard input)
    text: str
    bom: bool = False  # the file began with a byte-order mark (kept when fixing)
    streamed: bool = False  # too big to hold: linted in chunks, `text` left empty
    encoding: str = "utf-8"  # or utf-16-le / utf-16-be, as its byte-order mark said (kept when fixing)
    places: tuple[str, ...] | None = None  # a Word document: the part of the document each line is from

    @property
    def writable(self) -> bool:
        """Whether fixes can be written back: not into Word documents (see `word`)."""
        return self.places is None


def _gitignore(directory: Path):
    ignore_file = directory / ".gitignore"
    if not ignore_file.is_file():
        return None
    import pathspec

    try:
        lines = ignore_file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    return pathspec.GitIgnoreSpec.from_lines(lines)


def _ignored(specs, path: Path, is_dir: bool) -> bool:
    for base, spec in specs:
        rel = path.relative_to(base).as_posix() + ("/" if is_dir else "")
        if spec.match_file(rel):
            return True
    return False


def walk(root: Path, extensions=DEFAULT_EXTENSIONS, *, respect_gitignore: bool = True) -> Iterator[Path]:
    """Prose files below `root`, sorted, without hidden or (by default) git-ignored paths."""
    real = root.resolve()
    if not respect_gitignore:
        yield from _walk(real, root, None, tuple(e.lower() for e in extensions))
        return
    # .gitignore files between the repository's top and `root` apply inside it too.
    specs = []
    above = list(real.parents)
    top = next((i for i, p in enumerate(above) if (p / ".git").exists()), None)
    if top is not None:
        for parent in reversed(above[: top + 1]):
            spec = _gitignore(parent)
            if spec is not None:
                specs.append((parent, spec))
    yield from _walk(real, root, specs, tuple(e.lower() for e in extensions))


def _walk(real: Path, shown: Path, specs, extensions) -> Iterator[Path]:
    try:
        entries = sorted(os.scandir(real), key=lambda e: e.name)
    except OSError:
        return
    if specs is not None:
        local = _gitignore(real)
        if local is not None:
            specs = [*specs, (real, local)]
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = real / entry.name
        is_dir = entry.is_dir()
        if specs is not None and _ignored(specs, path, is_dir):
            continue
        if is_dir:
            yield from _walk(path, shown / entry.name, specs, extensions)
        elif entry.is_file() and Path(entry.name).suffix.lower() in extensions:
            yield shown / entry.name


def discover(paths: list[str], extensions=DEFAULT_EXTENSIONS, *,
             respect_gitignore: bool = True) -> tuple[list[str], list[InputError]]:
    """Expand the user's paths: files as given, directories walked, "-" for stdin."""
    files: list[str] = []
    errors: list[InputError] = []
    if word.available():  # Word documents too, when python-docx is there to read them
        extensions = tuple(extensions) + word.EXTENSIONS
    for raw in paths:
        if raw == STDIN:
            files.append(STDIN)
            continue
        path = Path(raw)
        if path.is_dir():
            files.extend(str(p) for p in walk(path, extensions, respect_gitignore=respect_gitignore))
        elif path.exists():
            files.append(raw)
        else:
            errors.append(InputError(raw, "no such file or directory"))
    return list(dict.fromkeys(files)), errors


_UTF16 = ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def decode(data: bytes, path: str, input_format: str | None = None) -> Document | InputError:
    """The text of a file's bytes: UTF-8 (with or without a byte-order mark), UTF-16 with
    one, or a Word document (by its extension, or with the input format `docx`)."""
    if input_format == "docx" or path.lower().endswith(word.EXTENSIONS):
        return word.read(data, path)
    for mark, encoding in _UTF16:
        if data.startswith(mark):
            try:
                return Document(path, data[2:].decode(encoding), True, encoding=encoding)
            except UnicodeDecodeError as exc:
                line = data[2:exc.start + 2].decode(encoding, "replace").count("\n") + 1
                return InputError(path, f"cannot decode as {encoding.upper()} (bad bytes at offset "
                                        f"{exc.start + 2})", line)
    if b"\x00" in data[:8192]:
        return InputError(path, "looks like a binary file (it contains NUL bytes); not linted")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return InputError(path, f"cannot decode as UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})", line)
    return Document(path, text, data.startswith(b"\xef\xbb\xbf"))


def read(path: str, input_format: str | None = None) -> Document | InputError:
    try:
        data = sys.stdin.buffer.read() if path == STDIN else Path(path).read_bytes()
    except OSError as exc:
        return InputError(path, f"cannot read: {exc.strerror or exc}")
    return decode(data, path, input_format)


def write(doc: Document, text: str) -> InputError | None:
    """Replace a file's text atomically: a temporary file in the same directory, then a
    rename, so an interrupted run leaves the old file or the new one, never half of one.
    The encoding, byte-order mark and permissions are kept; line endings are in `text`."""
    import tempfile

    path = Path(doc.path)
    if not os.access(path, os.W_OK):
        return InputError(doc.path, "read-only file: fixes not written")
    if not doc.writable:
        return InputError(doc.path, "cannot write fixes into a Word document; not changed")
    if doc.encoding == "utf-8":
        data = (b"\xef\xbb\xbf" if doc.bom else b"") + text.encode("utf-8")
    else:
        data = dict((e, m) for m, e in _UTF16)[doc.encoding] + text.encode(doc.encoding)
    try:
        mode = path.stat().st_mode
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".inclusivelint")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, mode & 0o7777)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError as exc:
        return InputError(doc.path, f"cannot write fixes: {exc.strerror or exc}")
    return None
