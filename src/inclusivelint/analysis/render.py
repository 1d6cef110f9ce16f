"""`render_summary`: the plain-text block printed after a document's findings."""

from __future__ import annotations

import textwrap
from typing import Iterable

from inclusivelint.analysis.document import Span
from inclusivelint.analysis.review import Mention
from inclusivelint.analysis.summary import Summary

WIDTH = 88


def _wrap(text: str, indent: str, first: str | None = None) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=first if first is not None else indent,
                         subsequent_indent=indent, break_on_hyphens=False) or [indent.rstrip()]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _where(spans: Iterable[Span]) -> str:
    lines = list(dict.fromkeys(s.line for s in spans))
    return ("line " if len(lines) == 1 else "lines ") + ", ".join(map(str, lines))


def _mentions(mentions: Iterable[Mention]) -> str:
    parts = []
    for m in mentions:
        rule = f"; rule {', '.join(m.rule_ids)}" if m.rule_ids else ""
        parts.append(f"\"{' '.join(m.span.text.split())}\" (line {m.span.line}{rule})")
    return ", ".join(parts)


def render_summary(summary: Summary) -> str:
    out = [f"Summary: {summary.profile} profile, {_plural(summary.words, 'word')}"]
    sources: list[str] = []

    fc = summary.findings
    if fc.total:
        sev = ", ".join(_plural(n, s) for s, n in fc.by_severity if n)
        cats = ", ".join(f"{c} {n}" for c, n in fc.by_category)
        out += _wrap(f"Findings: {fc.total} ({sev}); by category: {cats}", "    ", "  ")
    else:
        out.append("  Findings: none")

    gc = summary.gender_coding
    if gc is not None:
        out += _wrap(f"Gender coding (information, not a grade): {gc.verdict} (score {gc.score:+.2f}; "
                     f"{gc.masculine} masculine-coded, {gc.feminine} feminine-coded words)", "    ", "  ")
        for coding in ("masculine", "feminine"):
            words = [c for c in gc.coded if c.coding == coding]
            if words:
                listed = ", ".join(f"{c.word} x{c.count} ({_where(c.spans)})" for c in words)
                out += _wrap(f"{coding}: {listed}", "      ", "    ")
        if gc.job_work:
            listed = ", ".join(f"{c.word} x{c.count} ({_where(c.spans)})" for c in gc.job_work)
            out += _wrap(f"naming the job's own work, not counted (title \"{gc.job_title}\"): {listed}",
                         "      ", "    ")
        out += _wrap(gc.explanation, "    ")
        sources += gc.sources

    if summary.requirements is not None:
        if summary.requirements:
            out.append("  Requirements:")
            for f in summary.requirements:
                out += _wrap(f"line {f.line}: {f.rule_id}: {f.message}", "      ", "    ")
                sources += f.sources
        else:
            out.append("  Requirements: nothing to report")
    if summary.requirements_list is not None:
        out += _wrap(f"Requirements list: {summary.requirements_list.message}", "    ", "  ")

    missing = summary.missing
    if summary.statements is not None:
        if missing:
            out += _wrap("Missing (suggestions): " + ", ".join(s.title for s in missing), "    ", "  ")
            for s in missing:
                sources += s.sources
        else:
            out.append("  Statements: equal opportunity, accommodations and salary range all present")

    rv = summary.review
    if rv is not None:
        out.append("  Review:")
        out += _wrap(f"personality words: {_mentions(rv.personality) or 'none'}", "      ", "    ")
        out += _wrap(f"vague feedback: {_mentions(rv.vague) or 'none'}", "      ", "    ")
        effort = ", ".join(dict.fromkeys(" ".join(m.span.text.lower().split()) for m in rv.effort)) or "none"
        done = ", ".join(dict.fromkeys(m.span.text.lower() for m in rv.accomplishment)) or "none"
        out += _wrap(f"effort vs accomplishment: {len(rv.effort)} to {len(rv.accomplishment)}, "
                     f"{rv.balance} (effort: {effort}; accomplishment: {done})", "      ", "    ")
        out.append(f"    specifics (numbers, dates, examples): {rv.specifics}")
        sources += rv.sources

    if summary.advice:
        out.append("  What to do:")
        for item in summary.advice:
            out += _wrap(item, "      ", "    - ")
    if sources:
        out += _wrap("Sources (rules/sources.yaml): " + ", ".join(dict.fromkeys(sources)), "    ", "  ")
    return "\n".join(out)
