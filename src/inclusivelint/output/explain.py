"""A rule's documentation, as `inclusivelint explain` and `rules` show it.

The same text serves the terminal, the JSON listing and (later) SARIF help and
the web page: what it flags, why, the sources, the alternatives, the examples.
"""

from __future__ import annotations

import textwrap

from inclusivelint.compile.rule import Example, Rule, Source

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
        "document": document_summary(rule) if rule.document else None,
    }


def evidence_dict(rule: Rule, sources: dict[str, Source]) -> dict | None:
    """The rule's evidence grade and the citation that carries it (None when ungraded)."""
    if not rule.evidence:
        return None
    source = sources.get(rule.evidence_source)
    return {"grade": rule.evidence, "source": rule.evidence_source,
            "citation": source.citation() if source else None}


def document_summary(rule: Rule) -> str:
    """The rule's `document:` conditions in words."""
    d = rule.document
    parts = []
    if d.sections:
        parts.append(f"only in the {', '.join(d.sections)} sections")
    if d.demand:
        parts.append("only where the sentence asks something of the candidate")
    if d.unless_ad_offers:
        parts.append(f"not when the ad offers an {d.unless_ad_offers.replace('-', ' ')} anywhere")
    if d.unless_job:
        parts.append(f"not when the job is {d.unless_job}")
    if d.unless_reason:
        parts.append("not when the sentence gives the reason")
    if d.amount_min is not None:
        parts.append(f"only for amounts of at least {d.amount_min:g}")
    if d.amount_cap:
        parts.append("only for an upper cap")
    if d.once:
        parts.append("once per ad")
    return "; ".join(parts) + "."


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
        *(["", "Reads the whole ad (runs with --profile job-ad)", wrap(document_summary(rule))]
          if rule.document else []),
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


def term(rule: Rule) -> str:
    """A word or phrase the rule flags, as a reader would write it: its first match
    pattern when that is plain words, else its first flagged example's marked words."""
    import re

    first = rule.match[0] if rule.match else ""
    if first and re.fullmatch(r"[\w' -]+", first):
        return first
    for example in rule.flag_examples:
        if example.spans:
            start, end = example.spans[0]
            return " ".join(example.text[start:end].split())
    return first or rule.id


def render_table(rules: list[Rule], width: int = 100) -> str:
    if not rules:
        return "No rules."
    id_w = max(len(r.id) for r in rules)
    cat_w = max(len(r.category) for r in rules)
    rows = []
    for r in rules:
        head = f"{r.id:<{id_w}}  {r.category:<{cat_w}}  {str(r.severity):<10}  "
        room = max(20, width - len(head))
        text = r.message.replace("{match}", term(r))
        rows.append(head + (text if len(text) <= room else text[: room - 1] + "…"))
    return "\n".join(rows + [f"\n{len(rules)} rules"])
