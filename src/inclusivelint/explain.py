"""A rule's documentation, as `inclusivelint explain` and `rules` show it.

The same text serves the terminal, the JSON listing and (later) SARIF help and
the web page: what it flags, why, the sources, the alternatives, the examples.
"""

from __future__ import annotations

import textwrap

from .rule import Example, Rule, Source

FIX_NOTES = {
    "safe": "applied by --fix: the first one-click alternative replaces the words with the same meaning and grammar",
    "unsafe": "applied only with --unsafe-fixes: the first one-click alternative usually fits but needs a reread",
    "display-only": "never applied automatically: the sentence needs a person to rewrite it",
}


def marked(example: Example, left: str = "[[", right: str = "]]") -> str:
    out, last = [], 0
    for start, end in example.spans:
        out += [example.text[last:start], left, example.text[start:end], right]
        last = end
    out.append(example.text[last:])
    return "".join(out)


def rule_dict(rule: Rule, sources: dict[str, Source]) -> dict:
    return {
        "id": rule.id,
        "category": rule.category,
        "severity": str(rule.severity),
        "message": rule.message,
        "reason": rule.reason,
        "sources": [
            {"id": s, "title": sources[s].title, "publisher": sources[s].publisher,
             "year": sources[s].year, "authors": sources[s].authors, "url": sources[s].url}
            for s in rule.sources
        ],
        "match": list(rule.match),
        "suggestions": list(rule.suggestions),
        "advice": list(rule.advice),
        "fix": rule.fix,
        "examples": {
            "flag": [marked(e) for e in rule.flag_examples],
            "pass": [e.text for e in rule.pass_examples],
        },
        "notes": rule.notes,
        "evidence": evidence_dict(rule, sources),
    }


def evidence_dict(rule: Rule, sources: dict[str, Source]) -> dict | None:
    """The rule's evidence grade and the citation that carries it (None when ungraded)."""
    if not rule.evidence:
        return None
    source = sources.get(rule.evidence_source)
    return {"grade": rule.evidence, "source": rule.evidence_source,
            "citation": source.citation() if source else None}


def render_rule(rule: Rule, sources: dict[str, Source], width: int = 88) -> str:
    wrap = lambda text: textwrap.fill(text, width, initial_indent="  ", subsequent_indent="  ")  # noqa: E731
    one_line = lambda text: text.replace("\n", "↵")  # noqa: E731
    flags = [f"  ✗ {one_line(marked(e, '»', '«'))}" for e in rule.flag_examples]
    passes = [f"  ✓ {one_line(e.text)}" for e in rule.pass_examples]
    lines = [
        f"{rule.id}  ({rule.category}, {rule.severity})",
        "",
        "What it flags",
        *[f"  {p}" for p in rule.match],
        "",
        "Why",
        wrap(rule.reason),
        "",
        "Evidence",
        wrap(f"{rule.evidence}: {sources[rule.evidence_source].citation()}  [{rule.evidence_source}]"
             if rule.evidence else "not graded (a house rule without an evidence: key)"),
        "",
        "Sources",
        *[f"  - {sources[s].citation()}  [{s}]" for s in rule.sources],
        "",
        "Alternatives",
        *[f"  - {s}" + ("  (advice: rewrite by hand)" if s in rule.advice else "") for s in rule.suggestions],
        "",
        f"Fix: {rule.fix}",
        wrap(FIX_NOTES[rule.fix]),
        "",
        "Examples",
        *flags,
        *passes,
    ]
    if rule.notes:
        lines += ["", "Notes", wrap(rule.notes)]
    return "\n".join(lines)


def render_table(rules: list[Rule], width: int = 100) -> str:
    if not rules:
        return "No rules."
    id_w = max(len(r.id) for r in rules)
    cat_w = max(len(r.category) for r in rules)
    rows = []
    for r in rules:
        head = f"{r.id:<{id_w}}  {r.category:<{cat_w}}  {str(r.severity):<10}  "
        room = max(20, width - len(head))
        text = r.message.replace("{match}", "…")
        rows.append(head + (text if len(text) <= room else text[: room - 1] + "…"))
    return "\n".join(rows + [f"\n{len(rules)} rules"])
