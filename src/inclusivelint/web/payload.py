"""The API's request bodies, checked field by field into frozen dataclasses.

A wrong type or an unknown field is an `ApiError(422)` that names the field and
what was expected, the way a bad configuration key is reported.
"""

from __future__ import annotations

from dataclasses import dataclass

from inclusivelint.vocab import PAGE_INPUT_FORMATS, PROFILES
from inclusivelint.web.body import ApiError

# The formats a pasted or uploaded document can be read as.


@dataclass(frozen=True, slots=True)
class LintRequest:
    text: str
    format: str = "text"
    profile: str | None = None


@dataclass(frozen=True, slots=True)
class Replacement:
    """Put `suggestion` in place of the finding of `rule_id` at [start, end)."""

    start: int
    end: int
    rule_id: str
    suggestion: str


@dataclass(frozen=True, slots=True)
class FixRequest:
    text: str
    format: str = "text"
    profile: str | None = None
    findings: tuple[int | str, ...] | None = None  # indexes into the findings, or ids
    unsafe: bool = False
    replacement: Replacement | None = None


def lint_request(data: dict) -> LintRequest:
    _known(data, ("text", "format", "profile"), "")
    return LintRequest(_text(data), _format(data), _profile(data))


def fix_request(data: dict) -> FixRequest:
    _known(data, ("text", "format", "profile", "findings", "unsafe", "replacement"), "")
    findings = data.get("findings")
    if findings is not None:
        if not isinstance(findings, list) or not all(
                isinstance(x, str) or (isinstance(x, int) and not isinstance(x, bool)) for x in findings):
            raise ApiError(422, "findings: expected a list of finding indexes (numbers) or ids (strings)")
        findings = tuple(findings)
    unsafe = data.get("unsafe", False)
    if not isinstance(unsafe, bool):
        raise ApiError(422, "unsafe: expected true or false")
    replacement = data.get("replacement")
    if replacement is not None:
        if findings is not None:
            raise ApiError(422, "give either findings or replacement, not both")
        replacement = _replacement(replacement)
    return FixRequest(_text(data), _format(data), _profile(data), findings, unsafe, replacement)


def _replacement(data: object) -> Replacement:
    if not isinstance(data, dict):
        raise ApiError(422, "replacement: expected an object {start, end, rule_id, suggestion}")
    _known(data, ("start", "end", "rule_id", "suggestion"), "replacement.")
    values = []
    for key, kind in (("start", int), ("end", int), ("rule_id", str), ("suggestion", str)):
        value = data.get(key)
        if not isinstance(value, kind) or isinstance(value, bool) or (kind is int and value < 0):
            wanted = "a whole number >= 0" if kind is int else "a string"
            raise ApiError(422, f"replacement.{key}: expected {wanted}")
        values.append(value)
    return Replacement(*values)


def _known(data: dict, keys: tuple[str, ...], prefix: str) -> None:
    for key in data:
        if key not in keys:
            raise ApiError(422, f"{prefix}{key}: unknown field (expected {', '.join(keys)})")


def _text(data: dict) -> str:
    if "text" not in data:
        raise ApiError(422, "text: required")
    if not isinstance(data["text"], str):
        raise ApiError(422, "text: expected a string")
    return data["text"]


def _format(data: dict) -> str:
    value = data.get("format")
    if value is None:
        return "text"
    if not isinstance(value, str) or value not in PAGE_INPUT_FORMATS:
        raise ApiError(422, f"format: expected one of {', '.join(PAGE_INPUT_FORMATS)}, got {_shown(value)}")
    return value


def _profile(data: dict) -> str | None:
    value = data.get("profile")
    if value is not None and (not isinstance(value, str) or value not in PROFILES):
        raise ApiError(422, f"profile: expected one of {', '.join(PROFILES)}, got {_shown(value)}")
    return value


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"
