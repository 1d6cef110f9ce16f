"""The rule keys that hold more than a string: suggestions (and advice), recorded
fixes (`fixed:`), `evidence:` and `document:`, each validated with errors that name
the file and the key."""

from __future__ import annotations

import re
from typing import Any

from inclusivelint.compile.rule import EVIDENCE_GRADES, DocumentCheck, Example
from inclusivelint.errors import RuleError
from inclusivelint.vocab import AD_OFFERS, AD_SECTIONS, JOB_KINDS

# A suggestion holding a placeholder or a note to the writer cannot replace words: advice.
_PLACEHOLDER = re.compile(r"[()\[\]…]|\.\.\.")


def _str_list(value: Any, shown: str, key: str, *, minimum: int = 1) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise RuleError(shown, key, "expected a list of non-empty strings")
    for i, item in enumerate(value):
        if not isinstance(item, str):
            hint = " (YAML reads yes/no/on/off/true/false and numbers as such: quote it)" \
                if isinstance(item, (bool, int, float)) else ""
            raise RuleError(shown, f"{key}[{i}]", f"expected a string, got {item!r}{hint}")
        if not item.strip():
            raise RuleError(shown, f"{key}[{i}]", "expected a non-empty string")
    if len(value) < minimum:
        raise RuleError(shown, key, f"expected at least {minimum}, got {len(value)}")
    return tuple(value)


_DOCUMENT_KEYS = ("sections", "demand", "unless-ad-offers", "unless-job", "unless-reason", "amount", "once")


def _document(value: Any, shown: str) -> DocumentCheck | None:
    """`document: {sections: [requirements], demand: true, unless-ad-offers: equivalent-route,
    unless-job: physical, unless-reason: true, amount: {min: 8} | {cap: true}, once: true}`."""
    if value is None:
        return None
    if not isinstance(value, dict) or not value:
        raise RuleError(shown, "document", f"expected a mapping with some of {', '.join(_DOCUMENT_KEYS)}")
    for key in value:
        if key not in _DOCUMENT_KEYS:
            raise RuleError(shown, f"document.{key}", f"unknown key (expected {', '.join(_DOCUMENT_KEYS)})")
    sections = _str_list(value.get("sections", []), shown, "document.sections", minimum=0)
    for i, kind in enumerate(sections):
        if kind not in AD_SECTIONS:
            raise RuleError(shown, f"document.sections[{i}]", f"{kind!r} is not one of {', '.join(AD_SECTIONS)}")
    for key in ("demand", "unless-reason", "once"):
        if not isinstance(value.get(key, False), bool):
            raise RuleError(shown, f"document.{key}", "expected true or false")
    for key, allowed in (("unless-ad-offers", AD_OFFERS), ("unless-job", JOB_KINDS)):
        if value.get(key, "") not in ("", *allowed):
            raise RuleError(shown, f"document.{key}", f"{value[key]!r} is not one of {', '.join(allowed)}")
    amount = value.get("amount") or {}
    if not isinstance(amount, dict) or set(amount) - {"min", "cap"} or len(amount) > 1:
        raise RuleError(shown, "document.amount", "expected {min: NUMBER} or {cap: true}")
    low = amount.get("min")
    if low is not None and (isinstance(low, bool) or not isinstance(low, (int, float)) or low < 0):
        raise RuleError(shown, "document.amount.min", "expected a number of at least 0")
    if amount.get("cap", True) is not True:
        raise RuleError(shown, "document.amount.cap", "expected true")
    return DocumentCheck(sections=sections, demand=value.get("demand", False),
                         unless_ad_offers=value.get("unless-ad-offers", ""),
                         unless_job=value.get("unless-job", ""), unless_reason=value.get("unless-reason", False),
                         amount_min=low, amount_cap="cap" in amount, once=value.get("once", False))


def _suggestions(value: Any, shown: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """`["allowlist", {advice: "name what is allowed"}]` -> (all texts, the advice ones)."""
    items = value if isinstance(value, list) else [value]
    texts, advice = [], []
    for i, item in enumerate(items):
        if isinstance(item, dict):
            if set(item) != {"advice"}:
                raise RuleError(shown, f"suggestions[{i}]", "expected a string or {advice: TEXT}")
            item = item["advice"]
            if isinstance(item, str):
                advice.append(item)
        texts.append(item)
    texts_t = _str_list(texts, shown, "suggestions", minimum=2)
    for i, text in enumerate(texts_t):
        if text not in advice and _PLACEHOLDER.search(text):
            raise RuleError(shown, f"suggestions[{i}]", f"{text!r} holds a placeholder or a note, so it "
                            "cannot replace words: write it as {advice: ...}")
        if text not in advice and ("{" in text or "}" in text):
            for m in re.finditer(r"\{([^}]*)\}", text):
                if not re.fullmatch(r"match|-?[1-9]\d*", m.group(1)):
                    raise RuleError(shown, f"suggestions[{i}]", f"unknown template slot {{{m.group(1)}}} "
                                    "(expected {1}, {2} ... , {-1} or {match})")
    return texts_t, tuple(advice)


def _fixed(value: Any, shown: str, flags: tuple[Example, ...], suggestions: tuple[str, ...],
           advice: tuple[str, ...]) -> tuple[tuple[str, str, str], ...]:
    """`fixed: {EXAMPLE: {SUGGESTION: TEXT}}` -> ((example, suggestion, text), ...), checked
    against the rule's own flag examples and one-click suggestions."""
    if value is None:
        return ()
    if not isinstance(value, dict):
        raise RuleError(shown, "fixed", "expected a mapping of flag example -> {suggestion: fixed text}")
    examples = {ex.text for ex in flags}
    out = []
    for example, by_suggestion in value.items():
        key = f"fixed[{example!r}]"
        if example not in examples:
            raise RuleError(shown, key, "is not one of the flag examples (without its [[ ]] marks)")
        if not isinstance(by_suggestion, dict):
            raise RuleError(shown, key, "expected a mapping of suggestion -> fixed text")
        for suggestion, text in by_suggestion.items():
            if suggestion not in suggestions or suggestion in advice:
                raise RuleError(shown, f"{key}[{suggestion!r}]", "is not one of the one-click suggestions")
            if not isinstance(text, str):
                raise RuleError(shown, f"{key}[{suggestion!r}]", "expected the fixed text as a string")
            out.append((example, suggestion, text))
    return tuple(out)


def _evidence(value: Any, shown: str, rule_sources: tuple[str, ...]) -> tuple[str, str]:
    """`evidence: {grade: lab-study, source: gaucher-2011}` -> (grade, source id)."""
    if value is None:
        return "", ""
    if not isinstance(value, dict):
        raise RuleError(shown, "evidence", "expected {grade: GRADE, source: SOURCE-ID}")
    unknown = set(value) - {"grade", "source"}
    if unknown:
        raise RuleError(shown, f"evidence.{sorted(unknown)[0]}", "unknown key (expected grade, source)")
    grade, source = value.get("grade"), value.get("source")
    if grade not in EVIDENCE_GRADES:
        raise RuleError(shown, "evidence.grade", f"{grade!r} is not one of {', '.join(EVIDENCE_GRADES)}")
    if not isinstance(source, str) or source not in rule_sources:
        raise RuleError(shown, "evidence.source",
                        f"{source!r} must be one of the rule's sources ({', '.join(rule_sources)})")
    return grade, source
