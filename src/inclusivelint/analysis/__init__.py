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

from inclusivelint.analysis.profile import ANALYSES, DEFAULT_PROFILE, PROFILES, Profile, get_profile

# The analyses themselves load on first use: every lint asks its profile what runs
# (`get_profile`), and a plain `check` of a clean file must not pay for the job-ad reader.
_LAZY = {"analyze": "analyzer", "render_summary": "render", "Summary": "summary"}


def __getattr__(name: str):
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f"inclusivelint.analysis.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'inclusivelint.analysis' has no attribute {name!r}")


__all__ = ["ANALYSES", "DEFAULT_PROFILE", "PROFILES", "Profile", "Summary", "analyze",
           "get_profile", "render_summary"]
