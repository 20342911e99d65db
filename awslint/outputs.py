"""Where reports go: parse ``--format``/``--output``, check they are writable before scanning, write atomically."""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import click

from awslint.report import Report
from awslint.reporting import FORMATS, RenderOptions, renderer


class OutputError(ValueError):
    """A bad --format or an unwritable --output (usage error, exit 2)."""


@dataclass
class OutputSpec:
    fmt: str
    path: Path | None  # None: stdout


def parse(formats: list[str], output: str | None) -> list[OutputSpec]:
    formats = formats or ["table"]
    specs = []
    for fmt in formats:
        if fmt not in FORMATS:
            raise OutputError(f"unknown --format {fmt!r}; choose from {', '.join(FORMATS)}")
        specs.append(OutputSpec(fmt, Path(output) if output else None))
    for spec in specs:
        if spec.path:
            ensure_writable(spec.path)
    return specs


def ensure_writable(path: Path) -> None:
    """Fail before scanning, not after a ten-minute scan, when the report cannot be written."""
    parent = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise OutputError(f"cannot write report to {path}: it is a directory")
    if not parent.is_dir():
        raise OutputError(f"cannot write report to {path}: directory {parent} does not exist")
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise OutputError(f"cannot write report to {path}: permission denied")


def atomic_write(path: Path, text: str) -> None:
    """Write via a temporary file in the same directory, then rename: readers never see half a report."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write(report: Report, specs: list[OutputSpec], options: RenderOptions) -> None:
    for spec in specs:
        text = renderer(spec.fmt)(report, options)
        if spec.path:
            atomic_write(spec.path, text)
            click.echo(f"awslint: wrote {spec.fmt} report to {spec.path}", err=True)
        else:
            if options.color and not sys.stdout.isatty():
                options.color = False
            click.echo(text, nl=False)
