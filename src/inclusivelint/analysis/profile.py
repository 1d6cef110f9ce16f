"""Profiles: what kind of document is being checked, as data.

A profile names the document-level analyses that run after linting. Every
profile keeps all rule categories, so choosing a profile never hides a finding
that `inclusivelint check` would show; profiles differ in the analyses they add.
The names themselves are listed once, in `inclusivelint.vocab.PROFILES`.
"""

from __future__ import annotations

from dataclasses import dataclass

from inclusivelint.vocab import DEFAULT_PROFILE, PROFILES as NAMES

# The document-level analyses, in the order their results are shown.
ANALYSES = ("findings", "gender-coding", "requirements", "statements", "review")


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    description: str
    analyses: tuple[str, ...]

    def runs(self, analysis: str) -> bool:
        return analysis in self.analyses


PROFILES: dict[str, Profile] = {p.name: p for p in (
    Profile("job-ad", "a job advertisement: gender-coded wording, requirements, missing statements",
            ("findings", "gender-coding", "requirements", "statements")),
    Profile("review", "a performance review or feedback: personality words, vague feedback, "
            "effort versus accomplishment", ("findings", "review")),
    Profile("docs", "documentation: findings by category", ("findings",)),
    Profile("message", "a chat message or email: findings by category", ("findings",)),
)}
if set(PROFILES) != set(NAMES):  # pragma: no cover - a programming error, caught on import
    raise RuntimeError(f"profiles {sorted(PROFILES)} do not match vocab.PROFILES {sorted(NAMES)}")

__all__ = ["ANALYSES", "DEFAULT_PROFILE", "PROFILES", "Profile", "get_profile"]


def get_profile(name: str | Profile) -> Profile:
    if isinstance(name, Profile):
        return name
    try:
        return PROFILES[name]
    except KeyError:
        raise ValueError(f"unknown profile {name!r} (expected one of {', '.join(NAMES)})") from None
