"""What the API does, without HTTP: lint, summarise, fix and explain one text.

A `Checker` wraps one `Linter` (from the engine's cache). Request handlers call it
from worker threads, several at once (`jobs` bounds how many); a linter only reads
its compiled rules, and spaCy's tokenizer runs under the GIL, so checks need no lock.
At most `MAX_FINDINGS` findings are rendered (each with its replacement previews);
the answer says when there were more (`truncated`; `total` counts those found, and a
long text stops being linted once there are more than can be shown). Each operation takes a
`checkpoint` that raises once the check was cancelled. Nothing here touches the disk
or logs the text.
"""

from __future__ import annotations

import difflib

from inclusivelint import __version__
from inclusivelint.analysis import analyze, get_profile
from inclusivelint.config import LintOptions
from inclusivelint.lint.engine import Linter
from inclusivelint.output.explain import evidence_dict, rule_dict
from inclusivelint.lint.finding import Finding
from inclusivelint.fix.edits import Edit, apply_edits, edit_for, plan, sentence_preview
from inclusivelint.output.render import JSON_VERSION
from inclusivelint.web.body import ApiError
from inclusivelint.web.jobs import Checkpoint, never_cancelled
from inclusivelint.web.payload import FixRequest, LintRequest, Replacement

MAX_FINDINGS = 1000  # rendered in one answer: a page of flags a person can still read
_CHECK_EVERY = 200  # findings rendered between two checkpoints
PART_CHARS = 16_000  # a longer text is linted in parts of about this size (at most 4x)


def finding_id(finding: Finding) -> str:
    """Names one finding of one text: the rule and the span, e.g. `rockstar@46-54`."""
    return f"{finding.rule_id}@{finding.start}-{finding.end}"


class Checker:
    """The API's operations under one set of lint options (a configuration's, or the
    defaults). The linter comes from the engine's one cache on every call, so edits to
    extra rules are seen; a `linter` given explicitly is used as it is."""

    def __init__(self, options: LintOptions | None = None, linter: Linter | None = None):
        self.options = options or LintOptions()
        self._pinned = linter

    @property
    def linter(self) -> Linter:
        return self._pinned if self._pinned is not None else self.options.linter()

    # -- the API ---------------------------------------------------------------
    def lint(self, req: LintRequest, checkpoint: Checkpoint = never_cancelled) -> dict:
        checkpoint()
        findings = self._findings(req.text, req.format, req.profile, checkpoint)
        return self._result(req.text, req.format, req.profile, findings, checkpoint)

    def fix(self, req: FixRequest, checkpoint: Checkpoint = never_cancelled) -> dict:
        findings = self._findings(req.text, req.format, req.profile, checkpoint)
        checkpoint()
        if req.replacement is not None:
            edits = [self._chosen_edit(req.text, findings, req.replacement)]
        else:
            chosen = findings if req.findings is None else _select(findings, req.findings)
            edits = plan(req.text, chosen, unsafe=req.unsafe)
        text = apply_edits(req.text, edits)
        if edits:
            findings = self._findings(text, req.format, req.profile, checkpoint)
        return {**self._result(text, req.format, req.profile, findings, checkpoint), "text": text,
                "applied": len(edits),
                "edits": [{"start": e.start, "end": e.end, "replacement": e.replacement} for e in edits]}

    def rules(self) -> dict:
        book = self.linter.rulebook
        rules = sorted(book.rules.values(), key=lambda r: (r.category, r.id))
        return {"version": JSON_VERSION, "rules": [rule_dict(r, book.sources) for r in rules]}

    def rule(self, rule_id: str) -> dict:
        book = self.linter.rulebook
        rule = book.rules.get(rule_id)
        if rule is None:
            close = difflib.get_close_matches(rule_id, list(book.rules), n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise ApiError(404, f"unknown rule {rule_id!r}{hint}")
        return rule_dict(rule, book.sources)

    # -- helpers ------------------------------------------------------------------
    def _findings(self, text: str, fmt: str, profile: str | None,
                  checkpoint: Checkpoint = never_cancelled) -> list[Finding]:
        """The text's findings. A long text is linted in parts (`stream`), and linting
        stops once more than MAX_FINDINGS were found: a megabyte of flagged words
        is answered in seconds, and the page shows no more than that anyway."""
        linter = self.linter
        kwargs = self.options.lint_kwargs(linter)
        kwargs.update(input_format=fmt, warn_unused=False)
        if profile is not None:  # the page's profile decides whether the job-ad checks run
            kwargs["document"] = get_profile(profile).runs("requirements")
        if len(text) <= PART_CHARS:
            return linter.lint(text, **kwargs)
        import io

        from inclusivelint.read.stream import lint_file

        path = kwargs.pop("path", None)
        del kwargs["warn_unused"]
        fmt = kwargs.pop("input_format")
        found: list[Finding] = []
        for i, finding in enumerate(lint_file(path or "-", linter=linter, input_format=fmt, display_path=path,
                                              chunk_chars=PART_CHARS, opener=lambda: io.StringIO(text, newline=""),
                                              **kwargs)):
            if i % _CHECK_EVERY == 0:
                checkpoint()
            found.append(finding)
            if len(found) > MAX_FINDINGS:
                break
        return found

    def _result(self, text: str, fmt: str, profile: str | None, findings: list[Finding],
                checkpoint: Checkpoint) -> dict:
        checkpoint()
        summary = None
        if profile is not None:
            summary = analyze(text, findings, profile, input_format=fmt,
                              document_rules=self.linter.rulebook.document_rules).as_dict()
        shown = findings[:MAX_FINDINGS]
        rendered = []
        for i, f in enumerate(shown):
            if i % _CHECK_EVERY == 0:
                checkpoint()
            rendered.append(self._finding_dict(text, i, f))
        return {
            "version": JSON_VERSION,
            "tool": {"name": "inclusivelint", "version": __version__},
            "findings": rendered,
            "total": len(findings),
            "truncated": len(findings) > len(shown),
            "analysis": summary,
            "sources": self._sources(shown, summary),
        }

    def _finding_dict(self, text: str, index: int, finding: Finding) -> dict:
        """`Finding.as_dict()` plus what the page needs: an index and id to name it by; for
        each suggestion the words that would replace the flagged ones and the whole sentence
        as it would read (null: advice, or nothing that fits this sentence); and the rule's
        evidence grade with its citation (null: not graded)."""
        book = self.linter.rulebook
        rule = book.rules.get(finding.rule_id)
        edits = [edit_for(text, finding, s) for s in finding.suggestions]
        return {**finding.as_dict(), "index": index, "id": finding_id(finding),
                "replacements": [None if e is None else e.replacement for e in edits],
                "previews": [None if e is None else sentence_preview(text, e) for e in edits],
                "evidence": evidence_dict(rule, book.sources) if rule is not None else None}

    def _sources(self, findings: list[Finding], summary: dict | None) -> dict:
        """The cited sources the findings and the summary name, by id."""
        ids = {s for f in findings for s in f.sources}
        if summary:
            coding = summary.get("gender_coding") or {}
            ids.update(coding.get("sources", ()))
            for part in (summary.get("requirements") or []) + (summary.get("statements") or []):
                ids.update(part.get("sources", ()))
        known = self.linter.rulebook.sources
        return {i: {"title": known[i].title, "publisher": known[i].publisher, "year": known[i].year,
                    "authors": known[i].authors, "url": known[i].url}
                for i in sorted(ids) if i in known}

    @staticmethod
    def _chosen_edit(text: str, findings: list[Finding], want: Replacement) -> Edit:
        for finding in findings:
            if (finding.start, finding.end, finding.rule_id) == (want.start, want.end, want.rule_id):
                break
        else:
            raise ApiError(409, f"there is no {want.rule_id} finding at {want.start}-{want.end} in this "
                                "text; check the text again")
        if want.suggestion not in finding.suggestions:
            raise ApiError(422, f"replacement.suggestion: {want.suggestion!r} is not one of the "
                                f"suggestions for {want.rule_id}")
        edit = edit_for(text, finding, want.suggestion)
        if edit is None:
            raise ApiError(422, f"“{want.suggestion}” is advice here, not words that can replace "
                                f"“{finding.matched}”; rewrite the sentence by hand")
        return edit


def _select(findings: list[Finding], wanted: tuple[int | str, ...]) -> list[Finding]:
    """Findings named by index, by finding id, or by rule id (all of that rule's findings)."""
    by_id = {finding_id(f): f for f in findings}
    chosen: dict[int, Finding] = {}
    for item in wanted:
        if isinstance(item, int):
            if not 0 <= item < len(findings):
                raise ApiError(422, f"findings: no finding {item} (this text has {len(findings)})")
            chosen[item] = findings[item]
        elif item in by_id:
            i = findings.index(by_id[item])
            chosen[i] = findings[i]
        elif any(f.rule_id == item for f in findings):
            chosen.update((i, f) for i, f in enumerate(findings) if f.rule_id == item)
        else:
            raise ApiError(422, f"findings: no finding {item!r} in this text")
    return [chosen[i] for i in sorted(chosen)]
