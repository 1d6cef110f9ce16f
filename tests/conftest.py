import pytest
from hypothesis import settings

from inclusivelint.lint.engine import Linter

# Plain runs and CI replay the same generated examples, so a red build means a change broke
# something rather than that new dice found an old bug; `--hypothesis-profile explore`
# searches afresh (run it after touching the readers or the fixer).
settings.register_profile("replay", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile("replay")


@pytest.fixture(autouse=True)
def _not_in_ci(monkeypatch):
    """The suite behaves the same on a laptop and in CI: `check` changes its defaults
    when CI or GITHUB_ACTIONS is set (unused-directive warnings, github output, no
    progress), so tests that mean that behaviour set the variables themselves."""
    for name in ("CI", "GITHUB_ACTIONS"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def linter() -> Linter:
    # Examples are checked rule by rule in test_rule_examples.py, so one bad rule
    # shows up as one failing test rather than a failure to load.
    return Linter()


BAD_AD = "# Hiring\n\nYou will pay your dues here.\n"
GOOD_AD = "# Hiring\n\nYou will learn quickly here.\n"


@pytest.fixture
def hook_repo(tmp_path):
    """A new git repository holding bad.md (one finding) and good.md (none), staged, as
    pre-commit sees a repository; and the environment to run pre-commit in, with its own
    home and cache under `tmp_path`."""
    import os
    import shutil
    import subprocess

    if shutil.which("git") is None:
        pytest.skip("needs git")
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "bad.md").write_text(BAD_AD)
    (repo / "good.md").write_text(GOOD_AD)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run([*git, "init", "-q"], cwd=repo, check=True)
    subprocess.run([*git, "add", "."], cwd=repo, check=True)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
           "INCLUSIVELINT_CACHE_DIR": str(tmp_path / "cache")}
    return repo, env
