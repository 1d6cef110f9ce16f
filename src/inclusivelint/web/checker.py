"""What the API does, without HTTP: lint, summarise, fix and explain one text.

A `Checker` wraps one `Linter` (built once, on first use) and serialises calls to
it, so request handlers can run it in worker threads. Nothing here touches the
disk or logs the text.
"""

from __future__ import annotations

import difflib
import threading

from .. import __version__
from ..analysis import analyze, get_profile
from ..config import LintOptions
from ..engine import Linter
from ..explain import evidence_dict, rule_dict
from ..finding import Finding
from ..fix import Edit, apply_edits, edit_for, plan, sentence_preview
from ..report import JSON_VERSION
from .body import ApiError
from .payload import FixRequest, LintRequest, Replacement


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
        self._running = threading.Lock()  # one lint (and analysis) at a time

    @property
    def linter(self) -> Linter:
        return self._pinned if self._pinned is not None else self.options.linter()

    # -- the API ---------------------------------------------------------------
    def lint(self, req: LintRequest) -> dict:
        with self._running:
            findings = self._findings(req.text, req.format, req.profile)
            return self._result(req.text, req.format, req.profile, findings)

    def fix(self, req: FixRequest) -> dict:
        with self._running:
            return self._fix(req)

    def _fix(self, req: FixRequest) -> dict:
        findings = self._findings(req.text, req.format, req.profile)
        if req.replacement is not None:
            edits = [self._chosen_edit(req.text, findings, req.replacement)]
        else:
            chosen = findings if req.findings is None else _select(findings, req.findings)
            edits = plan(req.text, chosen, unsafe=req.unsafe)
        text = apply_edits(req.text, edits)
        if edits:
            findings = self._findings(text, req.format, req.profile)
        return {**self._result(text, req.format, req.profile, findings), "text": text,
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

    # -- helpers (called with self._running held) -------------------------------
    def _findings(self, text: str, fmt: str, profile: str | None) -> list[Finding]:
        linter = self.linter
        kwargs = self.options.lint_kwargs(linter)
        kwargs.update(input_format=fmt, warn_unused=False)
        if profile is not None:  # the page's profile decides whether the job-ad checks run
            kwargs["document"] = get_profile(profile).runs("requirements")
        return linter.lint(text, **kwargs)

    def _result(self, text: str, fmt: str, profile: str | None, findings: list[Finding]) -> dict:
        summary = None
        if profile is not None:
            summary = analyze(text, findings, profile, input_format=fmt,
                              document_rules=self.linter.rulebook.document_rules).as_dict()
        return {
            "version": JSON_VERSION,
            "tool": {"name": "inclusivelint", "version": __version__},
            "findings": [self._finding_dict(text, i, f) for i, f in enumerate(findings)],
            "analysis": summary,
            "sources": self._sources(findings, summary),
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
