"""The language server's worker: everything that needs the linter, run in its own process.

Each call takes a `DocRef` (the document's path, language and text as the editor
holds them) and returns plain tuples with positions already in the client's units
(UTF-16 by default), so the server only wraps them into protocol objects.
Settings come from the workspace the way `check` finds them: the nearest
`pyproject.toml` / `.inclusivelint.yaml` above the file, through `Settings.options`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from pathlib import Path
from typing import NamedTuple

from inclusivelint import config
from inclusivelint.lint import directives
from inclusivelint.read import regions
from inclusivelint.errors import InclusivelintError

# LSP language ids for documents whose path does not tell the format (untitled buffers).
LANGUAGES = {"markdown": "markdown", "html": "html", "restructuredtext": "rst", "rst": "rst",
             "plaintext": "text", "text": "text"}
# Beyond this many findings a document shows only the first ones: a client slows down
# on tens of thousands of diagnostics, and the user fixes from the top anyway.
MAX_DIAGNOSTICS = 1000
FIX_ALL_KIND = "source.fixAll.inclusivelint"


class DocRef(NamedTuple):
    uri: str
    path: str | None  # the file behind a file: URI
    language: str  # the client's languageId
    text: str
    root: str | None = None  # the workspace folder, for documents without a path
    encoding: str = "utf-16"  # the negotiated position encoding
    epoch: int = 0  # goes up when a settings file is saved: results from before are stale


class Action(NamedTuple):
    title: str
    edits: tuple[tuple[tuple[int, int], tuple[int, int], str], ...]  # (start, end, new text)
    preferred: bool = False


class Diagnostic(NamedTuple):
    start: tuple[int, int]  # (line, character), 0-based, in client units
    end: tuple[int, int]
    severity: str  # error, warning, suggestion
    rule_id: str
    message: str
    url: str
    actions: tuple[Action, ...]  # its quick fixes: each one-click suggestion, then the ignore directive


class Result(NamedTuple):
    diagnostics: list[Diagnostic]  # the first MAX_DIAGNOSTICS findings
    total: int  # how many findings there are
    docs: dict[str, str]  # hover text by rule id, for the rules found
    safe_fixes: int  # how many edits "apply all safe fixes" makes
    problem: str | None = None  # the settings problem that stopped linting


class Positions:
    """Offsets in code points <-> LSP (line, character) in the client's units; lines end at
    \\n, \\r\\n or \\r, as the protocol says."""

    def __init__(self, text: str, encoding: str = "utf-16"):
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
        self.width = {"utf-8": lambda s: len(s.encode("utf-8")),
                      "utf-32": len}.get(encoding, lambda s: len(s.encode("utf-16-le")) // 2)

    def to_client(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.starts, offset) - 1
        return line, self.width(self.text[self.starts[line]:offset])

    def to_offset(self, line: int, character: int) -> int:
        if line >= len(self.starts):
            return len(self.text)
        start = self.starts[line]
        end = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)
        units, offset = 0, start
        while offset < end and units < character and self.text[offset] not in "\r\n":
            units += self.width(self.text[offset])
            offset += 1
        return offset


_last: dict[str, tuple[tuple[int, str], object, list]] = {}  # uri -> ((epoch, text), plan, findings)
_KEPT = 8


def warm() -> None:
    """Load the bundled linter before the first document arrives."""
    from inclusivelint.lint.engine import default_linter

    default_linter()


def _plan(ref: DocRef):
    """(settings, linter, lint keyword arguments) for a document, or None when it is not prose
    the settings ask to lint (an excluded path, code without include-code, JSON ...)."""
    start = Path(ref.path) if ref.path else Path(ref.root or ".")
    settings = config.load(None, start, {})
    if ref.path and settings.excluded(ref.path):
        return None
    options = settings.options(ref.path)
    linter = options.linter()
    config.check_rule_names(settings, linter.resolve, linter.rulebook.rules)
    kwargs = options.lint_kwargs(linter, path=ref.path)
    known = ref.path is not None and (Path(ref.path).suffix.lower() in regions.EXTENSIONS
                                      or Path(ref.path).suffix.lower() in regions.CODE_EXTENSIONS)
    if not options.input_format and not known:
        if ref.language not in LANGUAGES:
            return None
        kwargs["input_format"] = LANGUAGES[ref.language]
    if kwargs["input_format"] == "code" and not settings.for_path(ref.path)["include-code"]:
        return None
    return settings, linter, kwargs


def _findings(ref: DocRef):
    cached = _last.get(ref.uri)
    if cached is not None and cached[0] == (ref.epoch, ref.text):
        return cached[1], cached[2]
    plan = _plan(ref)
    found = [] if plan is None else plan[1].lint(ref.text, **plan[2])
    _last.pop(ref.uri, None)
    while len(_last) >= _KEPT:
        _last.pop(next(iter(_last)))
    _last[ref.uri] = ((ref.epoch, ref.text), plan, found)
    return plan, found


def lint(ref: DocRef) -> Result:
    """Everything the editor shows for a document, computed at once so that hover and
    quick fixes are answered without waiting for this process."""
    try:
        plan, found = _findings(ref)
    except InclusivelintError as exc:
        _last.pop(ref.uri, None)
        return Result([], 0, {}, 0, str(exc))
    if plan is None:
        return Result([], 0, {}, 0)
    book = plan[1].rulebook
    pos = Positions(ref.text, ref.encoding)
    shown = found[:MAX_DIAGNOSTICS]
    out = [Diagnostic(pos.to_client(f.start), pos.to_client(f.end), str(f.severity), f.rule_id, f.message,
                      _doc_link(book.rules[f.rule_id]) if f.rule_id in book.rules else "",
                      tuple(_quick_fixes(ref, plan[2]["input_format"], pos, f)))
           for f in shown]
    docs = {rid: describe(book, book.rules[rid]) for rid in {f.rule_id for f in shown} if rid in book.rules}
    safe = sum(1 for f in found if f.fix == "safe")
    return Result(out, len(found), docs, safe)


def _doc_link(rule) -> str:
    """The rule's documentation: its page once the project is published, else its YAML file
    (reason, sources, examples), installed or the user's own (a table row names file and id)."""
    from inclusivelint.output.render import rule_url

    from inclusivelint.compile.loader import bundled_rules_dir

    published = rule_url(rule)
    if published:
        return published
    path = Path(rule.path.partition(".yaml:")[0] + ".yaml" if ".yaml:" in rule.path else rule.path)
    if not path.is_absolute() and path.parts[:1] == ("rules",):  # a bundled rule: its installed file
        path = bundled_rules_dir().joinpath(*path.parts[1:])
    return path.resolve().as_uri() if path.is_file() else ""


def describe(book, rule) -> str:
    """A rule's hover text in Markdown: why, alternatives, fix and sources, as `explain` says them."""
    from inclusivelint.output.explain import FIX_NOTES

    lines = [f"**{rule.id}** ({rule.category}, {rule.severity})", "", rule.reason, ""]
    if rule.suggestions:
        lines += ["**Alternatives:** " + ", ".join(f"“{s}”" for s in rule.suggestions), ""]
    lines += [f"**Fix:** {rule.fix}: {FIX_NOTES[rule.fix]}", ""]
    if rule.evidence:
        lines += [f"**Evidence:** {rule.evidence} ({rule.evidence_source})", ""]
    cited = [book.sources[s] for s in rule.sources if s in book.sources]
    if cited:
        lines += ["**Sources:**", *[f"- {s.citation()}" + (f" <{s.url}>" if s.url else "") for s in cited]]
    return "\n".join(lines).rstrip()


def _quick_fixes(ref: DocRef, fmt: str, pos: Positions, f) -> list[Action]:
    """Each suggestion the fix engine can apply in one click, then ignoring the rule there."""
    from inclusivelint.fix import edits as fix

    text = ref.text
    out: list[Action] = []
    seen: set[str] = set()
    for suggestion in fix.one_click(f):
        edit = fix.edit_for(text, f, suggestion)
        if edit is None or text[edit.start:edit.end] == edit.replacement or edit.replacement in seen:
            continue
        seen.add(edit.replacement)
        out.append(Action(f"Replace “{text[edit.start:edit.end]}” with “{edit.replacement}”",
                          ((pos.to_client(edit.start), pos.to_client(edit.end), edit.replacement),),
                          preferred=len(seen) == 1 and f.fix == "safe"))
    inserts = directives.ignore_at(text, fmt, f.start, f.rule_id, ref.path)
    out.append(Action(inserts[0].title,
                      tuple((pos.to_client(i.offset), pos.to_client(i.offset), i.text) for i in inserts)))
    return out


def fix_all(ref: DocRef) -> Action | None:
    """One action that applies every safe fix in the document (the fix engine's plan)."""
    from inclusivelint.fix import edits as fix

    try:
        plan, found = _findings(ref)
    except InclusivelintError:
        return None
    edits = fix.plan(ref.text, found) if plan is not None else []
    if not edits:
        return None
    pos = Positions(ref.text, ref.encoding)
    return Action(f"Apply all safe inclusivelint fixes ({len(edits)})",
                  tuple((pos.to_client(e.start), pos.to_client(e.end), e.replacement) for e in edits))


def forget(uri: str) -> None:
    _last.pop(uri, None)
