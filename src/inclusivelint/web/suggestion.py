"""One chosen suggestion as an edit, built by the same fixer as `--fix`.

The web page lets a person pick any of a finding's suggestions, not only the
first one `--fix` would apply, so the finding is given that suggestion as its
replacement and `fix.replacement_for` keeps the grammar and case ("Whitelists"
-> "Allowlists", "a whitelist" -> "an allowlist").
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..finding import Finding
from ..fix import Edit, replacement_for


_ARTICLE_BEFORE = re.compile(r"\b(?:an?|the)\s+$", re.IGNORECASE)
_LEADING_ARTICLE = re.compile(r"^(?:an?|the)\s+", re.IGNORECASE)


def edit_for(text: str, finding: Finding, suggestion: str) -> Edit | None:
    """The edit that puts `suggestion` in place of `finding`, or None when it is advice
    ("rephrase in the plural", "engineer (the title alone)") rather than a replacement."""
    if suggestion not in finding.suggestions:
        return None
    edit = _edit(text, finding, suggestion)
    if edit is None or text[edit.start:edit.end] == edit.replacement:
        return None
    if suggestion != finding.suggestions[0] and edit == _edit(text, finding, finding.suggestions[0]):
        # An edit that does not depend on the suggestion (a generic "he" always becomes
        # "they") is not an application of this one.
        return None
    return edit


def _edit(text: str, finding: Finding, suggestion: str) -> Edit | None:
    if _ARTICLE_BEFORE.search(text[max(0, finding.start - 8):finding.start]):
        # "a young team" -> "a team that ...", not "an a team that ...": the text's article stays.
        suggestion = _LEADING_ARTICLE.sub("", suggestion) or suggestion
    return replacement_for(text, replace(finding, suggestions=(suggestion,)))


def previews(text: str, finding: Finding) -> list[str | None]:
    """For each suggestion, the words that would replace the flagged ones (None: advice only)."""
    out = []
    for suggestion in finding.suggestions:
        edit = edit_for(text, finding, suggestion)
        out.append(None if edit is None else edit.replacement)
    return out
