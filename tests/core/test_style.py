"""Code style is checked, not reviewed: ruff's lint and format (settings in pyproject.toml)."""

import pathlib
import pytest
import subprocess
import sys


ROOT = pathlib.Path(__file__).resolve().parents[2]
RUFF = pathlib.Path(sys.executable).with_name("ruff")


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]], ids=["lint", "format"])
def test_ruff(command):
    done = subprocess.run(
        [str(RUFF), *command, "src", "tests"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr
