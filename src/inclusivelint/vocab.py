"""The project's closed vocabularies, each listed once: severities, profiles and formats.

The CLI's choices, the configuration's validation, the web API's checks and the
renderers all read these names from here.
"""

from __future__ import annotations

from enum import IntEnum


class Severity(IntEnum):
    """Ordered, so `--fail-on warning` means `severity >= WARNING`."""

    SUGGESTION = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, name: str) -> "Severity":
        try:
            return cls[name.strip().upper()]
        except KeyError:
            raise ValueError(
                f"unknown severity {name!r} (expected {', '.join(SEVERITIES)})"
            ) from None

    def __str__(self) -> str:
        return self.name.lower()


SEVERITIES = tuple(str(s) for s in Severity)  # suggestion, warning, error

# What kind of document a text is; `analysis.profile` says what each one runs.
PROFILES = ("docs", "job-ad", "review", "message")
DEFAULT_PROFILE = "docs"

# How a text is read into prose regions (`regions.segments`).
INPUT_FORMATS = ("text", "markdown", "html", "rst", "code", "docx")
# The web page reads pasted prose; source code comes through the CLI.
PAGE_INPUT_FORMATS = ("text", "markdown", "html", "rst")

# How `check` and `report` print findings (`report.py`, and `reviews.py` for the
# review tools: reviewdog, GitLab Code Quality, Checkstyle), and how `explain` / `rules` print rules.
OUTPUT_FORMATS = ("text", "json", "sarif", "github", "rdjson", "gitlab", "checkstyle")
RULE_FORMATS = ("text", "json")

# The profiles `insights` compares groups of documents under.
INSIGHT_PROFILES = ("job-ad", "review")

# How `batch` and `insights` read records.
RECORD_FORMATS = ("jsonl", "csv", "parquet")

# Whether a rule's fix is applied by --fix, needs --unsafe-fixes, or is never applied.
FIX_APPLICABILITY = ("safe", "unsafe", "display-only")

# What kind of evidence supports a rule's harm claim, strongest first
# (`--min-evidence lab-study` keeps the first two). See rules/README.md.
EVIDENCE_GRADES = ("field-experiment", "lab-study", "style-guide", "community")

# A job ad's sections, and what a document rule (`document:` in a rule file) may test.
AD_SECTIONS = ("requirements", "preferred", "responsibilities", "about", "benefits", "legal", "other")
AD_OFFERS = ("equivalent-route",)
JOB_KINDS = ("physical", "senior", "driving")
