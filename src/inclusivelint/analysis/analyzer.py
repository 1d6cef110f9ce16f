"""`analyze`: run a profile's document-level analyses over one text.

Pure and deterministic: it reads the text and the linter's findings and returns
a `Summary`; it prints nothing and loads no statistical model.
"""

from __future__ import annotations

from typing import Sequence

from .. import regions
from ..finding import Finding
from .document import Document
from .gender import gender_coding
from .jobad import requirement_advice, requirement_issues, requirements_list, statements
from .profile import DEFAULT_PROFILE, Profile, get_profile
from .review import review_language
from .summary import FindingCounts, Summary


def analyze(text: str, findings: Sequence[Finding] = (), profile: str | Profile = DEFAULT_PROFILE, *,
            path: str | None = None, input_format: str | None = None) -> Summary:
    """Summarise `text` as a whole under `profile` (a name from `PROFILES`).

    `findings` are the linter's findings for the same text (offsets into `text`);
    they are counted and cross-referenced, never repeated. `input_format` (or the
    extension of `path`) says which parts are prose: code blocks, URLs and markup
    are not analysed. Raises ValueError for an unknown profile or format.
    """
    prof = get_profile(profile)
    doc = Document(text, input_format or regions.format_for_path(path))
    findings = tuple(findings)
    fields: dict = {}
    advice: list[str] = []
    if prof.runs("gender-coding"):
        # Information, not advice: the summary reports the coding and its evidence.
        fields["gender_coding"] = gender_coding(doc)
    if prof.runs("requirements"):
        issues = requirement_issues(doc, findings)
        fields["requirements"] = issues
        advice += requirement_advice(issues)
        listing = requirements_list(doc)
        fields["requirements_list"] = listing
        if listing and listing.too_long:
            advice.append(listing.advice)
    if prof.runs("statements"):
        found = statements(doc)
        fields["statements"] = found
        advice += [f"Consider adding {_article(s.title)} {s.title}: {s.advice}"
                   for s in found if not s.present]
    if prof.runs("review"):
        language = review_language(doc, findings)
        fields["review"] = language
        advice += language.advice()
    return Summary(prof.name, len(doc.words), FindingCounts.of(findings), advice=tuple(advice), **fields)


def _article(noun: str) -> str:
    return "an" if noun[:1].lower() in "aeiou" else "a"
