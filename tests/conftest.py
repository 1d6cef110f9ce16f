import pytest

from inclusivelint.engine import Linter


@pytest.fixture(scope="session")
def linter() -> Linter:
    # Examples are checked rule by rule in test_rule_examples.py, so one bad rule
    # shows up as one failing test rather than a failure to load.
    return Linter()
