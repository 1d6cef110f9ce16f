"""Document-level analysis: how a job ad, a review or a doc reads as a whole.

    >>> from inclusivelint.analysis import analyze, render_summary
    >>> summary = analyze("We want a competitive, ambitious leader.", [], profile="job-ad")
    >>> summary.gender_coding.verdict
    'masculine-coded'

`analyze(text, findings, profile=...)` returns a frozen `Summary`;
`summary.as_dict()` is its JSON form and `render_summary(summary)` its text form.
Profiles (`PROFILES`) are data: which analyses run for each kind of document.
"""

from __future__ import annotations

from inclusivelint.analysis.analyzer import analyze
from inclusivelint.analysis.profile import ANALYSES, DEFAULT_PROFILE, PROFILES, Profile, get_profile
from inclusivelint.analysis.render import render_summary
from inclusivelint.analysis.summary import Summary

__all__ = ["ANALYSES", "DEFAULT_PROFILE", "PROFILES", "Profile", "Summary", "analyze",
           "get_profile", "render_summary"]
