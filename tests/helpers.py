"""Helpers shared by the engine tests (not check-specific)."""

from __future__ import annotations

import json
import logging
import subprocess
import venv
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import jsonschema

from awslint.schemas import load


def validate_report(report: dict | str) -> dict:
    """Validate a JSON report against the schema shipped in the package; return it parsed."""
    data = json.loads(report) if isinstance(report, str) else report
    jsonschema.validate(data, load("report.schema.json"))
    return data


@contextmanager
def moto_server() -> Iterator[str]:
    """A ThreadedMotoServer on a free loopback port (werkzeug quiet); yields its URL."""
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


def fresh_venv(tmp_path: Path) -> tuple[Path, Path]:
    """A new venv for install tests; returns its python and its site-packages (for a deps .pth file).

    Created without pip (ensurepip costs seconds): :func:`pip_install` drives this environment's pip
    with ``--python``, which installs into the new venv exactly as its own pip would.
    """
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    purelib = subprocess.check_output([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                      text=True).strip()
    return python, Path(purelib)


def pip_install(python: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    """``pip install ARGS`` into the venv of ``python`` (offline: no index, dependencies already there)."""
    import sys

    return subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
                           "--no-build-isolation", "--no-index", "--quiet", *args],
                          capture_output=True, text=True, cwd=cwd, timeout=240)


def scan_with(registry, aws=None, **flags):
    """One scan through the real pipeline: ``Flags(**flags)`` resolved against ``registry``, run on ``aws``."""
    from awslint.scan import run_scan
    from awslint.settings import Flags, resolve

    return run_scan(resolve(Flags(**flags), registry), registry, aws=aws)


def demo_results(demo_scan, check: str) -> list:
    """The results of one check (id or name) in the session's demo scan (the ``demo_scan`` fixture)."""
    return [r for r in demo_scan.report.results if check in (r.id, r.check)]
