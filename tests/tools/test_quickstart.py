"""The README's two commands: CI runs the test one exactly as written, and both work where
Debian refuses system-wide installs and has no ensurepip."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def readme_commands() -> list[str]:
    """The one-line commands of the README's Quick start and test sections."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```bash\n(sh tools/venv\.sh[^\n]*)\n```", text)


def test_readme_commands_make_and_use_a_virtual_environment():
    commands = readme_commands()
    assert [c.rsplit("&& ", 1)[1] for c in commands] == ["streamlit run app.py", "pytest"]
    for command in commands:
        assert ". .venv/bin/activate && pip install -r requirements.txt &&" in command


def test_ci_runs_the_readme_test_command_exactly():
    test_command = readme_commands()[1]
    ci_lines = [line.strip() for line in (ROOT / ".ci/run").read_text().splitlines()]
    assert test_command in ci_lines


def test_requirements_cover_what_networkx_pagerank_needs():
    names = {re.split(r"[=<>~ ]", line, 1)[0].lower()
             for line in (ROOT / "requirements.txt").read_text().splitlines()
             if line.strip() and not line.startswith("#")}
    assert "scipy" in names


def _python_without_ensurepip(tmp_path: Path) -> Path:
    """A python3 that fails `-m venv DIR` the way Debian does without python3-venv."""
    wrapper = tmp_path / "python3"
    wrapper.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = "-m" ] && [ "$2" = "venv" ] && [ "$3" != "--without-pip" ]; then\n'
        '  echo "The virtual environment was not created successfully because ensurepip is not available." >&2\n'
        "  exit 1\n"
        "fi\n"
        f'exec "{sys.executable}" "$@"\n')
    wrapper.chmod(0o755)
    return wrapper


@pytest.mark.skipif(not shutil.which("sh"), reason="needs a POSIX shell")
def test_venv_script_falls_back_to_pip_when_ensurepip_is_missing(tmp_path):
    project = tmp_path / "project"
    (project / "tools").mkdir(parents=True)
    shutil.copy(ROOT / "tools/venv.sh", project / "tools/venv.sh")
    env = {**os.environ, "PYTHON": str(_python_without_ensurepip(tmp_path)), "PIP_NO_INPUT": "1"}
    env.pop("VIRTUAL_ENV", None)
    done = subprocess.run(["sh", "tools/venv.sh"], cwd=project, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    version = subprocess.run([str(project / ".venv/bin/pip"), "--version"], capture_output=True,
                             text=True, timeout=60)
    assert str(project / ".venv") in version.stdout
    # A second run keeps the environment as it is.
    marker = project / ".venv/kept"
    marker.write_text("")
    assert subprocess.run(["sh", "tools/venv.sh"], cwd=project, env=env, timeout=60).returncode == 0
    assert marker.exists()


def test_venv_script_says_what_is_missing(tmp_path):
    project = tmp_path / "project"
    (project / "tools").mkdir(parents=True)
    shutil.copy(ROOT / "tools/venv.sh", project / "tools/venv.sh")
    bare = tmp_path / "python3"
    bare.write_text('#!/bin/sh\n[ "$3" = "--without-pip" ] && exec "%s" "$@"\nexit 1\n' % sys.executable)
    bare.chmod(0o755)
    done = subprocess.run(["sh", "tools/venv.sh"], cwd=project, env={**os.environ, "PYTHON": str(bare)},
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1].startswith("error: cannot make .venv:")
