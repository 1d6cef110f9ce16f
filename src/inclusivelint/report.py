"""Render findings for people (text) and machines (json); own the exit code.

`Report` collects what a run found, file by file, and decides the exit code:
0 when nothing reaches the `--fail-on` level, 1 when something does, 2 when
an input could not be read. Renderers only format; they never decide.
"""

from __future__ import annotations

import json
import textwrap
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Mapping

from . import __version__
from .finding import Finding, Severity
from .projection import LineIndex
from .source import InputError

JSON_VERSION = 1
EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

_SEVERITY_COLOUR = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.SUGGESTION: "cyan"}


@dataclass
class Report:
    fail_on: Severity = Severity.SUGGESTION
    files: int = 0
    findings: list[tuple[str, list[Finding]]] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)

    def add(self, text: str, findings: list[Finding]) -> None:
        self.files += 1
        if findings:
            self.findings.append((text, findings))

    def all_findings(self) -> list[Finding]:
        return [f for _, fs in self.findings for f in fs]

    def counts(self) -> Counter:
        return Counter(f.severity for f in self.all_findings())

    @property
    def exit_code(self) -> int:
        if self.errors:
            return EXIT_ERROR
        if any(f.severity >= self.fail_on for f in self.all_findings()):
            return EXIT_FINDINGS
        return EXIT_CLEAN


Style = Callable[..., str]


def _plain(text: str, **_: object) -> str:
    return text


def render_text(report: Report, *, reasons: Mapping[str, str] | None = None, style: Style = _plain,
                concise: bool = False, width: int = 88) -> str:
    """Each finding as `path:line:col  severity  rule  message`, then (unless concise)
    the line with the flagged words underlined, the rule's reason and the alternatives."""
    reasons = reasons or {}
    explained: set[str] = set()
    out: list[str] = []
    for text, findings in report.findings:
        lines = LineIndex(text)
        for f in findings:
            head = (f"{style(f'{f.path}:{f.line}:{f.column}', bold=True)}  "
                    f"{style(str(f.severity), fg=_SEVERITY_COLOUR[f.severity])}  "
                    f"{style(f.rule_id, dim=True)}  {f.message}")
            out.append(head)
            if concise:
                continue
            out.extend(_excerpt(text, lines, f, style))
            indent = " " * 6
            if f.rule_id in explained:
                out.append(f"{indent}why: see {f.rule_id} above")
            elif reasons.get(f.rule_id):
                explained.add(f.rule_id)
                out.append(textwrap.fill(f"why: {reasons[f.rule_id]}", width, initial_indent=indent,
                                         subsequent_indent=indent + "     "))
            if f.suggestions:
                out.append(f"{indent}try: " + style(" · ".join(f.suggestions), fg="green"))
            out.append("")
    out.append(summary(report))
    return "\n".join(out)


def _excerpt(text: str, lines: LineIndex, f: Finding, style: Style) -> list[str]:
    start, end = lines.line_span(f.line, text)
    line_text = text[start:end].expandtabs(1)
    underline_end = min(f.end, end) if f.end_line == f.line else end
    lead = text[start:f.start].expandtabs(1)
    width = max(1, len(text[f.start:underline_end].expandtabs(1)))
    gutter = f"{f.line:>5} | "
    return [
        gutter + line_text,
        " " * (len(gutter) - 2) + "| " + " " * len(lead) + style("^" * width, fg="red", bold=True),
    ]


def summary(report: Report) -> str:
    counts = report.counts()
    files = f"{report.files} file" + ("" if report.files == 1 else "s")
    errors = f"; {len(report.errors)} could not be read" if report.errors else ""
    if not counts:
        return f"No problems found in {files}{errors}."
    total = sum(counts.values())
    parts = ", ".join(f"{counts[s]} {s}{'s' if counts[s] != 1 else ''}" for s in sorted(counts, reverse=True))
    with_findings = len(report.findings)
    return (f"Found {total} problem{'s' if total != 1 else ''} ({parts}) in {with_findings} of "
            f"{files}{errors}.")


def render_json(report: Report) -> str:
    counts = report.counts()
    doc = {
        "version": JSON_VERSION,
        "tool": {"name": "inclusivelint", "version": __version__},
        "files": report.files,
        "findings": [f.as_dict() for f in report.all_findings()],
        "errors": [{"path": e.path, "line": e.line, "message": e.message} for e in report.errors],
        "summary": {str(s): counts.get(s, 0) for s in sorted(Severity, reverse=True)},
    }
    return json.dumps(doc, ensure_ascii=False, indent=2)
