"""Profiles: what kind of document is being checked, as data.

A profile names the rule categories that apply (None: all of them) and the
document-level analyses that run after linting. Every profile keeps all rule
categories for now, so choosing a profile never hides a finding that
`inclusivelint check` would show; profiles differ in the analyses they add.
"""

from __future__ import annotations

from dataclasses import dataclass

# The document-level analyses, in the order their results are shown.
ANALYSES = ("findings", "gender-coding", "requirements", "statements", "review")


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    description: str
    categories: tuple[str, ...] | None  # rule categories that apply; None = all
    analyses: tuple[str, ...]

    def applies_to(self, category: str) -> bool:
        return self.categories is None or category in self.categories

    def runs(self, analysis: str) -> bool:
        return analysis in self.analyses


DEFAULT_PROFILE = "docs"

PROFILES: dict[str, Profile] = {
    "job-ad": Profile(
        "job-ad", "a job advertisement: gender-coded wording, requirements, missing statements",
        None, ("findings", "gender-coding", "requirements", "statements"),
    ),
    "review": Profile(
        "review", "a performance review or feedback: personality words, vague feedback, "
        "effort versus accomplishment", None, ("findings", "review"),
    ),
    "docs": Profile("docs", "documentation: findings by category", None, ("findings",)),
    "message": Profile("message", "a chat message or email: findings by category", None, ("findings",)),
}


def get_profile(name: str | Profile) -> Profile:
    if isinstance(name, Profile):
        return name
    try:
        return PROFILES[name]
    except KeyError:
        raise ValueError(f"unknown profile {name!r} (expected one of {', '.join(PROFILES)})") from None
