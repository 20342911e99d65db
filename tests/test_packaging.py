"""A non-editable `pip install .` into a fresh venv works and finds the built-in checks and data."""

from __future__ import annotations

import json
import site
import subprocess
import sys
from pathlib import Path

from awslint.registry import build_registry
from tests.helpers import fresh_venv, pip_install

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_install_in_fresh_venv_finds_checks_profiles_and_schemas(tmp_path):
    py, purelib = fresh_venv(tmp_path)
    env_dir = py.parent.parent
    # Dependencies come from this test environment (no network needed); awslint itself is installed
    # from the source tree into the fresh venv as a regular, non-editable package.
    Path(purelib, "_deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    build = pip_install(py, str(ROOT), cwd=tmp_path)
    assert build.returncode == 0, build.stderr

    where = subprocess.check_output(
        [str(py), "-c", "import awslint, awslint.checks, awslint.schemas, importlib.resources as r;"
                        "print(awslint.__file__);"
                        "print(sorted(p.name for p in r.files('awslint.schemas').iterdir() if p.name.endswith('.json')));"
                        "print(sorted(p.name for p in r.files('awslint.profiles').iterdir() if p.name.endswith('.yaml')))"],
        text=True, cwd=tmp_path).splitlines()
    assert where[0].startswith(str(env_dir)), f"awslint imported from {where[0]}, not the fresh venv"
    assert "report.schema.json" in where[1]
    expected_profiles = sorted(p.name for p in (ROOT / "profiles").glob("*.yaml"))
    assert where[2] == str(expected_profiles)

    listing = subprocess.run([str(env_dir / "bin" / "awslint"), "checks", "list", "--format", "json"],
                             capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert listing.returncode == 0, listing.stderr
    installed = {c["name"] for c in json.loads(listing.stdout)}
    assert installed == set(build_registry().by_name), "the installed package lacks some built-in checks"
    assert sys.version_info >= (3, 11)


def test_setup_cfg_lists_every_package_in_the_source_tree():
    """setup.cfg lists packages explicitly (checks/ and profiles/ are mapped into awslint.*): keep it complete."""
    import configparser

    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg")
    listed = set(cfg["options"]["packages"].split())
    in_tree = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "awslint").rglob("__init__.py")}
    in_tree |= {"awslint.checks", "awslint.profiles"}
    assert in_tree <= listed, f"add to setup.cfg [options] packages: {sorted(in_tree - listed)}"
