"""Inputs: which files to lint, and their text; and writing fixed text back.

Directories are walked for prose files (by extension), skipping hidden paths
and whatever the `.gitignore` files along the way ignore. Links are followed
inside the tree; a link that leaves it is skipped with a warning (unless
`follow_links`), and one that leads back into a directory being walked (a
loop) is named and not followed. Reading never raises: a file or directory that
cannot be read or decoded becomes an `InputError` naming it (with the line and
byte offset where decoding failed), and the run goes on with the other files.
UTF-8 (with or without a byte-order mark) and UTF-16 with a byte-order mark are
read, and fixed text is written back in the same encoding.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from inclusivelint.read import word
from inclusivelint.errors import InputError

DEFAULT_EXTENSIONS = (".md", ".markdown", ".txt", ".rst", ".html", ".htm")
STDIN = "-"

# Byte-order marks we read, longest first (a UTF-32 LE mark starts like UTF-16 LE's).
_BOMS = (
    (b"\xff\xfe\x00\x00", None), (b"\x00\x00\xfe\xff", None),  # UTF-32: named, not read
    (b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"),
)
__all__ = ["DEFAULT_EXTENSIONS", "STDIN", "Document", "InputError", "discover", "walk", "read", "decode",
           "write", "sniff"]


@dataclass(frozen=True, slots=True)
class Document:
    path: str  # as the user named it ("-" for standard input)
    text: str
    bom: bool = False  # the file began with a byte-order mark (kept when fixing)
    streamed: bool = False  # too big to hold: linted in chunks, `text` left empty
    encoding: str = "utf-8"  # utf-8, utf-16-le or utf-16-be (written back the same way)
    digest: str = ""  # of the bytes read: a fix is written only over those same bytes
    places: tuple[str, ...] | None = None  # a Word document: the part of the document each line is from

    @property
    def writable(self) -> bool:
        """Whether fixes can be written back: not into Word documents (see `word`)."""
        return self.places is None

    def encode(self, text: str) -> bytes:
        mark = next((m for m, enc in _BOMS if enc == self.encoding), b"") if self.bom else b""
        return mark + text.encode(self.encoding)


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def sniff(head: bytes) -> tuple[str | None, int]:
    """The encoding a file's first bytes announce, and the byte-order mark's length:
    ("utf-8", 0) without a mark, (None, n) for a mark we do not read (UTF-32)."""
    for mark, encoding in _BOMS:
        if head.startswith(mark):
            return encoding, len(mark)
    return "utf-8", 0


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
        if not path.is_relative_to(base):
            continue
        rel = path.relative_to(base).as_posix() + ("/" if is_dir else "")
        if spec.match_file(rel):
            return True
    return False


def walk(root: Path, extensions=DEFAULT_EXTENSIONS, *, respect_gitignore: bool = True,
         follow_links: bool = False, notes: list[InputError] | None = None) -> Iterator[Path]:
    """Prose files below `root`, sorted, without hidden or (by default) git-ignored paths.
    What is skipped or cannot be read is appended to `notes` (see the module's doc)."""
    real = Path(os.path.realpath(root))
    extensions = tuple(e.lower() for e in extensions)
    walker = _Walker(real, extensions, follow_links, notes if notes is not None else [])
    if not respect_gitignore:
        yield from walker.walk(real, root, None)
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
    yield from walker.walk(real, root, specs)


class _Walker:
    def __init__(self, root: Path, extensions: tuple[str, ...], follow_links: bool, notes: list[InputError]):
        self.root, self.extensions, self.follow_links, self.notes = root, extensions, follow_links, notes
        self.active: dict[tuple[int, int], Path] = {}  # directories being walked (dev, inode) -> shown path
        self.done: set[tuple[int, int]] = set()
        self.files: set[tuple[int, int]] = set()

    def walk(self, real: Path, shown: Path, specs) -> Iterator[Path]:
        try:
            st = os.stat(real)
            key = (st.st_dev, st.st_ino)
            entries = sorted(os.scandir(real), key=lambda e: e.name)
        except OSError as exc:
            self.notes.append(InputError(str(shown), f"cannot read directory: {exc.strerror or exc}"))
            return
        if key in self.done:
            return  # reached again through a link: its files are already listed
        self.active[key] = shown
        if specs is not None:
            local = _gitignore(real)
            if local is not None:
                specs = [*specs, (real, local)]
        for entry in entries:
            if entry.name.startswith("."):
                continue
            yield from self._entry(entry, real / entry.name, shown / entry.name, specs)
        del self.active[key]
        self.done.add(key)

    def _entry(self, entry: os.DirEntry, path: Path, shown: Path, specs) -> Iterator[Path]:
        prose = Path(entry.name).suffix.lower() in self.extensions
        is_link = False
        try:
            is_link = entry.is_symlink()
            st = os.stat(path)  # through links
        except OSError as exc:
            if is_link and (prose or exc.errno == errno.ELOOP):
                what = "symbolic link loop" if exc.errno == errno.ELOOP else "broken symbolic link"
                self.notes.append(InputError(str(shown), f"{what} ({_link_text(path)}); not linted",
                                             warning=not prose))
            elif prose:
                self.notes.append(InputError(str(shown), f"cannot read: {exc.strerror or exc}"))
            return

        is_dir = stat.S_ISDIR(st.st_mode)
        if specs is not None and _ignored(specs, path, is_dir):
            return
        if not is_dir and not (prose and stat.S_ISREG(st.st_mode)):
            return
        if is_link:
            target = Path(os.path.realpath(path))
            if is_dir and (st.st_dev, st.st_ino) in self.active:
                back = self.active[(st.st_dev, st.st_ino)]
                self.notes.append(InputError(str(shown), f"symbolic link loop: leads back to {back}; not followed",
                                             warning=True))
                return
            if not self.follow_links and not target.is_relative_to(self.root):
                self.notes.append(InputError(str(shown), f"symbolic link to {target}, outside {self.root}; "
                                                         "skipped (--follow-links lints it)", warning=True))
                return
        if is_dir:  # through the link's own path, so .gitignore patterns apply where it stands
            yield from self.walk(path, shown, specs)
        elif (st.st_dev, st.st_ino) not in self.files:  # one file under two names is linted (and fixed) once
            self.files.add((st.st_dev, st.st_ino))
            yield shown


def _link_text(path: Path) -> str:
    try:
        return f"-> {os.readlink(path)}"
    except OSError:
        return "unreadable"


def discover(paths: list[str], extensions=DEFAULT_EXTENSIONS, *, respect_gitignore: bool = True,
             follow_links: bool = False) -> tuple[list[str], list[InputError]]:
    """Expand the user's paths: files as given, directories walked, "-" for stdin.
    Returns the files and what the user should be told (errors and warnings)."""
    files: list[str] = []
    notes: list[InputError] = []
    if word.available():  # Word documents too, when python-docx is there to read them
        extensions = tuple(extensions) + word.EXTENSIONS
    for raw in paths:
        if raw == STDIN:
            files.append(STDIN)
            continue
        path = Path(raw)
        try:
            path.stat()
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                notes.append(InputError(raw, "symbolic link loop; not linted"))
            elif path.is_symlink():
                notes.append(InputError(raw, f"broken symbolic link ({_link_text(path)})"))
            else:
                notes.append(InputError(raw, "no such file or directory" if isinstance(exc, FileNotFoundError)
                                        else f"cannot read: {exc.strerror or exc}"))
            continue
        if path.is_dir():
            found = [str(p) for p in walk(path, extensions, respect_gitignore=respect_gitignore,
                                          follow_links=follow_links, notes=notes)]
            if not found:
                notes.append(InputError(raw, "no prose files here (looked for "
                                             f"{' '.join(extensions)}); nothing linted", warning=True))
            files.extend(found)
        else:
            files.append(raw)
    return list(dict.fromkeys(files)), notes


def decode(data: bytes, path: str, input_format: str | None = None) -> Document | InputError:
    """The text of a file's bytes: UTF-8 (with or without a byte-order mark), UTF-16 with
    one, or a Word document (by its extension, or with the input format `docx`)."""
    if input_format == "docx" or path.lower().endswith(word.EXTENSIONS):
        return word.read(data, path)
    encoding, skip = sniff(data[:4])
    if encoding is None:
        return InputError(path, "UTF-32 text (byte-order mark at offset 0) is not supported; "
                                "save it as UTF-8 to lint it")
    if encoding == "utf-8" and b"\x00" in data[:8192]:
        at = data.index(b"\x00")
        return InputError(path, f"looks like a binary file (a NUL byte at offset {at}; UTF-16 needs a "
                                "byte-order mark); not linted")
    try:
        text = data[skip:].decode(encoding)
    except UnicodeDecodeError as exc:
        at = skip + exc.start
        line = data[skip:at].decode(encoding, "replace").count("\n") + 1
        name = {"utf-8": "UTF-8", "utf-16-le": "UTF-16 LE", "utf-16-be": "UTF-16 BE"}[encoding]
        return InputError(path, f"cannot decode as {name} ({exc.reason}: byte 0x{data[at]:02x} at offset {at}); "
                                "not linted", line)
    return Document(path, text, skip > 0, encoding=encoding, digest=_digest(data))


def read(path: str, input_format: str | None = None) -> Document | InputError:
    try:
        data = sys.stdin.buffer.read() if path == STDIN else Path(path).read_bytes()
    except OSError as exc:
        return InputError(path, f"cannot read: {exc.strerror or exc}")
    return decode(data, path, input_format)


def write(doc: Document, text: str) -> InputError | None:
    """Write a fixed text over the file `doc` was read from, in its encoding and byte-order
    mark, keeping its permissions.

    A symbolic link is written through: its target changes, the link stays. The new bytes
    go to a temporary file beside the target, which then replaces it (`os.replace`), so an
    interrupted run leaves the old file or the new one, never half of one. A file with
    other hard links is instead rewritten in place from that temporary copy, so every
    name still shows the same file. The write is refused when the file no longer holds the
    bytes that were linted (another run fixed it meanwhile): an update is never lost.
    Fixers of one directory take turns (a lock on the directory)."""
    import tempfile

    if not doc.writable:
        return InputError(doc.path, "cannot write fixes into a Word document; not changed")
    target = Path(os.path.realpath(doc.path))
    data = doc.encode(text)
    try:
        with _locked(target.parent):
            if not os.access(target, os.W_OK):
                return InputError(doc.path, "read-only file: fixes not written")
            st = target.stat()
            if doc.digest and _digest(target.read_bytes()) != doc.digest:
                return InputError(doc.path, "changed since it was read (another run fixing it?); "
                                            "fixes not written, run again")
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".inclusivelint")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                    fh.flush()
                    os.fsync(fh.fileno())
                if st.st_nlink > 1:
                    try:
                        _overwrite(target, data)
                    except OSError as exc:  # the copy is kept: it is the only whole fixed text
                        return InputError(doc.path, f"cannot write fixes in place ({exc.strerror or exc}); "
                                                    f"the fixed text is in {tmp}")
                    os.unlink(tmp)
                else:
                    os.chmod(tmp, st.st_mode & 0o7777)
                    os.replace(tmp, target)
            except BaseException:
                if os.path.exists(tmp):
                    os.unlink(tmp)
                raise
    except OSError as exc:
        return InputError(doc.path, f"cannot write fixes: {exc.strerror or exc}")
    return None


def _overwrite(target: Path, data: bytes) -> None:
    """Rewrite a hard-linked file's bytes in place (the inode, and so every link, stays)."""
    with open(target, "r+b") as fh:
        fh.write(data)
        fh.truncate()
        fh.flush()
        os.fsync(fh.fileno())


@contextmanager
def _locked(directory: Path):
    """An exclusive lock on `directory` for as long as the block runs (POSIX; elsewhere
    the check of the file's bytes before writing still guards against lost updates)."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock
