"""The code base stays ruff-clean and mypy-clean (configuration in pyproject.toml)."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ruff_clean():
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    proc = subprocess.run([ruff, "check", "--no-cache", "awslint", "checks", "tests", "examples", "benchmarks", "deploy"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr



def test_mypy_clean():
    """`mypy` (the awslint package and the built-in checks, configured in pyproject.toml) reports no error.

    It takes about 15 s of one core; under pytest-xdist the other workers keep running meanwhile."""
    proc = subprocess.run([sys.executable, "-m", "mypy"], capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Success: no issues found" in proc.stdout
