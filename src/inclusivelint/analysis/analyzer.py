"""`analyze`: run a profile's document-level analyses over one text.

Pure and deterministic: it reads the text and the linter's findings and returns
a `Summary`; it prints nothing and loads no statistical model.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from inclusivelint.read import regions
from inclusivelint.lint.finding import Finding
from inclusivelint.analysis.document import Document
from inclusivelint.analysis.gender import gender_coding
from inclusivelint.analysis.jobad import requirement_advice, requirement_findings, requirements_list, statements
from inclusivelint.analysis.profile import DEFAULT_PROFILE, Profile, get_profile
from inclusivelint.analysis.review import review_language
from inclusivelint.analysis.summary import FindingCounts, Summary
from inclusivelint.fix.agreement import article_for


def analyze(text: str, findings: Sequence[Finding] = (), profile: str | Profile = DEFAULT_PROFILE, *,
            path: str | None = None, input_format: str | None = None,
            document_rules: Iterable[str] | None = None) -> Summary:
    """Summarise `text` as a whole under `profile` (a name from `PROFILES`).

    `findings` are the linter's findings for the same text (offsets into `text`);
    they are counted and cross-referenced, never repeated; those of the job-ad requirement
    checks (`document_rules`, default: the bundled rules that read the whole document) are
    listed as the ad's requirements. `input_format` (or the
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
        if document_rules is None:
            document_rules = _bundled_document_rules() if findings else ()
        required = requirement_findings(findings, document_rules)
        fields["requirements"] = required
        advice += requirement_advice(required)
        listing = requirements_list(doc)
        fields["requirements_list"] = listing
        if listing and listing.too_long:
            advice.append(listing.advice)
    if prof.runs("statements"):
        found = statements(doc)
        fields["statements"] = found
        advice += [f"Consider adding {article_for(s.title)} {s.title}: {s.advice}"
                   for s in found if not s.present]
    if prof.runs("review"):
        language = review_language(doc, findings)
        fields["review"] = language
        advice += language.advice()
    return Summary(prof.name, len(doc.words), FindingCounts.of(findings), advice=tuple(advice), **fields)


def _bundled_document_rules() -> frozenset[str]:
    from inclusivelint.lint.engine import default_linter

    return default_linter().rulebook.document_rules
