"""The package as users get it: a built wheel in a fresh venv, the console script, pre-commit."""

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = "Our team is a great culture fit.\n\nNew hires pay their dues first.\n"


def _venv_bin(venv: Path, name: str) -> Path:
    return venv / ("Scripts" if os.name == "nt" else "bin") / name


@pytest.mark.slow
def test_built_wheel_ships_the_rules_and_lints_in_a_fresh_venv(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)],
                   check=True)
    (wheel,) = dist.glob("inclusivelint-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    # The fresh venv gets the wheel itself; its dependencies (spaCy ...) come from this
    # environment through a .pth line, so the test needs no network and no big download.
    py = _venv_bin(venv, "python")
    site = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    Path(site, "_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    # --ignore-installed: the .pth above makes this environment's own copy look installed already.
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", "--no-index", "--ignore-installed",
                    str(wheel)], check=True)

    sample = tmp_path / "ad.md"
    sample.write_text(SAMPLE)
    env = {**os.environ, "INCLUSIVELINT_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.run([str(_venv_bin(venv, "inclusivelint")), "check", str(sample), "--format", "json",
                           "--select", "paying-dues"], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    findings = json.loads(proc.stdout)["findings"]
    assert [f["matched"] for f in findings] == ["pay their dues"]
    where = subprocess.run([str(py), "-c", "from inclusivelint.compile.loader import bundled_rules_dir; "
                            "print(bundled_rules_dir())"], capture_output=True, text=True, check=True,
                           cwd=tmp_path).stdout.strip()
    assert Path(where).is_relative_to(venv), where
    assert (Path(where) / "sources.yaml").is_file()


@pytest.mark.slow
def test_console_script_runs_as_a_subprocess(tmp_path):
    sample = tmp_path / "ad.txt"
    sample.write_text(SAMPLE)
    exe = shutil.which("inclusivelint", path=str(Path(sys.executable).parent)) or shutil.which("inclusivelint")
    assert exe, "the console script is not installed"
    proc = subprocess.run([exe, "check", str(sample), "--select", "paying-dues", "--no-color"],
                          capture_output=True, text=True)
    assert proc.returncode == 1
    assert f"{sample}:3:11  warning  paying-dues" in proc.stdout
    clean = subprocess.run([exe, "check", "-"], input="All good here.\n", capture_output=True, text=True)
    assert clean.returncode == 0, clean.stdout + clean.stderr


@pytest.mark.slow
def test_pre_commit_try_repo_fails_on_a_flag_and_passes_clean_text(hook_repo):
    if not (ROOT / ".git").exists():
        pytest.skip("needs a git checkout of inclusivelint")
    target, env = hook_repo
    pre_commit = [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "inclusivelint", "--files"]
    bad = subprocess.run([*pre_commit, "bad.md"], cwd=target, env=env, capture_output=True, text=True,
                         timeout=900)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "paying-dues" in bad.stdout
    good = subprocess.run([*pre_commit, "good.md"], cwd=target, env=env, capture_output=True, text=True,
                          timeout=900)
    assert good.returncode == 0, good.stdout + good.stderr
