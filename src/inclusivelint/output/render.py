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

from inclusivelint import __version__
from inclusivelint.lint.finding import Finding, Severity
from inclusivelint.read.lines import LineIndex
from inclusivelint.read.source import InputError

JSON_VERSION = 2  # 2: "summary" (severity counts) renamed "counts"
EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

_SEVERITY_COLOUR = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.SUGGESTION: "cyan"}


@dataclass
class Report:
    fail_on: Severity = Severity.SUGGESTION
    files: int = 0
    findings: list[tuple[str, list[Finding]]] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)  # inputs not linted (or not fixed): exit 2
    warnings: list[InputError] = field(default_factory=list)  # said, exit code unchanged
    fixed: int = 0  # edits written by --fix

    def note(self, *notes: InputError) -> None:
        for note in notes:
            (self.warnings if note.warning else self.errors).append(note)

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
                concise: bool = False, width: int = 88, footer: bool = True) -> str:
    """Each finding as `path:line:col  severity  rule  message`, then (unless concise)
    the line with the flagged words underlined, the rule's reason and the alternatives."""
    reasons = reasons or {}
    explained: set[str] = set()
    out: list[str] = []
    for text, findings in report.findings:
        lines = LineIndex(text)
        for f in findings:
            where = f"{f.path}:{f.line}:{f.column}"
            if f.place:  # a Word document: the line is a paragraph
                where += f" (paragraph {f.line}, character {f.column}: {f.place})"
            head = (f"{style(where, bold=True)}  "
                    f"{style(str(f.severity), fg=_SEVERITY_COLOUR[f.severity])}  "
                    f"{style(f.rule_id, dim=True)}  {f.message}")
            out.append(head)
            if concise:
                continue
            if text:  # a file linted in chunks keeps no text to quote
                out.extend(_excerpt(text, lines, f, style))
            indent = " " * 6
            if f.rule_id in explained:
                out.append(f"{indent}why: see {f.rule_id} above")
            elif reasons.get(f.rule_id):
                explained.add(f.rule_id)
                out.append(textwrap.fill(f"why: {reasons[f.rule_id]}", width, initial_indent=indent,
                                         subsequent_indent=indent + "     "))
            clicks = [s for s in f.suggestions if s not in f.advice]
            if clicks:  # words that can replace the flagged ones (--fix, the page's buttons)
                out.append(f"{indent}try: " + style(" · ".join(clicks), fg="green"))
            advice = [s for s in f.suggestions if s in f.advice]
            if advice:  # a rewrite for the writer: never applied
                out.append(f"{indent}rewrite: " + style(" · ".join(advice), fg="green"))
            out.append("")
    if footer:
        out.append(summary(report))
    elif out and not out[-1]:
        out.pop()
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


def _with_evidence(f: Finding, rules: Mapping | None) -> dict:
    data = f.as_dict()
    rule = rules.get(f.rule_id) if rules else None
    if rule is not None and rule.evidence:
        data["evidence"] = {"grade": rule.evidence, "source": rule.evidence_source}
    return data


def render_json(report: Report, *, statistics: bool = False, summaries=None, rules: Mapping | None = None) -> str:
    """One JSON document: findings, errors and counts; with `summaries` (from
    `inclusivelint report`), each document's analysis under "documents". With
    `rules`, each finding carries its rule's evidence grade."""
    counts = report.counts()
    doc = {
        "version": JSON_VERSION,
        "tool": {"name": "inclusivelint", "version": __version__},
        "files": report.files,
        "findings": [_with_evidence(f, rules) for f in report.all_findings()],
        "errors": [{"path": e.path, "line": e.line, "message": e.message} for e in report.errors],
        "warnings": [{"path": e.path, "line": e.line, "message": e.message} for e in report.warnings],
        "counts": {str(s): counts.get(s, 0) for s in sorted(Severity, reverse=True)},
    }
    if statistics:
        doc["statistics"] = tally(report)
    if summaries is not None:
        doc["documents"] = [{"path": path, "analysis": summary.as_dict()} for path, summary in summaries]
    return json.dumps(doc, ensure_ascii=False, indent=2)


# -- formats for CI -------------------------------------------------------------

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
# Where the project's pages live once it is published; until then no output links
# anywhere (github.com/inclusivelint belongs to an unrelated project).
PROJECT_URL: str | None = None
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.SUGGESTION: "note"}
_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.SUGGESTION: "notice"}


def _sarif_fix(text: str, lines: LineIndex, f: Finding) -> list[dict]:
    """The finding's fix (safe or unsafe) as a SARIF `fixes` entry, if it has one."""
    from inclusivelint.fix.edits import offered_edit

    edit = offered_edit(text, f)
    if edit is None:
        return []
    (sl, sc), (el, ec) = lines.position(edit.start), lines.position(edit.end)
    return [{
        "description": {"text": f"Replace with “{edit.replacement}” ({f.fix} fix)"},
        "artifactChanges": [{
            "artifactLocation": {"uri": uri(f.path)},
            "replacements": [{
                "deletedRegion": {"startLine": sl, "startColumn": sc, "endLine": el, "endColumn": ec},
                "insertedContent": {"text": edit.replacement},
            }],
        }],
    }]


def render_sarif(report: Report, rules: Mapping, sources: Mapping) -> str:
    """SARIF 2.1.0 as GitHub code scanning reads it: one run, the rules that fired
    (with their reason as help text), and a result per finding with its region and,
    where the rule has an automatic fix, the replacement."""
    findings = report.all_findings()
    fixes = []
    for text, fs in report.findings:
        lines = LineIndex(text)
        fixes.extend(_sarif_fix(text, lines, f) for f in fs)
    fired = sorted({f.rule_id for f in findings})
    index = {rule_id: i for i, rule_id in enumerate(fired)}
    descriptors = []
    for rule_id in fired:
        rule = rules.get(rule_id)
        if rule is None:  # e.g. unused-directive: not a rule file
            descriptors.append({
                "id": rule_id, "name": rule_id,
                "shortDescription": {"text": "An inclusivelint directive that suppresses nothing"},
                "fullDescription": {"text": "A disable directive that no finding needed, or one naming an unknown rule."},
                "help": {"text": "Remove the directive, or correct the rule or category it names."},
                "defaultConfiguration": {"level": "warning"},
            })
            continue
        cites = "; ".join(sources[s].citation() for s in rule.sources if s in sources)
        alternatives = ", ".join(rule.suggestions)
        evidence = f"{rule.evidence} ({rule.evidence_source})" if rule.evidence else "not graded"
        help_text = f"{rule.reason}\n\nAlternatives: {alternatives}\n\nEvidence: {evidence}\n\nSources: {cites}"
        descriptors.append({
            "id": rule.id, "name": rule.id,
            "shortDescription": {"text": rule.message.replace("{match}", rule.id)},
            "fullDescription": {"text": rule.reason},
            "help": {"text": help_text,
                     "markdown": f"{rule.reason}\n\n**Alternatives:** {alternatives}\n\n"
                                 f"**Evidence:** {evidence}\n\n**Sources:** {cites}"},
            **({"helpUri": rule_url(rule)} if rule_url(rule) else {}),
            "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
            "properties": {"tags": ["inclusive-language", rule.category], "precision": "high",
                           "problem.severity": _SARIF_LEVEL[rule.severity],
                           **({"evidence": rule.evidence, "evidenceSource": rule.evidence_source}
                              if rule.evidence else {})},
        })
    results = []
    for i, f in enumerate(findings):
        region = {"startLine": f.line, "startColumn": f.column, "endLine": f.end_line,
                  "endColumn": f.end_column, "charOffset": f.start, "charLength": f.end - f.start}
        result = {
            "ruleId": f.rule_id, "ruleIndex": index[f.rule_id], "level": _SARIF_LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(f.path)},
                                                "region": region}}],
        }
        if fixes[i]:
            result["fixes"] = fixes[i]
        results.append(result)
    log = {
        "$schema": SARIF_SCHEMA, "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "inclusivelint", "version": __version__,
                                "semanticVersion": __version__,
                                **({"informationUri": PROJECT_URL} if PROJECT_URL else {}),
                                "rules": descriptors}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(log, ensure_ascii=False, indent=2)


def rule_url(rule) -> str | None:
    """The web page of a bundled rule's file, once the project has a public home."""
    if not PROJECT_URL or not rule.path.startswith("rules/"):
        return None
    return f"{PROJECT_URL}/blob/main/{rule.path.partition(':')[0]}"


def uri(path: str | None) -> str:
    if not path or path == "-":
        return "stdin"
    from pathlib import PurePath

    return PurePath(path).as_posix().removeprefix("./")


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(report: Report, *, footer: bool = True) -> str:
    """GitHub Actions workflow commands: one annotation per finding."""
    out = []
    for f in report.all_findings():
        props = (f"file={_gh_property(uri(f.path))},line={f.line},col={f.column},"
                 f"endLine={f.end_line},endColumn={f.end_column},"
                 f"title={_gh_property(f'inclusivelint {f.rule_id}')}")
        out.append(f"::{_GITHUB_LEVEL[f.severity]} {props}::{_gh_data(f.message)}")
    for e in report.errors + report.warnings:
        line = f",line={e.line}" if e.line else ""
        level = "warning" if e.warning else "error"
        out.append(f"::{level} file={_gh_property(e.path)}{line},title=inclusivelint::{_gh_data(e.message)}")
    if footer:
        out.append(summary(report))
    return "\n".join(out)


def tally(report: Report) -> dict:
    """Findings counted by rule and by category (`--statistics`)."""
    findings = report.all_findings()
    by_rule = Counter(f.rule_id for f in findings)
    by_category = Counter(f.category for f in findings)
    return {"rules": dict(by_rule.most_common()), "categories": dict(by_category.most_common()),
            "total": len(findings)}


def render_statistics(report: Report) -> str:
    stats = tally(report)
    rows = [f"{n:6d}  {rule}" for rule, n in stats["rules"].items()]
    cats = [f"{n:6d}  {cat}" for cat, n in stats["categories"].items()]
    return "\n".join(["By rule:", *rows, "", "By category:", *cats, "", summary(report)])
