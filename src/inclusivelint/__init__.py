"""inclusivelint: find exclusionary wording in workplace writing.

    >>> from inclusivelint import lint_text
    >>> [f.rule_id for f in lint_text("Stop paying your dues and ship.")]
    ['paying-dues']

The heavy modules (spaCy) load on first use, so importing the package is cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"
__all__ = ["Finding", "Severity", "Linter", "lint_text", "__version__"]

if TYPE_CHECKING:  # pragma: no cover
    from inclusivelint.lint.engine import Linter, lint_text
    from inclusivelint.lint.finding import Finding, Severity


def __getattr__(name: str):
    if name in ("Finding", "Severity"):
        from inclusivelint.lint import finding

        return getattr(finding, name)
    if name in ("Linter", "lint_text"):
        from inclusivelint.lint import engine

        return getattr(engine, name)
    raise AttributeError(f"module 'inclusivelint' has no attribute {name!r}")
