"""Renderers for the places code review happens: reviewdog, GitLab and Checkstyle readers.

- `rdjson`: reviewdog's Diagnostic Format (one DiagnosticResult). Columns are 1-based
  UTF-8 byte counts, ranges end-exclusive, and a rule's automatic fix (safe or unsafe)
  becomes a `suggestions` entry that reviewdog posts as a suggested change.
- `gitlab`: a GitLab Code Quality report (a JSON array of issues, each with a stable
  fingerprint built from the same line-independent key as a baseline).
- `checkstyle`: Checkstyle XML, read by Jenkins, reviewdog (-f=checkstyle) and others.
Like every renderer, these only format; `report.Report` owns the exit code.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Mapping
from xml.etree import ElementTree as ET

from inclusivelint.filters.baseline import keys
from inclusivelint.lint.finding import Finding, Severity
from inclusivelint.read.lines import LineIndex
from inclusivelint.output.render import Report, rule_url, uri

_RD_SEVERITY = {Severity.ERROR: "ERROR", Severity.WARNING: "WARNING", Severity.SUGGESTION: "INFO"}
_GITLAB_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.SUGGESTION: "info"}
_CHECKSTYLE_SEVERITY = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.SUGGESTION: "info"}


def _byte_position(text: str, lines: LineIndex, offset: int) -> dict:
    line, _ = lines.position(offset)
    start, _ = lines.line_span(line, text)
    return {"line": line, "column": len(text[start:offset].encode("utf-8", "surrogatepass")) + 1}


def _rd_range(text: str, lines: LineIndex, f: Finding) -> dict:
    if not text:  # a file linted in chunks keeps no text: columns as code points
        return {"start": {"line": f.line, "column": f.column}, "end": {"line": f.end_line, "column": f.end_column}}
    return {"start": _byte_position(text, lines, f.start), "end": _byte_position(text, lines, f.end)}


def _rd_suggestions(text: str, lines: LineIndex, f: Finding) -> list[dict]:
    from inclusivelint.fix.edits import offered_edit

    edit = offered_edit(text, f)
    if edit is None:
        return []
    return [{"range": {"start": _byte_position(text, lines, edit.start), "end": _byte_position(text, lines, edit.end)},
             "text": edit.replacement}]


def render_rdjson(report: Report, rules: Mapping) -> str:
    """reviewdog's rdjson: `reviewdog -f=rdjson -reporter=github-pr-review` reads it."""
    diagnostics = []
    for text, findings in report.findings:
        lines = LineIndex(text)
        for f in findings:
            code = {"value": f.rule_id}
            rule = rules.get(f.rule_id)
            if rule is not None and rule_url(rule):
                code["url"] = rule_url(rule)
            diagnostic = {
                "message": f.message,
                "location": {"path": uri(f.path), "range": _rd_range(text, lines, f)},
                "severity": _RD_SEVERITY[f.severity],
                "code": code,
            }
            suggestions = _rd_suggestions(text, lines, f)
            if suggestions:
                diagnostic["suggestions"] = suggestions
            diagnostics.append(diagnostic)
    for e in report.errors:
        where = {"path": uri(e.path)}
        if e.line:
            where["range"] = {"start": {"line": e.line}}
        diagnostics.append({"message": e.message, "location": where, "severity": "ERROR",
                            "code": {"value": "input-error"}})
    doc = {"source": {"name": "inclusivelint"}, "severity": "WARNING", "diagnostics": diagnostics}
    return json.dumps(doc, ensure_ascii=False, indent=2)


def render_gitlab(report: Report) -> str:
    """A GitLab Code Quality report (`artifacts: reports: codequality:`)."""
    issues = []
    for text, findings in report.findings:
        seen: Counter = Counter()
        for f, key in zip(findings, keys(text, findings, Path.cwd()), strict=True):
            seen[key] += 1  # the n-th identical finding in a file keeps its own fingerprint
            fingerprint = hashlib.sha256("\0".join([*key, str(seen[key])]).encode("utf-8", "surrogatepass"))
            issues.append({
                "description": f.message,
                "check_name": f.rule_id,
                "fingerprint": fingerprint.hexdigest(),
                "severity": _GITLAB_SEVERITY[f.severity],
                "location": {"path": uri(f.path), "lines": {"begin": f.line, "end": f.end_line}},
            })
    for e in report.errors:
        fingerprint = hashlib.sha256(f"input-error\0{e.path}\0{e.message}".encode("utf-8", "surrogatepass"))
        issues.append({"description": e.message, "check_name": "input-error", "fingerprint": fingerprint.hexdigest(),
                       "severity": "blocker", "location": {"path": uri(e.path), "lines": {"begin": e.line or 1}}})
    return json.dumps(issues, ensure_ascii=False, indent=2)


def render_checkstyle(report: Report) -> str:
    """Checkstyle XML: a <file> per file with an <error> per finding."""
    root = ET.Element("checkstyle", version="4.3")
    files: dict[str, ET.Element] = {}

    def file_element(path: str) -> ET.Element:
        if path not in files:
            files[path] = ET.SubElement(root, "file", name=path)
        return files[path]

    for f in report.all_findings():
        ET.SubElement(file_element(uri(f.path)), "error", line=str(f.line), column=str(f.column),
                      severity=_CHECKSTYLE_SEVERITY[f.severity], message=f.message,
                      source=f"inclusivelint.{f.rule_id}")
    for e in report.errors:
        ET.SubElement(file_element(uri(e.path)), "error", line=str(e.line or 1), severity="error",
                      message=e.message, source="inclusivelint.input-error")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")
