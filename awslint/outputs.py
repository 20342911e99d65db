"""Where reports go: parse ``--format``/``--output``, check they are writable before scanning, write atomically.

One scan, several reports: ``--format table --format sarif=report.sarif --format json=report.json``
prints the table and writes two files. The rules, checked before any AWS call so a ten-minute scan
never ends in "cannot write":

- ``FORMAT=PATH`` writes that format to PATH (``FORMAT=-`` means stdout);
- at most one format has no path: it goes to ``--output`` if given, else to stdout;
- ``--output`` with no pathless format to receive it, or two reports to one path, is a usage error;
- every path must be writable (its directory exists and is writable).

Files are written to a temporary file in the same directory and renamed, so a reader (a CI upload
step, a dashboard) never sees half a report. Special files (``/dev/stdout``, a FIFO) are written
directly, since they cannot be renamed over.
"""

from __future__ import annotations

import dataclasses
import os
import stat
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import click

from awslint.errors import UsageError
from awslint.report import Report
from awslint.reporting import FORMATS, RenderOptions, renderer

STDOUT = "-"
#: In a FORMAT=PATH path: one file per account of the report.
ACCOUNT_PLACEHOLDER = "{account}"
#: GitHub code scanning rejects an upload with more runs than this (a SARIF report has one run per account).
SARIF_RUNS_PER_UPLOAD = 20


class OutputError(UsageError, ValueError):
    """A bad --format or an unwritable --output (usage error, exit 2)."""


@dataclass
class OutputSpec:
    fmt: str
    path: Path | None  # None: stdout


def parse(formats: list[str], output: str | None) -> list[OutputSpec]:
    """Turn the ``--format`` values and ``--output`` into specs; raise OutputError naming the fix."""
    formats = formats or ["table"]
    specs: list[OutputSpec] = []
    pathless: list[str] = []
    for value in formats:
        fmt, sep, target = value.partition("=")
        fmt = fmt.strip()
        if fmt not in FORMATS:
            raise OutputError(f"unknown --format {fmt!r}; choose from {', '.join(FORMATS)}")
        if sep and not target.strip():
            raise OutputError(f"--format {value!r} names no file; write {fmt}=PATH, or {fmt} alone for stdout")
        if not sep or target.strip() == STDOUT:
            pathless.append(fmt)
            specs.append(OutputSpec(fmt, None))
        else:
            specs.append(OutputSpec(fmt, Path(target.strip())))
    if len(pathless) > 1:
        raise OutputError(f"only one --format can go to {'--output' if output else 'stdout'} "
                          f"(got {', '.join(pathless)}); give the others a file, e.g. --format {pathless[1]}=report."
                          f"{_suffix(pathless[1])}")
    if output is not None and not output.strip():
        raise OutputError("--output '' names no file; give a path, or leave --output out to print to stdout")
    if output:
        if not pathless:
            raise OutputError("--output has no report to receive: every --format names its own file "
                              "(drop --output, or add a --format without =PATH)")
        for spec in specs:
            if spec.path is None:
                spec.path = None if output == STDOUT else Path(output)
    seen: dict[Path, str] = {}
    for spec in specs:
        if spec.path is None:
            continue
        resolved = spec.path.resolve()
        if resolved in seen:
            raise OutputError(f"two reports ({seen[resolved]} and {spec.fmt}) would be written to {spec.path}")
        seen[resolved] = spec.fmt
        ensure_writable(spec.path)
    return specs


def _suffix(fmt: str) -> str:
    return {"table": "txt", "markdown": "md", "junit": "xml", "gitlab": "json", "github": "txt"}.get(fmt, fmt)


def refuse_inputs(specs: list[OutputSpec], inputs: list[str | Path | None]) -> None:
    """A report written over one of the scan's own inputs (the ``--from`` inventory, the baseline) would destroy
    it: refused before scanning."""
    given = {Path(i).resolve(): str(i) for i in inputs if i}
    for spec in specs:
        if spec.path is not None and spec.path.resolve() in given:
            raise OutputError(f"--format {spec.fmt}={spec.path} would overwrite the input {given[spec.path.resolve()]}; "
                              "write the report somewhere else")


def per_account(report: Report) -> list[tuple[str, Report]]:
    """The report cut into one report per scanned account: each with that account's results, errors and summary
    (errors that name no account, such as a plugin that failed to load, go to every part); exit code of the whole.

    An account that could not be scanned gets no file: an empty SARIF run would close its open code-scanning
    alerts although nothing was checked; the organisation's report says why it was not scanned."""
    accounts = list(report.scan.get("accounts") or ())
    parts = []
    for account in accounts:
        scan = {**report.scan, "accounts": [account],
                "account_summaries": [s for s in report.scan.get("account_summaries") or () if s.get("id") == account]}
        if not scan["account_summaries"]:
            del scan["account_summaries"]
        parts.append((account, dataclasses.replace(
            report, scan=scan, results=[r for r in report.results if r.account == account],
            errors=[e for e in report.errors if e.account in (None, account)], notes=list(report.notes))))
    return parts


def ensure_writable(path: Path) -> None:
    """Fail before scanning, not after a ten-minute scan, when the report cannot be written."""
    path = Path(str(path).replace(ACCOUNT_PLACEHOLDER, "111122223333"))
    if path.is_dir():
        raise OutputError(f"cannot write report to {path}: it is a directory")
    if path.exists() and not path.is_file():  # /dev/stdout, a FIFO: written in place
        if not os.access(path, os.W_OK):
            raise OutputError(f"cannot write report to {path}: permission denied")
        return
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"cannot write report to {path}: directory {parent} does not exist")
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise OutputError(f"cannot write report to {path}: permission denied")


#: A lone surrogate (AWS data parsed from a JSON ``\\ud800`` escape) cannot be encoded as UTF-8: written as the
#: escape ``\\ud800`` instead of failing the whole report after a finished scan (in JSON it stays a valid escape).
ENCODING_ERRORS = "backslashreplace"


def atomic_write(path: Path, text: str) -> None:
    """Write via a temporary file in the same directory, then rename: readers never see half a report."""
    path = Path(path)
    if path.exists() and not stat.S_ISREG(path.stat().st_mode):
        with open(path, "w", encoding="utf-8", errors=ENCODING_ERRORS) as fh:
            fh.write(text)
        return
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else None
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", errors=ENCODING_ERRORS) as fh:
            fh.write(text)
        if mode is not None:
            os.chmod(tmp, mode)
        else:  # mkstemp creates 0600; a report is as readable as any file the user creates
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write(report: Report, specs: list[OutputSpec], options: RenderOptions,
          notify: Callable[[str], None] | None = None) -> None:
    """Files first (``notify`` hears each path; by default stderr), then the one stdout report.

    A path with ``{account}`` gets one file per account (``--format sarif=sarif/{account}.sarif``): GitHub code
    scanning takes at most 20 runs per upload, and a SARIF report has one run per account.
    """
    say = notify or (lambda line: click.echo(f"awslint: {line}", err=True))
    for spec in sorted(specs, key=lambda s: s.path is None):
        if spec.path:
            # Colour codes belong on a terminal, never in a file.
            plain = dataclasses.replace(options, color=False)
            if ACCOUNT_PLACEHOLDER in str(spec.path):
                parts = per_account(report)
                for account, part in parts:
                    path = Path(str(spec.path).replace(ACCOUNT_PLACEHOLDER, account))
                    atomic_write(path, renderer(spec.fmt)(part, plain))
                say(f"wrote {spec.fmt} reports of {len(parts)} account(s) to {spec.path}")
                continue
            atomic_write(spec.path, renderer(spec.fmt)(report, plain))
            say(f"wrote {spec.fmt} report to {spec.path}")
            if spec.fmt == "sarif" and len(report.scan.get("accounts") or ()) > SARIF_RUNS_PER_UPLOAD:
                say(f"warning: {spec.path} has one run per account ({len(report.scan['accounts'])}); GitHub code "
                    f"scanning accepts at most {SARIF_RUNS_PER_UPLOAD} per upload: write one file per account with "
                    "--format 'sarif=sarif/{account}.sarif'")
        else:
            if options.color and not sys.stdout.isatty():
                options = dataclasses.replace(options, color=False)
            click.echo(renderer(spec.fmt)(report, options), nl=False)
